package dev.tollgate.iam;

import dev.tollgate.support.ApiException;
import java.util.regex.Pattern;

/** Validation of IAM member strings (docs/api.md "IAM allow policies"). */
final class Members {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}");
    private static final Pattern FEDERATED = Pattern.compile(
            "principal(Set)?://iam\\.[^/]+/projects/[0-9]+/locations/global/workloadIdentityPools/[a-z0-9-]{4,32}/.+");

    private Members() {}

    static void requireValid(String member) {
        if (member == null
                || !(email(member, "user:")
                        || email(member, "serviceAccount:")
                        || FEDERATED.matcher(member).matches())) {
            throw ApiException.invalidArgument("Invalid member '" + member + "': expected user:{email},"
                    + " serviceAccount:{email}, principal://… or principalSet://….");
        }
    }

    private static boolean email(String member, String prefix) {
        return member.startsWith(prefix)
                && EMAIL.matcher(member.substring(prefix.length())).matches();
    }
}

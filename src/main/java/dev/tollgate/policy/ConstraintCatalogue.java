package dev.tollgate.policy;

import dev.tollgate.support.ApiException;
import dev.tollgate.support.TollgateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The constraints of docs/api.md "Organization policies and settings", their types, defaults and the values their lists accept. */
@ApplicationScoped
public class ConstraintCatalogue {

    static final int MAX_VALUE_LENGTH = 512;

    private final Map<String, Constraint> constraints = new LinkedHashMap<>();

    @Inject
    public ConstraintCatalogue(TollgateConfig config) {
        this(config.iamDomain());
    }

    ConstraintCatalogue(String iamDomain) {
        Pattern email = Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{1,28}[a-z0-9]\\.(org|team|iam)\\."
                + Pattern.quote(iamDomain));
        List.of(
                        Constraint.bool(Constraints.DISABLE_SERVICE_ACCOUNT_CREATION),
                        Constraint.bool(Constraints.DISABLE_SERVICE_ACCOUNT_KEY_CREATION),
                        Constraint.bool(Constraints.DISABLE_SERVICE_ACCOUNT_KEY_UPLOAD),
                        Constraint.bool(Constraints.DISABLE_SERVICE_ACCOUNT_API_KEY_CREATION),
                        Constraint.list(
                                Constraints.ALLOW_SERVICE_ACCOUNT_CREDENTIAL_LIFETIME_EXTENSION,
                                false,
                                value -> email.matcher(value).matches(),
                                "a service account email such as ci-runner@ml-team.team." + iamDomain),
                        Constraint.list(
                                Constraints.WORKLOAD_IDENTITY_POOL_PROVIDERS,
                                true,
                                ConstraintCatalogue::isIssuerUrl,
                                "an http(s) issuer URL without user info, query or fragment"))
                .forEach(constraint -> constraints.put(constraint.name(), constraint));
    }

    /** The constraint named {@code name}; INVALID_ARGUMENT listing the known ones when there is none. */
    Constraint find(String name) {
        Constraint constraint = constraints.get(name);
        if (constraint == null) {
            throw ApiException.invalidArgument("Unknown constraint '" + name + "'; known constraints: "
                    + String.join(", ", constraints.keySet()) + ".");
        }
        return constraint;
    }

    private static boolean isIssuerUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

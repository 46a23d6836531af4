package dev.tollgate.keys.account;

import dev.tollgate.support.ApiException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The enumerations of the keys API (docs/api.md "Keys") and what an absent value means. */
final class KeyFormats {

    static final String RSA_2048 = "KEY_ALG_RSA_2048";
    static final String CREDENTIALS_FILE = "TYPE_GOOGLE_CREDENTIALS_FILE";
    static final String PKCS12_FILE = "TYPE_PKCS12_FILE";
    static final String X509_PEM = "TYPE_X509_PEM_FILE";
    static final String RAW_PUBLIC_KEY = "TYPE_RAW_PUBLIC_KEY";
    static final String USER_MANAGED = "USER_MANAGED";
    static final String SYSTEM_MANAGED = "SYSTEM_MANAGED";

    private KeyFormats() {}

    static String privateKeyType(String requested) {
        return oneOf(
                "privateKeyType",
                requested,
                "TYPE_UNSPECIFIED",
                CREDENTIALS_FILE,
                List.of(CREDENTIALS_FILE, PKCS12_FILE));
    }

    static String keyAlgorithm(String requested) {
        return oneOf("keyAlgorithm", requested, "KEY_ALG_UNSPECIFIED", RSA_2048, List.of(RSA_2048));
    }

    static String publicKeyType(String requested) {
        return oneOf(
                "publicKeyType",
                requested,
                "TYPE_NONE_UNSPECIFIED",
                X509_PEM,
                List.of(X509_PEM, RAW_PUBLIC_KEY, "TYPE_NONE"));
    }

    /** The key types to list; none (or {@code KEY_TYPE_UNSPECIFIED}) means both. */
    static Set<String> keyTypes(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return Set.of(USER_MANAGED, SYSTEM_MANAGED);
        }
        HashSet<String> types = new HashSet<>();
        for (String type : requested) {
            String known = oneOf("keyTypes", type, "KEY_TYPE_UNSPECIFIED", null, List.of(USER_MANAGED, SYSTEM_MANAGED));
            if (known == null) {
                return Set.of(USER_MANAGED, SYSTEM_MANAGED);
            }
            types.add(known);
        }
        return Set.copyOf(types);
    }

    private static String oneOf(
            String field, String requested, String unspecified, String fallback, List<String> allowed) {
        if (requested == null || requested.isEmpty() || requested.equals(unspecified)) {
            return fallback;
        }
        if (!allowed.contains(requested)) {
            throw ApiException.invalidArgument(
                    field + " '" + truncate(requested) + "' is not supported; use one of " + allowed + ".");
        }
        return requested;
    }

    private static String truncate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}

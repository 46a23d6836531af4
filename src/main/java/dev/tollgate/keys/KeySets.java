package dev.tollgate.keys;

/** Names of key sets: the server's token-signing keys and each service account's system-managed keys. */
public final class KeySets {

    /** The server's token-signing keys, published at {@code /oauth2/v3/certs}. */
    public static final String SERVER = "server";

    private KeySets() {}

    /** The system-managed keys of the service account with this unique id. */
    public static String serviceAccount(String uniqueId) {
        return "sa:" + uniqueId;
    }
}

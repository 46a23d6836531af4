package dev.tollgate.serviceaccount;

import java.util.Optional;

/**
 * A service account whose credential was just verified: one of its API keys, or an assertion signed with one of its
 * user-managed keys (a key file).
 *
 * @param defaultTeam {@code teams/t} for org-scoped accounts
 * @param keyId the id of the credential that was verified: the API key's id or the key file's {@code kid}
 */
public record AuthenticatedAccount(
        String email, String uniqueId, String home, Optional<String> defaultTeam, boolean disabled, String keyId) {

    /** The account with the key file key {@code kid} that signed an assertion for it. */
    public static AuthenticatedAccount byKeyFile(ServiceAccountView account, String kid) {
        return new AuthenticatedAccount(
                account.email(), account.uniqueId(), account.home(), account.defaultTeam(), account.disabled(), kid);
    }

    /** The resource its refusals and tokens are audited against. */
    public String resource() {
        return home + "/serviceAccounts/" + uniqueId;
    }
}

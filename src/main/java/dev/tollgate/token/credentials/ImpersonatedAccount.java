package dev.tollgate.token.credentials;

import dev.tollgate.iam.Caller;
import java.util.Optional;

/**
 * A live (not deleted) service account that a credential is asked for, or that a delegation chain passes through.
 *
 * @param home {@code organizations/o}, {@code teams/t} or {@code projects/p}
 * @param defaultTeam {@code teams/t} for org-scoped accounts; empty otherwise
 */
public record ImpersonatedAccount(String uniqueId, String email, String home, Optional<String> defaultTeam,
        boolean disabled) {

    /** The resource its IAM policy hangs on; bindings on it and on its home's lineage both count. */
    public String resource() {
        return home + "/serviceAccounts/" + uniqueId;
    }

    /** The resource name clients see. */
    public String name() {
        return home + "/serviceAccounts/" + email;
    }

    /** The account acting as the next link of a delegation chain. */
    public Caller asCaller() {
        return Caller.serviceAccount(email, uniqueId, home);
    }
}

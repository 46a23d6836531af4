package dev.tollgate.serviceaccount;

import java.time.Instant;
import java.util.Optional;

/**
 * A service account as the rest of Tollgate sees it (token grants, credentials API).
 *
 * @param home {@code organizations/o}, {@code teams/t} or {@code projects/p}
 * @param defaultTeam {@code teams/t} for org-scoped accounts; empty otherwise
 * @param deleteTime when it was deleted; {@code null} for a live account
 */
public record ServiceAccountView(
        String uniqueId,
        String home,
        String accountId,
        String email,
        String displayName,
        String description,
        Optional<String> defaultTeam,
        boolean disabled,
        Instant createTime,
        Instant deleteTime,
        Instant lastUsedTime) {

    /** The resource its IAM policy hangs on and its permissions are checked against. */
    public String resource() {
        return home + "/serviceAccounts/" + uniqueId;
    }

    /** The resource name clients see: {@code {home}/serviceAccounts/{email}}. */
    public String name() {
        return home + "/serviceAccounts/" + email;
    }

    public boolean deleted() {
        return deleteTime != null;
    }

    /** Whether it may authenticate and be granted credentials. */
    public boolean usable() {
        return !disabled && deleteTime == null;
    }

    static ServiceAccountView of(ServiceAccountEntity row) {
        return new ServiceAccountView(
                row.uniqueId,
                row.home,
                row.accountId,
                row.email,
                row.displayName,
                row.description,
                Optional.ofNullable(row.defaultTeam),
                row.disabled,
                row.createTime,
                row.deleteTime,
                row.lastUsedTime);
    }

    ServiceAccountView usedAt(Instant used) {
        if (used == null || (lastUsedTime != null && !used.isAfter(lastUsedTime))) {
            return this;
        }
        return new ServiceAccountView(
                uniqueId,
                home,
                accountId,
                email,
                displayName,
                description,
                defaultTeam,
                disabled,
                createTime,
                deleteTime,
                used);
    }
}

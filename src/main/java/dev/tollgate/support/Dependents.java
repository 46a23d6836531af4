package dev.tollgate.support;

import io.smallrye.mutiny.Uni;

/**
 * What lives in a hierarchy resource besides its children: service accounts in a home, pools in a project, allow
 * policies, organization policies and settings. The hierarchy refuses to delete a resource while any of these counts
 * is non-zero, and removes whatever is left (soft-deleted rows, bindings, policies) in the deleting transaction,
 * without depending on the features that own them (docs/api.md "Resource hierarchy").
 */
public interface Dependents {

    /** What is counted, plural, e.g. {@code "service accounts"}. */
    String what();

    /** How many live ones {@code hierarchyResource} ({@code teams/t}) holds, within the caller's session. */
    default Uni<Long> countIn(String hierarchyResource) {
        return Uni.createFrom().item(0L);
    }

    /**
     * Removes everything of this kind still kept for {@code hierarchyResource}, in the caller's transaction, and
     * announces it on the change feed so every replica drops it on commit. Returns what this replica does once the
     * transaction committed (drop its own cached entries, delete key material kept outside the transaction).
     */
    Uni<Runnable> removeIn(String hierarchyResource);
}

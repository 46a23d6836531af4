package dev.tollgate.support;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * How features below IAM (hierarchy, audit) ask it for permission and record their changes without depending on it.
 * The IAM package implements it for the current caller, through {@code iam.GuardedChanges}.
 */
public interface AccessGuard {

    /** Succeeds when the current caller holds {@code permission} on {@code resource}; else PERMISSION_DENIED. */
    Uni<Void> require(String resource, String permission);

    /**
     * Records, in the current transaction, that the current caller made the change {@code method} on {@code target},
     * shown within the lineage {@code within} (nearest first): the audit entry of IAM's guarded changes
     * (docs/architecture.md "Guarded changes").
     */
    Uni<Void> record(String method, String target, List<String> within);

    /** Called inside the transaction that created {@code resource}, so its creator can be granted rights. */
    Uni<Void> created(String resource);
}

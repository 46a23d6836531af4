package dev.tollgate.support;

import io.smallrye.mutiny.Uni;

/**
 * How features below IAM (hierarchy, audit) ask it for permission without depending on it. The IAM
 * package implements it for the current caller.
 */
public interface AccessGuard {

    /** Succeeds when the current caller holds {@code permission} on {@code resource}; else PERMISSION_DENIED. */
    Uni<Void> require(String resource, String permission);

    /** The current caller's member string, for the audit log. */
    String principal();

    /** Called inside the transaction that created {@code resource}, so its creator can be granted rights. */
    Uni<Void> created(String resource);
}

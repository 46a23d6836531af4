package dev.tollgate.serviceaccount;

/** Events fired after a service account's transaction committed, for features that keep state per account. */
public final class ServiceAccountLifecycle {

    private ServiceAccountLifecycle() {}

    /** An account was created: it needs its system-managed keys. */
    public record Created(String uniqueId) {}

    /** An account was purged for good: whatever is kept for it can go. */
    public record Purged(String uniqueId) {}
}

package dev.tollgate.serviceaccount;

/** Bodies of the service-account and API-key methods (docs/api.md "Service accounts", §4.1). */
public final class ServiceAccountRequests {

    private ServiceAccountRequests() {}

    public record Create(String accountId, Fields serviceAccount) {}

    /** The writable fields of an account; anything else a client sends is ignored or refused by updateMask. */
    public record Fields(String displayName, String description, String defaultTeam) {}

    public record Patch(Fields serviceAccount, String updateMask) {}

    public record CreateApiKey(String displayName, String expireTime) {}
}

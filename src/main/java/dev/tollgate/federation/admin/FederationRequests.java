package dev.tollgate.federation.admin;

import java.util.List;
import java.util.Map;

/** Request bodies of the pool and provider endpoints (docs/api.md "Workload identity federation"). */
public final class FederationRequests {

    private FederationRequests() {}

    public record PoolBody(String displayName, String description, Boolean disabled) {}

    public record ProviderBody(
            String displayName,
            String description,
            Boolean disabled,
            Map<String, String> attributeMapping,
            String attributeCondition,
            Oidc oidc) {}

    public record Oidc(String issuerUri, List<String> allowedAudiences, String jwksJson) {}

    /** {@code :testExchange}: the subject token to judge, never echoed back. */
    public record TestExchange(String subjectToken) {}
}

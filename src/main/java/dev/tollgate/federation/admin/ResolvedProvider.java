package dev.tollgate.federation.admin;

import dev.tollgate.federation.MappedAttributes;
import dev.tollgate.federation.OidcProviderSpec;
import dev.tollgate.federation.PoolLocation;
import dev.tollgate.federation.PoolName;
import dev.tollgate.federation.cel.AttributeCondition;
import dev.tollgate.federation.cel.AttributeMapping;
import dev.tollgate.federation.cel.CelPrograms;
import java.util.Map;
import java.util.Optional;

/**
 * An enabled OIDC provider of an enabled pool, ready for exchanges: what the verifier needs and its compiled
 * attribute mapping and condition.
 */
public record ResolvedProvider(
        PoolLocation location,
        String providerId,
        OidcProviderSpec spec,
        AttributeMapping mapping,
        Optional<AttributeCondition> condition) {

    public PoolName pool() {
        return location.pool();
    }

    /** {@code //iam.{domain}/projects/{n}/locations/global/workloadIdentityPools/{pool}/providers/{provider}} */
    public String fullName() {
        return spec.fullName();
    }

    /** {@code projects/{n}/locations/global/workloadIdentityPools/{pool}/providers/{provider}} */
    public String name() {
        return location.providerPublicName(providerId);
    }

    /** The provider's IAM resource (named by project id), for audit entries. */
    public String resource() {
        return location.providerResource(providerId);
    }

    /** The project the pool lives in, {@code projects/{projectId}}: what audit entries are shown within. */
    public String projectResource() {
        return location.projectResource();
    }

    /** Maps verified claims and applies the condition; a {@link FederationRejectedException} when either refuses. */
    public MappedAttributes admit(Map<String, Object> claims) {
        CelPrograms.Budget budget = mapping.budget();
        MappedAttributes mapped = mapping.apply(claims, budget);
        condition.ifPresent(c -> c.require(claims, mapped, budget));
        return mapped;
    }
}

package dev.tollgate.federation.exchange;

import dev.tollgate.federation.FederatedPrincipals;
import dev.tollgate.federation.MappedAttributes;
import dev.tollgate.federation.admin.ResolvedProvider;
import dev.tollgate.iam.Caller;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A subject token accepted by a provider (RFC 8693 §2.1 {@code subject_token}, docs/api.md "Token endpoint" and §8): everything
 * the token endpoint needs to mint a federated access token.
 *
 * @param provider the provider (and through it the pool) that accepted the token
 * @param attributes {@code google.subject}, {@code google.groups} and the custom attributes
 * @param subjectTokenExpiry the foreign token's {@code exp}, when it carried one
 */
public record FederatedExchange(
        ResolvedProvider provider, MappedAttributes attributes, Optional<Instant> subjectTokenExpiry) {

    /** {@code principal://iam.{domain}/projects/{n}/locations/global/workloadIdentityPools/{pool}/subject/{s}}: the token's {@code sub}. */
    public String principal() {
        return FederatedPrincipals.principal(provider.pool(), attributes.subject());
    }

    /** The pool-wide, group and attribute {@code principalSet://} members the identity belongs to. */
    public Set<String> principalSets() {
        return FederatedPrincipals.principalSets(provider.pool(), attributes);
    }

    /** The IAM caller a federated access token stands for. */
    public Caller caller() {
        return FederatedPrincipals.caller(provider.pool(), attributes);
    }
}

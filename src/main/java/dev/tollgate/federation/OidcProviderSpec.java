package dev.tollgate.federation;

import java.util.List;
import java.util.Optional;

/**
 * What the verifier needs to know of an OIDC workload identity pool provider (docs/api.md "Workload identity federation").
 *
 * @param fullName {@code //iam.{iam-domain}/projects/{projectNumber}/locations/global/workloadIdentityPools/{pool}/providers/{provider}}
 * @param issuerUri the exact {@code iss} its tokens carry
 * @param allowedAudiences accepted {@code aud} values; when empty, the full name with or without {@code https:}
 * @param jwksJson an inline JWKS used instead of fetching the issuer's keys
 */
public record OidcProviderSpec(
        String fullName, String issuerUri, List<String> allowedAudiences, Optional<String> jwksJson) {

    public OidcProviderSpec {
        allowedAudiences = List.copyOf(allowedAudiences);
    }

    public List<String> acceptedAudiences() {
        return allowedAudiences.isEmpty() ? List.of(fullName, "https:" + fullName) : allowedAudiences;
    }
}

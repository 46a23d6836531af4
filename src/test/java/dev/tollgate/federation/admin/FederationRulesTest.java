package dev.tollgate.federation.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.federation.Fixtures;
import dev.tollgate.federation.cel.AttributeExpressions;
import dev.tollgate.federation.verify.IssuerUrlPolicy;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.RpcStatus;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Provider validation with the production default: https issuers only. */
class FederationRulesTest {

    private final FederationRules rules = new FederationRules(
            new AttributeExpressions(Fixtures.config(10_000)),
            new IssuerUrlPolicy(Fixtures.config(10_000)),
            new ObjectMapper());

    @Test
    void validateWhenHttpsIssuerAndSubjectMappedThenCompiled() {
        FederationRules.Compiled compiled = rules.validate(provider("https://token.actions.githubusercontent.com"));
        assertTrue(compiled.condition().isEmpty());
        assertEquals(Set.of("google.subject"), compiled.mapping().keys());
    }

    @Test
    void validateWhenHttpIssuerAndInsecureNotAllowedThenInvalidArgument() {
        ApiException e = assertThrows(ApiException.class, () -> rules.validate(provider("http://gitlab.example.com")));
        assertEquals(RpcStatus.INVALID_ARGUMENT, e.status());
        assertTrue(e.getMessage().contains("not an https URL"));
    }

    @Test
    void validateWhenConditionIsNotBooleanThenInvalidArgument() {
        ProviderEntity provider = provider("https://gitlab.example.com");
        provider.attributeCondition = "size(assertion.sub)";
        assertEquals(
                RpcStatus.INVALID_ARGUMENT,
                assertThrows(ApiException.class, () -> rules.validate(provider)).status());
    }

    @Test
    void requireValidIdRefusesReservedPrefixAndBadLengths() {
        FederationRules.requireValidId("id", "github-actions");
        FederationRules.requireValidId("id", "gcpx");
        assertThrows(ApiException.class, () -> FederationRules.requireValidId("id", "gcp-pool"));
        assertThrows(ApiException.class, () -> FederationRules.requireValidId("id", "abc"));
        assertThrows(ApiException.class, () -> FederationRules.requireValidId("id", "a".repeat(33)));
        assertThrows(ApiException.class, () -> FederationRules.requireValidId("id", null));
    }

    private ProviderEntity provider(String issuer) {
        ProviderEntity provider = new ProviderEntity();
        provider.resource = "projects/p/locations/global/workloadIdentityPools/pool/providers/prov";
        provider.issuerUri = issuer;
        provider.allowedAudiences = new String[0];
        provider.attributeMapping = rules.write(Map.of("google.subject", "assertion.sub"));
        return provider;
    }
}

package dev.tollgate.federation.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.federation.CheckVerdict;
import dev.tollgate.federation.FederationRejectedException;
import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.Fixtures;
import dev.tollgate.federation.OidcProviderSpec;
import dev.tollgate.testing.TestClock;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class ExternalTokenVerifierTest {

    static final String FULL_NAME =
            "//iam.tollgate.local/projects/123456/locations/global/workloadIdentityPools/ci-pool/providers/github";

    @Inject
    ExternalTokenVerifier verifier;

    @Inject
    TestClock clock;

    private final TestIssuer issuer = TestIdentityProviders.issuer("fed-verifier");

    @AfterEach
    void reset() {
        clock.reset();
        issuer.reset();
    }

    @Test
    void verifyWhenGithubTokenWithFullNameAudienceThenClaims() {
        Map<String, Object> claims =
                verifier.verify(github(), rs256(aud(FULL_NAME))).await().atMost(Duration.ofSeconds(10));
        assertEquals("octo-org/octo-repo", claims.get("repository"));
    }

    @Test
    void verifyWhenAudienceIsFullNameWithHttpsPrefixThenClaims() {
        assertEquals(
                "octo-org", verify(github(), rs256(aud("https:" + FULL_NAME))).get("repository_owner"));
    }

    @Test
    void verifyWhenGitlabTokenSignedEs256ThenClaims() {
        Map<String, Object> claims = issuer.fresh(Fixtures.claims(Fixtures.GITLAB));
        claims.put("aud", "https://vault.example.com");
        OidcProviderSpec provider = spec(List.of("https://vault.example.com"), Optional.empty());
        assertEquals(
                "my-group/my-project",
                verify(provider, issuer.sign("ES256", Map.of(), claims)).get("project_path"));
    }

    @Test
    void verifyWhenKubernetesTokenWithListAudienceThenNestedClaims() {
        Map<String, Object> claims = issuer.fresh(Fixtures.claims(Fixtures.KUBERNETES));
        OidcProviderSpec provider = spec(List.of("https://kubernetes.default.svc"), Optional.empty());
        Map<?, ?> kubernetes = (Map<?, ?>)
                verify(provider, issuer.sign("RS256", Map.of(), claims)).get("kubernetes.io");
        assertEquals("kube-system", kubernetes.get("namespace"));
    }

    @Test
    void verifyWhenWrongIssuerThenIssuerRejectionNamingBoth() {
        Map<String, Object> claims = aud(FULL_NAME);
        claims.put("iss", "https://evil.example.com");
        FederationRejection rejection = reject(github(), issuer.sign("RS256", Map.of(), claims));
        assertEquals(Check.ISSUER, rejection.check());
        assertTrue(rejection.presented().contains("https://evil.example.com"));
        assertTrue(rejection.expected().contains(issuer.url()));
        assertEquals("invalid_grant", rejection.toOAuthException().error());
    }

    @Test
    void verifyWhenWrongAudienceThenAudienceRejectionListsExpected() {
        FederationRejection rejection = reject(github(), rs256(aud("https://github.com/octo-org")));
        assertEquals(Check.AUDIENCE, rejection.check());
        assertTrue(rejection.presented().contains("https://github.com/octo-org"));
        assertTrue(rejection.expected().contains(FULL_NAME));
    }

    @Test
    void verifyWhenNoAudienceThenAudienceRejection() {
        Map<String, Object> claims = aud(FULL_NAME);
        claims.remove("aud");
        assertEquals(
                Check.AUDIENCE,
                reject(github(), issuer.sign("RS256", Map.of(), claims)).check());
    }

    @Test
    void verifyWhenExpiredThenExpiryRejection() {
        Map<String, Object> claims = aud(FULL_NAME);
        long now = Instant.now().getEpochSecond();
        claims.put("iat", now - 7200);
        claims.put("nbf", now - 7200);
        claims.put("exp", now - 3600);
        assertEquals(
                Check.EXPIRY,
                reject(github(), issuer.sign("RS256", Map.of(), claims)).check());
    }

    @Test
    void verifyWhenExpiredByAdvancedClockThenExpiryRejection() {
        String token = rs256(aud(FULL_NAME));
        clock.advance(Duration.ofHours(2));
        assertEquals(Check.EXPIRY, reject(github(), token).check());
    }

    @Test
    void verifyWhenLifetimeOver48HoursThenLifetimeRejection() {
        Map<String, Object> claims = aud(FULL_NAME);
        claims.put(
                "exp",
                ((Number) claims.get("iat")).longValue() + Duration.ofHours(48).toSeconds() + 1);
        FederationRejection rejection = reject(github(), issuer.sign("RS256", Map.of(), claims));
        assertEquals(Check.LIFETIME, rejection.check());
        assertTrue(rejection.expected().contains("172800s"), rejection.expected());
    }

    @Test
    void verifyWhenLifetimeExactly48HoursThenClaims() {
        Map<String, Object> claims = aud(FULL_NAME);
        claims.put(
                "exp",
                ((Number) claims.get("iat")).longValue() + Duration.ofHours(48).toSeconds());
        assertEquals(
                "octo-org",
                verify(github(), issuer.sign("RS256", Map.of(), claims)).get("repository_owner"));
    }

    @Test
    void verifyWhenIssuedInTheFutureBeyondSkewThenIssuedAtRejection() {
        Map<String, Object> claims = aud(FULL_NAME);
        long future = Instant.now().getEpochSecond() + 300;
        claims.put("iat", future);
        claims.remove("nbf");
        assertEquals(
                Check.ISSUED_AT,
                reject(github(), issuer.sign("RS256", Map.of(), claims)).check());
    }

    @Test
    void verifyWhenIssuedWithinSkewThenClaims() {
        Map<String, Object> claims = aud(FULL_NAME);
        claims.put("iat", Instant.now().getEpochSecond() + 30);
        assertEquals(
                "octo-org",
                verify(github(), issuer.sign("RS256", Map.of(), claims)).get("repository_owner"));
    }

    @Test
    void verifyWhenNoIatThenIssuedAtRejection() {
        Map<String, Object> claims = aud(FULL_NAME);
        claims.remove("iat");
        assertEquals(
                Check.ISSUED_AT,
                reject(github(), issuer.sign("RS256", Map.of(), claims)).check());
    }

    @Test
    void verifyWhenKidMissingThenKidRejection() {
        Map<String, Object> header = new HashMap<>();
        header.put("kid", null);
        assertEquals(
                Check.KID,
                reject(github(), issuer.sign("RS256", header, aud(FULL_NAME))).check());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "PS256", "RS512"})
    void verifyWhenAlgorithmNotAllowedThenAlgRejection(String alg) {
        FederationRejection rejection = reject(github(), issuer.sign(alg, Map.of(), aud(FULL_NAME)));
        assertEquals(Check.ALG, rejection.check());
        assertTrue(rejection.presented().contains(alg));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jku", "x5u", "jwk"})
    void verifyWhenKeyCarryingHeaderThenRefusedWithoutFollowingIt(String name) {
        Object value = name.equals("jwk") ? Map.of("kty", "oct", "k", "AAAA") : "http://169.254.169.254/keys";
        FederationRejection rejection = reject(github(), issuer.sign("RS256", Map.of(name, value), aud(FULL_NAME)));
        assertEquals(Check.KEY_HEADERS, rejection.check());
        assertTrue(rejection.presented().contains(name));
    }

    @Test
    void verifyWhenSignedByAnotherKeyWithSameKidThenSignatureRejection() {
        TestIssuer other = TestIdentityProviders.issuer("fed-forger");
        Map<String, Object> claims = aud(FULL_NAME);
        String forged = other.sign("RS256", Map.of("kid", issuer.kid()), claims);
        assertEquals(Check.SIGNATURE, reject(github(), forged).check());
    }

    @Test
    void verifyWhenTokenMalformedThenFormatRejectionWithoutEchoingIt() {
        String garbage = "eyJhbGciOiJSUzI1NiJ9.not-base64!.sig-secret-part";
        FederationRejection rejection = reject(github(), garbage);
        assertEquals(Check.FORMAT, rejection.check());
        assertFalse(rejection.description().contains("sig-secret-part"));
    }

    @Test
    void rejectionsNeverEchoTheToken() {
        String token = rs256(aud("https://wrong.example.com"));
        FederationRejection rejection = reject(github(), token);
        for (String part : token.split("\\.")) {
            assertFalse(rejection.description().contains(part));
        }
    }

    @Test
    void verifyWhenInlineJwksThenVerifiedWithoutFetching() {
        TestIssuer offline = TestIdentityProviders.issuer("fed-inline");
        offline.behave(TestIssuer.Behaviour.UNAVAILABLE_503);
        try {
            String jwks = offline.jwks();
            OidcProviderSpec provider = new OidcProviderSpec(FULL_NAME, offline.url(), List.of(), Optional.of(jwks));
            Map<String, Object> claims = offline.fresh(Fixtures.claims(Fixtures.GITHUB));
            claims.put("aud", FULL_NAME);
            assertEquals(
                    "octo-org",
                    verify(provider, offline.sign("RS256", Map.of(), claims)).get("repository_owner"));
            assertEquals(0, offline.jwksRequests());
        } finally {
            offline.reset();
        }
    }

    @Test
    void verifyWhenInlineJwksLacksKidThenSignatureRejection() {
        TestIssuer other = TestIdentityProviders.issuer("fed-forger");
        OidcProviderSpec provider = new OidcProviderSpec(FULL_NAME, issuer.url(), List.of(), Optional.of(other.jwks()));
        assertEquals(Check.SIGNATURE, reject(provider, rs256(aud(FULL_NAME))).check());
    }

    @Test
    void inspectWhenSeveralClaimsFailThenEveryVerdictReportedInOrder() {
        Map<String, Object> claims = aud("https://wrong.example.com");
        claims.put("exp", Instant.now().getEpochSecond() - 600);
        VerificationReport report = verifier.inspect(github(), issuer.sign("RS256", Map.of(), claims))
                .await()
                .atMost(Duration.ofSeconds(10));
        assertEquals(
                List.of(
                        Check.KID,
                        Check.ALG,
                        Check.KEY_HEADERS,
                        Check.ISSUER,
                        Check.AUDIENCE,
                        Check.EXPIRY,
                        Check.NOT_BEFORE,
                        Check.ISSUED_AT,
                        Check.LIFETIME,
                        Check.KEYS,
                        Check.SIGNATURE),
                report.verdicts().stream().map(CheckVerdict::check).toList());
        assertEquals(
                List.of(Check.AUDIENCE, Check.EXPIRY),
                report.verdicts().stream()
                        .filter(verdict -> !verdict.passed())
                        .map(CheckVerdict::check)
                        .toList());
        assertEquals(Check.AUDIENCE, report.firstRejection().orElseThrow().check());
    }

    private Map<String, Object> verify(OidcProviderSpec provider, String token) {
        return verifier.verify(provider, token).await().atMost(Duration.ofSeconds(10));
    }

    private FederationRejection reject(OidcProviderSpec provider, String token) {
        return rejection(verifier.verify(provider, token));
    }

    static FederationRejection rejection(Uni<?> uni) {
        try {
            uni.await().atMost(Duration.ofSeconds(15));
        } catch (FederationRejectedException e) {
            return e.rejection();
        }
        throw new AssertionError("expected a rejection");
    }

    private OidcProviderSpec github() {
        return spec(List.of(), Optional.empty());
    }

    private OidcProviderSpec spec(List<String> audiences, Optional<String> jwks) {
        return new OidcProviderSpec(FULL_NAME, issuer.url(), audiences, jwks);
    }

    private Map<String, Object> aud(String audience) {
        Map<String, Object> claims = issuer.fresh(Fixtures.claims(Fixtures.GITHUB));
        claims.put("aud", audience);
        return claims;
    }

    private String rs256(Map<String, Object> claims) {
        return issuer.sign("RS256", Map.of(), claims);
    }
}

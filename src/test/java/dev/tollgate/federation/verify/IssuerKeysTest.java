package dev.tollgate.federation.verify;

import static dev.tollgate.federation.verify.ExternalTokenVerifierTest.FULL_NAME;
import static dev.tollgate.federation.verify.ExternalTokenVerifierTest.rejection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class IssuerKeysTest {

    @Inject
    IssuerKeys keys;

    @Inject
    ExternalTokenVerifier verifier;

    @Inject
    TestClock clock;

    private TestIssuer issuer;

    @AfterEach
    void reset() {
        clock.reset();
        if (issuer != null) {
            issuer.reset();
        }
        keys.clear();
    }

    @Test
    void keysWhenIssuerSendsMaxAgeThenCachedThatLong() {
        issuer = issuer("fed-cache-600");
        issuer.cacheControl("public, max-age=600");
        fetch(issuer, issuer.kid());
        IssuerKeys.CachedKeys cached = keys.cached(issuer.url()).orElseThrow();
        assertEquals(Duration.ofSeconds(600), Duration.between(cached.fetchedAt(), cached.freshUntil()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=1", "no-store", "max-age=99999999"})
    void keysWhenMaxAgeOutOfBoundsThenClamped(String cacheControl) {
        issuer = issuer("fed-cache-clamp");
        issuer.cacheControl(cacheControl);
        fetch(issuer, issuer.kid());
        IssuerKeys.CachedKeys cached = keys.cached(issuer.url()).orElseThrow();
        Duration expected = cacheControl.equals("max-age=99999999") ? Duration.ofHours(24) : Duration.ofMinutes(5);
        assertEquals(expected, Duration.between(cached.fetchedAt(), cached.freshUntil()));
    }

    @Test
    void keysWhenFreshThenNotRefetched() {
        issuer = issuer("fed-fresh");
        fetch(issuer, issuer.kid());
        fetch(issuer, issuer.kid());
        assertEquals(1, issuer.jwksRequests());
    }

    @Test
    void keysWhenConcurrentMissesThenOneFetch() {
        issuer = issuer("fed-concurrent");
        List<Uni<JsonWebKeySet>> all = IntStream.range(0, 20)
                .mapToObj(i -> keys.keys(issuer.url(), issuer.kid()))
                .toList();
        Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(10));
        assertEquals(1, issuer.jwksRequests());
    }

    @Test
    void verifyWhenIssuerRotatesKeyThenUnknownKidRefetchesAndVerifies() {
        issuer = issuer("fed-rotate");
        assertEquals("octo-org", verify(issuer, token(issuer)).get("repository_owner"));
        issuer.rotate();
        assertEquals(
                Check.SIGNATURE,
                rejection(verifier.verify(provider(issuer), token(issuer))).check(),
                "within the refetch interval of the first fetch the new kid is not looked up yet");
        clock.advance(Duration.ofSeconds(31));
        assertEquals("octo-org", verify(issuer, token(issuer)).get("repository_owner"));
        assertEquals(2, issuer.jwksRequests());
    }

    @Test
    void verifyWhenKidUnknownAfterRefreshThenSignatureRejectionAndRefetchRateLimited() {
        issuer = issuer("fed-unknown-kid");
        fetch(issuer, issuer.kid());
        clock.advance(Duration.ofSeconds(31));
        String unknown = issuer.sign("RS256", Map.of("kid", "no-such-key"), claims(issuer));
        FederationRejection first = rejection(verifier.verify(provider(issuer), unknown));
        assertEquals(Check.SIGNATURE, first.check());
        assertTrue(first.presented().contains("no-such-key"));
        assertEquals(2, issuer.jwksRequests());

        assertEquals(
                Check.SIGNATURE,
                rejection(verifier.verify(provider(issuer), unknown)).check());
        assertEquals(2, issuer.jwksRequests(), "a second unknown kid within the refetch interval must not refetch");

        clock.advance(Duration.ofSeconds(31));
        rejection(verifier.verify(provider(issuer), unknown));
        assertEquals(3, issuer.jwksRequests());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNAVAILABLE_503", "CLOSE_CONNECTION", "GARBAGE"})
    void verifyWhenIssuerDownAndNothingCachedThenKeysRejection(String behaviour) {
        issuer = issuer("fed-down-" + behaviour.toLowerCase());
        issuer.behave(TestIssuer.Behaviour.valueOf(behaviour));
        FederationRejection rejection = rejection(verifier.verify(provider(issuer), token(issuer)));
        assertEquals(Check.KEYS, rejection.check());
        assertTrue(rejection.presented().contains(issuer.url()), rejection.presented());
    }

    @Test
    void verifyWhenIssuerDownThenLastKnownKeysUsedWithinGraceOnly() {
        issuer = issuer("fed-stale");
        issuer.cacheControl("max-age=300");
        Map<String, Object> claims = claims(issuer);
        claims.put("exp", Instant.now().getEpochSecond() + Duration.ofHours(10).toSeconds());
        String token = issuer.sign("RS256", Map.of(), claims);
        verify(issuer, token);

        issuer.behave(TestIssuer.Behaviour.UNAVAILABLE_503);
        clock.advance(Duration.ofMinutes(10));
        assertEquals("octo-org", verify(issuer, token).get("repository_owner"));

        clock.advance(Duration.ofHours(7));
        assertEquals(
                Check.KEYS, rejection(verifier.verify(provider(issuer), token)).check());
    }

    @Test
    void verifyWhenIssuerDownThenFailureRememberedForRefetchInterval() {
        issuer = issuer("fed-negative");
        issuer.behave(TestIssuer.Behaviour.UNAVAILABLE_503);
        rejection(verifier.verify(provider(issuer), token(issuer)));
        issuer.behave(TestIssuer.Behaviour.NORMAL);
        assertEquals(
                Check.KEYS,
                rejection(verifier.verify(provider(issuer), token(issuer))).check());
        clock.advance(Duration.ofSeconds(31));
        assertEquals("octo-org", verify(issuer, token(issuer)).get("repository_owner"));
    }

    @Test
    void verifyWhenJwksIs10MegabytesThenRefusedAtTheSizeLimit() {
        issuer = issuer("fed-huge");
        issuer.behave(TestIssuer.Behaviour.HUGE_JWKS);
        long started = System.nanoTime();
        FederationRejection rejection = rejection(verifier.verify(provider(issuer), token(issuer)));
        assertEquals(Check.KEYS, rejection.check());
        assertTrue(rejection.presented().contains("larger than 524288 bytes"), rejection.presented());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254/latest",
                "http://metadata.google.internal/computeMetadata",
                "http://[fe80::1]/issuer",
                "http://[fd00:ec2::254]/issuer",
                "http://[::169.254.169.254]/x",
                "http://2852039166/x",
                "http://0.0.0.0/x"
            })
    void verifyWhenIssuerIsLinkLocalOrMetadataThenRefusedEvenWithInsecureAllowed(String issuerUri) {
        Map<String, Object> claims = claims(issuer("fed-any"));
        claims.put("iss", issuerUri);
        String token = issuer("fed-any").sign("RS256", Map.of(), claims);
        FederationRejection rejection = rejection(
                verifier.verify(new OidcProviderSpec(FULL_NAME, issuerUri, List.of(), Optional.empty()), token));
        assertEquals(Check.KEYS, rejection.check());
        assertTrue(rejection.presented().contains("refused to fetch"), rejection.presented());
    }

    @Test
    void verifyWhenDiscoveryNamesMetadataJwksUriThenRefused() {
        issuer = issuer("fed-ssrf");
        issuer.jwksUri("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        FederationRejection rejection = rejection(verifier.verify(provider(issuer), token(issuer)));
        assertEquals(Check.KEYS, rejection.check());
        assertTrue(rejection.presented().contains("169.254.169.254"), rejection.presented());
        assertEquals(0, issuer.jwksRequests());
    }

    @Test
    void verifyWhenHostnameResolvesToLoopbackThenFetched() {
        issuer = issuer("fed-hostname");
        String byName = issuer.url().replace("127.0.0.1", "localhost");
        keys.keys(byName, issuer.kid()).await().atMost(Duration.ofSeconds(10));
        assertEquals(1, issuer.jwksRequests());
    }

    private static TestIssuer issuer(String name) {
        return TestIdentityProviders.issuer(name);
    }

    private void fetch(TestIssuer issuer, String kid) {
        keys.keys(issuer.url(), kid).await().atMost(Duration.ofSeconds(10));
    }

    private Map<String, Object> verify(TestIssuer issuer, String token) {
        return verifier.verify(provider(issuer), token).await().atMost(Duration.ofSeconds(10));
    }

    private static OidcProviderSpec provider(TestIssuer issuer) {
        return new OidcProviderSpec(FULL_NAME, issuer.url(), List.of(), Optional.empty());
    }

    private static Map<String, Object> claims(TestIssuer issuer) {
        Map<String, Object> claims = issuer.fresh(Fixtures.claims(Fixtures.GITHUB));
        claims.put("aud", FULL_NAME);
        return claims;
    }

    private static String token(TestIssuer issuer) {
        return issuer.sign("RS256", Map.of(), claims(issuer));
    }
}

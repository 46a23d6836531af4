package dev.tollgate.federation.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.federation.CheckVerdict;
import dev.tollgate.federation.FederationRejectedException;
import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.OidcProviderSpec;
import dev.tollgate.support.jose.Jws;
import dev.tollgate.testing.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The named checks of a foreign token, without a container: each verdict names what was presented and expected. */
class TokenChecksTest {

    private static final String ISSUER = "https://token.actions.githubusercontent.com";
    private static final String AUDIENCE = "https://iam.example.test/pool";
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final OidcProviderSpec PROVIDER =
            new OidcProviderSpec("//iam.example.test/pool", ISSUER, List.of(AUDIENCE), Optional.empty());

    private static KeyPair rsa;

    @BeforeAll
    static void keys() {
        rsa = TestKeys.rsa();
    }

    @Test
    void aWellFormedTokenPassesEveryCheck() throws JoseException {
        Jws token = parse(sign(claims(NOW.minusSeconds(60), NOW.plusSeconds(600)), "k1", null));

        assertTrue(TokenChecks.header(token).stream().allMatch(CheckVerdict::passed));
        assertTrue(TokenChecks.claims(token, PROVIDER, NOW, SKEW, Duration.ofHours(1)).stream()
                .allMatch(CheckVerdict::passed));
    }

    @Test
    void emptyOversizedAndEncryptedInputIsAFormatRejection() {
        assertEquals(Check.FORMAT, formatRejection("").check());
        assertEquals("a token of 20 bytes", formatRejection("x".repeat(20), 10).presented());
        assertEquals(Check.FORMAT, formatRejection("not-a-jwt").check());
    }

    @Test
    void aMissingKidAndAKeyChoosingHeaderAreRefused() throws JoseException {
        Jws token = parse(sign(claims(NOW, NOW.plusSeconds(600)), null, "https://evil.test/jwks"));

        assertFalse(TokenChecks.kid(token).passed());
        CheckVerdict keyHeaders = TokenChecks.keyHeaders(token);
        assertFalse(keyHeaders.passed());
        assertEquals("header(s) [jku]", keyHeaders.rejection().orElseThrow().presented());
    }

    @Test
    void aWrongIssuerOrAudienceNamesBothValues() throws JoseException {
        JwtClaims claims = claims(NOW, NOW.plusSeconds(600));
        claims.setIssuer("https://other.test");
        claims.setAudience("someone-else");
        Jws token = parse(sign(claims, "k1", null));

        assertEquals(
                "iss \"https://other.test\"",
                TokenChecks.issuer(token, PROVIDER).rejection().orElseThrow().presented());
        assertEquals(
                "one of [\"" + AUDIENCE + "\"]",
                TokenChecks.audience(token, PROVIDER).rejection().orElseThrow().expected());
    }

    @Test
    void expiryAndIssuedAtAllowTheSkewAndNoMore() throws JoseException {
        Jws justExpired = parse(sign(claims(NOW.minusSeconds(600), NOW.minusSeconds(20)), "k1", null));
        Jws longExpired = parse(sign(claims(NOW.minusSeconds(600), NOW.minusSeconds(40)), "k1", null));
        Jws fromTheFuture = parse(sign(claims(NOW.plusSeconds(40), NOW.plusSeconds(600)), "k1", null));

        assertTrue(TokenChecks.expiry(justExpired, NOW, SKEW).passed());
        assertFalse(TokenChecks.expiry(longExpired, NOW, SKEW).passed());
        assertFalse(TokenChecks.issuedAt(fromTheFuture, NOW, SKEW).passed());
    }

    @Test
    void aTokenLivingLongerThanAllowedIsRefused() throws JoseException {
        Jws token = parse(sign(claims(NOW, NOW.plus(Duration.ofHours(2))), "k1", null));

        assertFalse(TokenChecks.lifetime(token, Duration.ofHours(1)).passed());
        assertTrue(TokenChecks.lifetime(token, Duration.ofHours(3)).passed());
    }

    private static FederationRejection formatRejection(String token) {
        return formatRejection(token, 16_384);
    }

    private static FederationRejection formatRejection(String token, int maxSize) {
        return assertThrows(FederationRejectedException.class, () -> TokenChecks.parse(token, maxSize, 32))
                .rejection();
    }

    private static Jws parse(String token) {
        return TokenChecks.parse(token, 16_384, 32);
    }

    private static JwtClaims claims(Instant issuedAt, Instant expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject("repo:acme/app:ref:refs/heads/main");
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        return claims;
    }

    private static String sign(JwtClaims claims, String kid, String jku) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKey(rsa.getPrivate());
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        if (jku != null) {
            jws.setHeader("jku", jku);
        }
        return jws.getCompactSerialization();
    }
}

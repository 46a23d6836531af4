package dev.tollgate.keys.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.support.OAuthException;
import dev.tollgate.support.jose.Jws;
import dev.tollgate.testing.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The jwt-bearer assertion rules without a container: each refusal is invalid_grant and says why. */
class AssertionChecksTest {

    private static final String EMAIL = "ci@proj.iam.example.test";
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Duration MAX_LIFETIME = Duration.ofHours(1);

    private static KeyPair rsa;

    @BeforeAll
    static void keys() {
        rsa = TestKeys.rsa();
    }

    @Test
    void aWellFormedAssertionPassesTheClaimChecks() throws JoseException {
        Jws assertion = parse(rs256(claims(NOW, NOW.plusSeconds(600)), null));

        assertDoesNotThrow(() -> AssertionChecks.algorithm(assertion));
        assertDoesNotThrow(() -> AssertionChecks.noKeyHeaders(assertion));
        assertEquals(EMAIL, AssertionChecks.issuer(assertion));
        assertDoesNotThrow(() -> AssertionChecks.timeframe(assertion, NOW, SKEW, MAX_LIFETIME));
        assertDoesNotThrow(() -> AssertionChecks.subject(assertion, EMAIL));
    }

    @Test
    void anOversizedOrMalformedAssertionIsRefused() {
        assertEquals(
                "The assertion has 20 characters; at most 10 are accepted.",
                refusal(() -> AssertionChecks.parse("x".repeat(20), 10)));
        assertEquals(
                "The assertion is not a compact JWS with a JSON claims set.",
                refusal(() -> AssertionChecks.parse("a.b.c", 10_000)));
    }

    @Test
    void onlyRs256IsAccepted() throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(NOW, NOW.plusSeconds(600)).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(new byte[32]));
        Jws assertion = parse(jws.getCompactSerialization());

        assertEquals(
                "The assertion's alg is \"HS256\"; only RS256 is accepted.",
                refusal(() -> AssertionChecks.algorithm(assertion)));
    }

    @Test
    void aHeaderThatChoosesTheKeyIsRefused() throws JoseException {
        Jws assertion = parse(rs256(claims(NOW, NOW.plusSeconds(600)), "https://evil.test/jwks"));

        assertEquals(
                "The assertion carries header(s) [jku]; keys come from the service account only.",
                refusal(() -> AssertionChecks.noKeyHeaders(assertion)));
    }

    @Test
    void aTooLongExpiredOrFutureAssertionIsOutOfItsTimeframe() throws JoseException {
        for (JwtClaims claims : new JwtClaims[] {
            claims(NOW, NOW.plus(Duration.ofHours(2))),
            claims(NOW.minusSeconds(600), NOW.minusSeconds(60)),
            claims(NOW.plusSeconds(120), NOW.plusSeconds(600))
        }) {
            Jws assertion = parse(rs256(claims, null));
            assertEquals(
                    AssertionChecks.BAD_TIMEFRAME,
                    refusal(() -> AssertionChecks.timeframe(assertion, NOW, SKEW, MAX_LIFETIME)));
        }
    }

    @Test
    void anotherSubjectWouldBeDelegationAndIsRefused() throws JoseException {
        JwtClaims claims = claims(NOW, NOW.plusSeconds(600));
        claims.setSubject("someone@example.test");
        Jws assertion = parse(rs256(claims, null));

        assertEquals(
                "The assertion's sub is \"someone@example.test\"; it must be absent or \"" + EMAIL
                        + "\" (no domain-wide delegation).",
                refusal(() -> AssertionChecks.subject(assertion, EMAIL)));
    }

    @Test
    void anAssertionWithoutIssuerIsRefused() throws JoseException {
        JwtClaims claims = claims(NOW, NOW.plusSeconds(600));
        claims.unsetClaim("iss");
        Jws assertion = parse(rs256(claims, null));

        assertEquals(
                "The assertion has no iss claim; the service account's email is expected.",
                refusal(() -> AssertionChecks.issuer(assertion)));
    }

    private static String refusal(Executable check) {
        OAuthException refused = assertThrows(OAuthException.class, check);
        assertEquals("invalid_grant", refused.error());
        return refused.description();
    }

    private static Jws parse(String assertion) {
        return AssertionChecks.parse(assertion, 10_000);
    }

    private static JwtClaims claims(Instant issuedAt, Instant expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(EMAIL);
        claims.setAudience("https://oauth2.example.test/token");
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        return claims;
    }

    private static String rs256(JwtClaims claims, String jku) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKey(rsa.getPrivate());
        if (jku != null) {
            jws.setHeader("jku", jku);
        }
        return jws.getCompactSerialization();
    }
}

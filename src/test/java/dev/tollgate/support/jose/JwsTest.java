package dev.tollgate.support.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.support.jose.JwsFormatException.Reason;
import dev.tollgate.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The steps of the one JWS pipeline, without a container: format, header, signature, claims. */
class JwsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Set<String> ASYMMETRIC = Set.of("RS256", "ES256");

    private static KeyPair rsa;
    private static KeyPair otherRsa;
    private static KeyPair ec;

    @BeforeAll
    static void keys() {
        rsa = TestKeys.rsa();
        otherRsa = TestKeys.rsa();
        ec = TestKeys.ec();
    }

    // format

    @Test
    void formatWhenEmptyOversizedEncryptedOrMalformedThenTheReasonAndSizes() {
        assertEquals(Reason.EMPTY, refused(" ", 100, 8).reason());
        assertEquals(Reason.EMPTY, refused(null, 100, 8).reason());
        JwsFormatException large = refused("x".repeat(20), 10, 8);
        assertEquals(Reason.TOO_LARGE, large.reason());
        assertEquals(20, large.size());
        assertEquals(10, large.limit());
        assertEquals(
                Reason.ENCRYPTED,
                refused(part("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d", 1000, 8)
                        .reason());
        assertEquals(Reason.MALFORMED, refused("a.b", 100, 8).reason());
        assertEquals(
                Reason.MALFORMED,
                refused(part("{\"alg\":\"RS256\"}") + "." + part("[1]") + ".", 1000, 8)
                        .reason());
    }

    @Test
    void formatWhenASignedTokenCarriesCharactersOutsideBase64urlThenMalformed() throws Exception {
        String token = rs256(claims(), Map.of());

        assertEquals(Reason.MALFORMED, refused(token + "!!", 16_384, 8).reason());
        assertEquals(
                Reason.MALFORMED,
                refused(token.replaceFirst("\\.", ".+/"), 16_384, 8).reason());
        assertTrue(Jws.parse(" " + token + "\n", 16_384, 8)
                .verify(rsa.getPublic(), ASYMMETRIC)
                .valid());
    }

    @Test
    void formatWhenAMemberNameRepeatsOrDataFollowsTheJsonThenMalformed() {
        String header = part("{\"alg\":\"RS256\"}");

        assertEquals(
                Reason.MALFORMED,
                refused(header + "." + part("{\"sub\":\"a\",\"sub\":\"b\"}") + ".c2ln", 1000, 8)
                        .reason());
        assertEquals(
                Reason.MALFORMED,
                refused(header + "." + part("{}{}") + ".c2ln", 1000, 8).reason());
        assertEquals(
                Reason.MALFORMED,
                refused(part("{\"alg\":\"RS256\",\"alg\":\"none\"}") + "." + part("{}") + ".c2ln", 1000, 8)
                        .reason());
    }

    @Test
    void claimsWhenNumbersThenIntegersAreLongsAndDecimalsDoubles() {
        Jws jws = parse(part("{\"alg\":\"RS256\"}") + "." + part("{\"exp\":1767268800,\"n\":7,\"x\":1.5}") + ".c2ln");

        assertEquals(7L, jws.claims().get("n"));
        assertEquals(1.5, jws.claims().get("x"));
        assertEquals(Optional.of(Instant.parse("2026-01-01T12:00:00Z")), jws.numericDate("exp"));
    }

    @Test
    void formatWhenClaimsNestDeeperThanTheLimitThenTooDeep() throws Exception {
        JwtClaims claims = claims();
        claims.setClaim("deep", List.of(List.of(List.of("x"))));
        String token = rs256(claims, Map.of());

        JwsFormatException deep = refused(token, 16_384, 3);
        assertEquals(Reason.TOO_DEEP, deep.reason());
        assertEquals(3, deep.limit());
        assertEquals(4, Jws.nesting(claims.toJson(), 10));
        assertEquals(
                List.of(List.of(List.of("x"))),
                Jws.parse(token, 16_384, Jws.ANY_DEPTH).claims().get("deep"));
    }

    // header

    @Test
    void headerChecksWhenWellFormedThenPass() throws Exception {
        Jws jws = parse(rs256(claims(), Map.of("kid", "k1", "typ", "AT+JWT")));

        assertTrue(JwsChecks.type(jws, Set.of("at+jwt")).passed());
        assertTrue(JwsChecks.kid(jws).passed());
        assertTrue(JwsChecks.algorithm(jws, ASYMMETRIC).passed());
        assertTrue(JwsChecks.noKeyHeaders(jws).passed());
        assertEquals("k1", jws.kid());
        assertEquals("RS256", jws.alg());
    }

    @Test
    void headerChecksWhenTypeKidAlgOrKeyHeadersAreWrongThenEachSaysWhat() throws Exception {
        Jws jws = parse(hs256(Map.of("typ", "JWT", "x5u", "https://evil.test/cert", "jku", "https://evil.test/jwks")));

        assertFails("typ \"JWT\"", "one of [at+jwt]", JwsChecks.type(jws, Set.of("at+jwt")));
        assertFails("no kid header", "the id of one of the issuer's keys", JwsChecks.kid(jws));
        assertFails("alg \"HS256\"", "one of [ES256, RS256]", JwsChecks.algorithm(jws, ASYMMETRIC));
        assertFails(
                "header(s) [jku, x5u]",
                "none of [jku, x5u, jwk, x5c] (keys come from the issuer only)",
                JwsChecks.noKeyHeaders(jws));
    }

    @Test
    void headerWhenNotAStringThenNoAlgNoKid() throws Exception {
        String token = part("{\"alg\":7,\"kid\":{\"a\":1}}") + "." + part("{}") + "." + part("sig");
        Jws jws = parse(token);

        assertEquals(null, jws.alg());
        assertEquals(null, jws.kid());
        assertFails("alg \"7\"", "one of [RS256]", JwsChecks.algorithm(jws, Set.of("RS256")));
        assertFalse(JwsChecks.kid(jws).passed());
    }

    // signature

    @Test
    void signatureWhenTheKeySignedItThenValidElseNot() throws Exception {
        Jws rsaSigned = parse(rs256(claims(), Map.of()));
        Jws ecSigned = parse(es256(claims()));

        assertTrue(rsaSigned.verify(rsa.getPublic(), ASYMMETRIC).valid());
        assertFalse(rsaSigned.verify(otherRsa.getPublic(), ASYMMETRIC).valid());
        assertTrue(ecSigned.verify(ec.getPublic(), ASYMMETRIC).valid());
        assertFalse(ecSigned.verify(ec.getPublic(), Set.of("RS256")).valid());
    }

    @Test
    void signatureWhenTheAlgorithmIsNotAllowedOrTheKeyDoesNotFitThenAKeyProblem() throws Exception {
        Jws hmac = parse(hs256(Map.of()));
        Jws rsaSigned = parse(rs256(claims(), Map.of()));

        Jws.SignatureCheck symmetric = hmac.verify(rsa.getPublic(), ASYMMETRIC);
        assertFalse(symmetric.valid());
        assertTrue(symmetric.keyProblem().isPresent());
        Jws.SignatureCheck wrongType = rsaSigned.verify(ec.getPublic(), ASYMMETRIC);
        assertFalse(wrongType.valid());
        assertTrue(wrongType.keyProblem().isPresent());
    }

    // claims

    @Test
    void timeChecksAllowTheSkewAndNoMore() throws Exception {
        assertTrue(JwsChecks.expiry(parse(rs256(times(-600, -20), Map.of())), NOW, SKEW)
                .passed());
        assertFails(
                "exp 2026-01-01T11:59:20Z",
                "a time after 2026-01-01T12:00:00Z",
                JwsChecks.expiry(parse(rs256(times(-600, -40), Map.of())), NOW, SKEW));
        assertTrue(JwsChecks.issuedAt(parse(rs256(times(20, 600), Map.of())), NOW, SKEW)
                .passed());
        assertFails(
                "iat 2026-01-01T12:00:40Z",
                "a time not after 2026-01-01T12:00:00Z (skew 30s)",
                JwsChecks.issuedAt(parse(rs256(times(40, 600), Map.of())), NOW, SKEW));
        assertFails(
                "exp − iat = 7200s",
                "at most 3600s",
                JwsChecks.lifetime(parse(rs256(times(0, 7200), Map.of())), Duration.ofHours(1)));
    }

    @Test
    void timeChecksWhenAClaimIsMissingOrNotANumberThenRefused() throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setClaim("nbf", "soon");
        claims.setClaim("exp", 1e300);
        Jws jws = parse(rs256(claims, Map.of()));

        assertEquals(Optional.empty(), jws.numericDate("exp"));
        assertFails("no numeric exp", "an exp claim", JwsChecks.expiry(jws, NOW, SKEW));
        assertFails("no numeric iat", "an iat claim", JwsChecks.issuedAt(jws, NOW, SKEW));
        assertFails("a non-numeric nbf", "a numeric nbf", JwsChecks.notBefore(jws, NOW, SKEW));
        assertFails("a token without exp or iat", "exp − iat ≤ 3600s", JwsChecks.lifetime(jws, Duration.ofHours(1)));
    }

    @Test
    void notBeforeWhenAbsentThenPassesWhenAheadBeyondTheSkewThenRefused() throws Exception {
        JwtClaims ahead = times(0, 600);
        ahead.setNotBefore(NumericDate.fromSeconds(NOW.getEpochSecond() + 40));
        JwtClaims within = times(0, 600);
        within.setNotBefore(NumericDate.fromSeconds(NOW.getEpochSecond() + 20));

        assertTrue(JwsChecks.notBefore(parse(rs256(times(0, 600), Map.of())), NOW, SKEW)
                .passed());
        assertTrue(
                JwsChecks.notBefore(parse(rs256(within, Map.of())), NOW, SKEW).passed());
        assertFails(
                "nbf 2026-01-01T12:00:40Z",
                "a time before 2026-01-01T12:00:00Z",
                JwsChecks.notBefore(parse(rs256(ahead, Map.of())), NOW, SKEW));
    }

    @Test
    void issuerAndAudienceNameWhatWasPresentedAndExpected() throws Exception {
        JwtClaims claims = claims();
        claims.setClaim("aud", List.of("a", 7, "b"));
        Jws jws = parse(rs256(claims, Map.of()));

        assertTrue(JwsChecks.issuer(jws, "https://issuer.test").passed());
        assertFails(
                "iss \"https://issuer.test\"",
                "iss \"https://other.test\"",
                JwsChecks.issuer(jws, "https://other.test"));
        assertTrue(JwsChecks.audience(jws, List.of("b")).passed());
        assertFails("aud [\"a\", \"7\", \"b\"]", "one of [\"c\"]", JwsChecks.audience(jws, List.of("c")));
        assertFalse(JwsChecks.audience(jws, List.of("7")).passed());
        assertFails(
                "aud (none)",
                "a URL of this API",
                JwsChecks.audience(parse(rs256(new JwtClaims(), Map.of())), a -> true, "a URL of this API"));
    }

    @Test
    void quotedCutsLongValuesAndNamesAbsentOnes() {
        assertEquals("(none)", Quoted.of(null, 5));
        assertEquals("\"abcde…\"", Quoted.of("abcdefgh", 5));
        assertEquals("[\"1\", \"2\"]", Quoted.list(List.of(1, 2), 5));
    }

    @Test
    void peekReadsTheUnverifiedIssuerOfAThreePartTokenOnly() throws Exception {
        String token = rs256(claims(), Map.of());

        assertEquals(Optional.of("https://issuer.test"), JwtPeek.issuer(token));
        assertEquals(Optional.empty(), JwtPeek.issuer(token + ".x.y"));
        assertEquals(Optional.empty(), JwtPeek.issuer("garbage"));
        assertEquals(Optional.empty(), JwtPeek.issuer(null));
        assertEquals(Optional.empty(), JwtPeek.issuer("a." + part("{\"iss\":1}") + ".c"));
    }

    private static void assertFails(String presented, String expected, JwsVerdict verdict) {
        assertEquals(Optional.of(new JwsVerdict.Failure(presented, expected)), verdict.failure());
    }

    private static JwsFormatException refused(String token, int maxSize, int maxDepth) {
        return assertThrows(JwsFormatException.class, () -> Jws.parse(token, maxSize, maxDepth));
    }

    private static Jws parse(String token) {
        return Jws.parse(token, 16_384, 32);
    }

    private static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JwtClaims claims() {
        JwtClaims claims = times(-60, 600);
        claims.setIssuer("https://issuer.test");
        return claims;
    }

    private static JwtClaims times(long issuedAt, long expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond() + issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() + expiresAt));
        return claims;
    }

    private static String rs256(JwtClaims claims, Map<String, String> headers) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        headers.forEach(jws::setHeader);
        jws.setKey(rsa.getPrivate());
        return jws.getCompactSerialization();
    }

    private static String es256(JwtClaims claims) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKey(ec.getPrivate());
        return jws.getCompactSerialization();
    }

    private static String hs256(Map<String, String> headers) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        headers.forEach(jws::setHeader);
        jws.setKey(new HmacKey(new byte[32]));
        return jws.getCompactSerialization();
    }
}

package dev.tollgate.support.jose;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tollgate.support.jose.JwsFormatException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * A compact JWS (RFC 7515 §7.1) split into its header and claims, its signature not yet checked: the first step of the
 * one JWS pipeline (in the spirit of Nimbus's {@code JWTProcessor}) that federation's subject tokens, jwt-bearer
 * assertions and self-signed JWTs, and the server's own access tokens all go through:
 *
 * <ol>
 *   <li><b>format</b> ({@link #parse}): size cap, three base64url parts, header JSON, claims nesting cap, claims JSON;
 *   <li><b>header</b> ({@link JwsChecks}): type, kid, alg from the caller's allowlist, no header that chooses the key;
 *   <li><b>key selection</b>: the caller's, from its own key source (an issuer's JWKS, an account's keys, the key
 *       ring); nothing in the token is ever fetched;
 *   <li><b>signature</b> ({@link JwsSignatures}, else {@link #verify}): RS256 on the server's JCA provider, anything
 *       else through jose4j; both constrained to the allowlist;
 *   <li><b>claims</b> ({@link JwsChecks}): issuer, audience, expiry, not-before, issued-at, lifetime, with a skew.
 * </ol>
 *
 * Each check answers a {@link JwsVerdict}; the caller decides the order (federation checks claims before fetching
 * keys), whether to stop at the first failure, and how a failure reads.
 */
public final class Jws {

    /** Headers that would let the token choose its own verification key (RFC 7515 §4.1.2–4.1.6): always refused. */
    public static final List<String> KEY_HEADERS = List.of("jku", "x5u", "jwk", "x5c");

    /** No nesting limit of the caller's (the size cap and the JSON parser's own 1000 levels still hold). */
    public static final int ANY_DEPTH = Integer.MAX_VALUE;

    /**
     * Claims and headers as JSON values: objects as maps, arrays as lists, integers as {@code Long}, decimals as
     * {@code Double}; a duplicate member name or anything after the value is malformed.
     */
    private static final ObjectReader JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()
            .readerFor(new TypeReference<Map<String, Object>>() {});

    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    private final String compact;
    private final Map<String, Object> header;
    private final Map<String, Object> claims;
    private JsonWebSignature jws;

    private Jws(String compact, Map<String, Object> header, Map<String, Object> claims) {
        this.compact = compact;
        this.header = header;
        this.claims = claims;
    }

    /**
     * The token's parts, or a {@link JwsFormatException} saying what was wrong. {@code maxSize} caps the untrimmed
     * length, {@code maxDepth} how deeply the claims' objects and arrays nest (counted before they are parsed).
     */
    public static Jws parse(String token, int maxSize, int maxDepth) {
        if (token == null || token.isBlank()) {
            throw new JwsFormatException(Reason.EMPTY, 0, maxSize);
        }
        if (token.length() > maxSize) {
            throw new JwsFormatException(Reason.TOO_LARGE, token.length(), maxSize);
        }
        String compact = token.trim();
        String[] parts = compact.split("\\.", -1);
        try {
            Map<String, Object> header = json(parts[0]);
            if (parts.length == 5 && header != null) {
                throw new JwsFormatException(Reason.ENCRYPTED, token.length(), maxSize);
            }
            if (parts.length != 3 || header == null || !base64url(parts[2])) {
                throw new JwsFormatException(Reason.MALFORMED, token.length(), maxSize);
            }
            String payload = text(parts[1]);
            if (maxDepth != ANY_DEPTH && nesting(payload, maxDepth) > maxDepth) {
                throw new JwsFormatException(Reason.TOO_DEEP, token.length(), maxDepth);
            }
            Map<String, Object> claims = JSON.readValue(payload);
            if (claims == null) {
                throw new JwsFormatException(Reason.MALFORMED, token.length(), maxSize);
            }
            return new Jws(compact, header, claims);
        } catch (IOException | RuntimeException e) {
            if (e instanceof JwsFormatException refused) {
                throw refused;
            }
            throw new JwsFormatException(Reason.MALFORMED, token.length(), maxSize);
        }
    }

    /** A base64url part decoded as a JSON object; null when it is JSON {@code null}. */
    private static Map<String, Object> json(String part) throws IOException {
        return JSON.readValue(text(part));
    }

    /**
     * Only the base64url alphabet, with at most two {@code =} at the end: jose4j's decoder would skip other
     * characters, so one token would have many spellings.
     */
    private static boolean base64url(String part) {
        int end = part.length();
        for (int pad = 0; pad < 2 && end > 0 && part.charAt(end - 1) == '='; pad++) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = part.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** A base64url part (RFC 7515 §2, padding tolerated) decoded as UTF-8; anything else is malformed. */
    private static String text(String part) {
        if (!base64url(part)) {
            throw new IllegalArgumentException("not base64url");
        }
        return new String(BASE64URL_DECODER.decode(part), StandardCharsets.UTF_8);
    }

    /**
     * How deeply {@code json}'s objects and arrays nest, counted without parsing (stopping past {@code limit}), so
     * that a hostile claims set cannot overflow a recursive parser or a later conversion.
     */
    public static int nesting(String json, int limit) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length() && deepest <= limit; i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return deepest;
    }

    /** A header's value as JSON gave it (a string, number, object…), or null. */
    public Object header(String name) {
        return header.get(name);
    }

    /** The {@code alg} header when it is a string, else null. */
    public String alg() {
        return header("alg") instanceof String alg ? alg : null;
    }

    /** The {@code kid} header when it is a string, else null. */
    public String kid() {
        return header("kid") instanceof String kid ? kid : null;
    }

    /** The claims set, not verified until the signature step passed. */
    public Map<String, Object> claims() {
        return claims;
    }

    /** Which of {@link #KEY_HEADERS} the token carries, in that order. */
    public List<String> keyChoosingHeaders() {
        return KEY_HEADERS.stream().filter(name -> header(name) != null).toList();
    }

    /** A NumericDate claim (RFC 7519 §2): a finite number of seconds, of plausible size; empty otherwise. */
    public Optional<Instant> numericDate(String claim) {
        if (claims.get(claim) instanceof Number number
                && Double.isFinite(number.doubleValue())
                && Math.abs(number.doubleValue()) < 1e11) {
            return Optional.of(Instant.ofEpochSecond(number.longValue()));
        }
        return Optional.empty();
    }

    /** The {@code aud} claim's values as presented (RFC 7519 §4.1.3: a string or a list); none when absent. */
    public List<?> audiences() {
        Object aud = claims.get("aud");
        return aud instanceof List<?> list ? list : aud == null ? List.of() : List.of(aud);
    }

    /** The JWS signing input (RFC 7515 §5.2 step 8): the encoded header and payload, as ASCII. */
    byte[] signingInput() {
        return compact.substring(0, compact.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    /** The decoded signature part. */
    byte[] signature() {
        return BASE64URL_DECODER.decode(compact.substring(compact.lastIndexOf('.') + 1));
    }

    /** The signature step's answer: the key verifies it, it does not, or the key cannot be used for it. */
    public record SignatureCheck(boolean valid, Optional<String> keyProblem) {}

    /** Whether {@code key} verifies the signature, with {@code alg} restricted to {@code algorithms}. */
    public SignatureCheck verify(Key key, Set<String> algorithms) {
        if (jws == null) {
            try {
                jws = (JsonWebSignature) JsonWebStructure.fromCompactSerialization(compact);
            } catch (JoseException e) {
                return new SignatureCheck(false, Optional.of(String.valueOf(e.getMessage())));
            }
        }
        jws.setAlgorithmConstraints(new AlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, algorithms.toArray(String[]::new)));
        jws.setKey(key);
        try {
            return new SignatureCheck(jws.verifySignature(), Optional.empty());
        } catch (JoseException e) {
            return new SignatureCheck(false, Optional.of(String.valueOf(e.getMessage())));
        }
    }
}

package dev.tollgate.testing;

import com.sun.net.httpserver.HttpExchange;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * One OIDC issuer served on loopback by {@link TestIdentityProviders}: its own RSA and P-256 keys, discovery and
 * JWKS. Tests can make it misbehave ({@link #behave}), choose its {@code Cache-Control}, rotate its keys, point its
 * discovery at another {@code jwks_uri}, and sign tokens with any algorithm and header.
 */
public final class TestIssuer {

    /** How the issuer answers discovery and JWKS requests. */
    public enum Behaviour {
        NORMAL,
        UNAVAILABLE_503,
        CLOSE_CONNECTION,
        GARBAGE,
        HUGE_JWKS
    }

    private static final int HUGE_JWKS_BYTES = 10 * 1024 * 1024;

    private final String url;
    private volatile KeyPair keys;
    private volatile String kid;
    private final KeyPair ecKeys;
    private final String ecKid;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private volatile Behaviour behaviour = Behaviour.NORMAL;
    private volatile String cacheControl;
    private volatile String jwksUriOverride;
    private int generation;

    TestIssuer(String url) {
        this.url = url;
        this.keys = generate("RSA");
        this.kid = "test-" + Integer.toHexString(System.identityHashCode(this));
        this.ecKeys = generate("EC");
        this.ecKid = kid + "-ec";
    }

    public String url() {
        return url;
    }

    public String kid() {
        return kid;
    }

    public String ecKid() {
        return ecKid;
    }

    public KeyPair keys() {
        return keys;
    }

    /** A token with {@code iss}, {@code iat} and a one-hour {@code exp}; {@code customizer} adds or overrides claims. */
    public String token(Consumer<JwtClaimsBuilder> customizer) {
        Instant now = Instant.now();
        JwtClaimsBuilder claims = Jwt.claims().issuer(url).issuedAt(now).expiresAt(now.plusSeconds(3600));
        customizer.accept(claims);
        return claims.jws().keyId(kid).sign(keys.getPrivate());
    }

    /** A user token as a human IdP would issue it for Tollgate's audience. */
    public String userToken(String email) {
        return token(claims ->
                claims.subject("user-" + email.hashCode()).audience("tollgate").claim("email", email));
    }

    /**
     * A compact JWS of {@code claims} signed with {@code alg} (RS256 and PS256 with the RSA key, ES256 with the
     * P-256 key, HS256 with a made-up secret, {@code none} unsigned); {@code header} adds or overrides header
     * parameters, and a {@code kid} mapped to {@code null} is left out.
     */
    public String sign(String alg, Map<String, Object> header, Map<String, Object> claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setAlgorithmHeaderValue(alg);
        jws.setPayload(JsonUtil.toJson(claims));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("kid", alg.startsWith("ES") ? ecKid : kid);
        headers.putAll(header);
        headers.forEach((name, value) -> {
            if (value != null) {
                jws.getHeaders().setObjectHeaderValue(name, value);
            }
        });
        switch (alg) {
            case "ES256" -> jws.setKey(ecKeys.getPrivate());
            case "HS256" ->
                jws.setKey(new HmacKey("a-secret-that-is-long-enough-for-hs256!!".getBytes(StandardCharsets.UTF_8)));
            case "none" -> jws.setKey(null);
            default -> jws.setKey(keys.getPrivate());
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code claims} (e.g. a fixture) re-issued by this issuer: its {@code iss}, {@code iat} now and {@code exp} in an hour. */
    public Map<String, Object> fresh(Map<String, Object> claims) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> fresh = new LinkedHashMap<>(claims);
        fresh.put("iss", url);
        fresh.put("iat", now);
        fresh.put("nbf", now);
        fresh.put("exp", now + 3600);
        return fresh;
    }

    /** Replaces the RSA signing key (and its kid); the old key disappears from the JWKS. */
    public synchronized void rotate() {
        keys = generate("RSA");
        kid = "test-" + Integer.toHexString(System.identityHashCode(this)) + "-r" + (++generation);
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** The {@code Cache-Control} header of JWKS responses; {@code null} sends none. */
    public void cacheControl(String value) {
        this.cacheControl = value;
    }

    /** Makes discovery name another {@code jwks_uri}; {@code null} restores the issuer's own. */
    public void jwksUri(String uri) {
        this.jwksUriOverride = uri;
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** Back to normal: own jwks_uri, no Cache-Control, request counter at zero (keys are kept). */
    public void reset() {
        behaviour = Behaviour.NORMAL;
        cacheControl = null;
        jwksUriOverride = null;
        jwksRequests.set(0);
    }

    String discovery() {
        String jwksUri = jwksUriOverride != null ? jwksUriOverride : url + "/jwks";
        return "{\"issuer\":\"" + url + "\",\"jwks_uri\":\"" + jwksUri + "\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"],\"response_types_supported\":[\"id_token\"],"
                + "\"subject_types_supported\":[\"public\"]}";
    }

    /** The JWKS document this issuer serves (e.g. to paste as a provider's jwksJson). */
    public String jwks() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        ECPublicKey ec = (ECPublicKey) ecKeys.getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":\"" + kid + "\",\"n\":\""
                + base64url(key.getModulus()) + "\",\"e\":\"" + base64url(key.getPublicExponent()) + "\"},"
                + "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"" + ecKid
                + "\",\"x\":\""
                + coordinate(ec.getW().getAffineX()) + "\",\"y\":\""
                + coordinate(ec.getW().getAffineY()) + "\"}]}";
    }

    Map<String, String> documents() {
        return Map.of("/.well-known/openid-configuration", discovery(), "/jwks", jwks());
    }

    /** Answers one request for {@code path} (below the issuer's URL) the way the current behaviour says. */
    void serve(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/jwks")) {
            jwksRequests.incrementAndGet();
        }
        String body = documents().get(path);
        switch (behaviour) {
            case UNAVAILABLE_503 -> respond(exchange, 503, "{\"error\":\"down\"}");
            case CLOSE_CONNECTION -> exchange.close();
            case GARBAGE -> respond(exchange, 200, "<html>not json at all");
            case HUGE_JWKS -> {
                if (path.equals("/jwks")) {
                    huge(exchange);
                } else {
                    respond(exchange, body == null ? 404 : 200, body == null ? "{}" : body);
                }
            }
            default -> {
                if (path.equals("/jwks") && cacheControl != null) {
                    exchange.getResponseHeaders().add("Cache-Control", cacheControl);
                }
                respond(exchange, body == null ? 404 : 200, body == null ? "{}" : body);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A syntactically valid JWKS of 10 MB, written in chunks; the client may hang up early. */
    private void huge(HttpExchange exchange) throws IOException {
        String one = jwks();
        String key = one.substring(one.indexOf('[') + 1, one.lastIndexOf(']'));
        byte[] chunk = ("," + key).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(("{\"keys\":[" + key).getBytes(StandardCharsets.UTF_8));
            for (int written = 0; written < HUGE_JWKS_BYTES; written += chunk.length) {
                out.write(chunk);
            }
            out.write("]}".getBytes(StandardCharsets.UTF_8));
        } catch (IOException clientHungUp) {
            // expected when the server refuses the body part way
        } finally {
            exchange.close();
        }
    }

    private static String base64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    private static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(e);
        }
    }
}

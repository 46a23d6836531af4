package dev.tollgate.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/** One OIDC issuer served on loopback by {@link TestIdentityProviders}: its own RSA key, discovery and JWKS. */
public final class TestIssuer {

    private final String url;
    private final KeyPair keys;
    private final String kid;

    TestIssuer(String url) {
        this.url = url;
        this.keys = rsa();
        this.kid = "test-" + Integer.toHexString(System.identityHashCode(this));
    }

    public String url() {
        return url;
    }

    public String kid() {
        return kid;
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
        return token(claims -> claims.subject("user-" + email.hashCode()).audience("tollgate").claim("email", email));
    }

    String discovery() {
        return "{\"issuer\":\"" + url + "\",\"jwks_uri\":\"" + url + "/jwks\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"response_types_supported\":[\"id_token\"],"
                + "\"subject_types_supported\":[\"public\"]}";
    }

    String jwks() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":\"" + kid + "\",\"n\":\""
                + base64url(key.getModulus()) + "\",\"e\":\"" + base64url(key.getPublicExponent()) + "\"}]}";
    }

    Map<String, String> documents() {
        return Map.of("/.well-known/openid-configuration", discovery(), "/jwks", jwks());
    }

    private static String base64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

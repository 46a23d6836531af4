package dev.tollgate.token;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.PublishedKey;
import dev.tollgate.keys.signing.KeyRing;
import dev.tollgate.support.TollgateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies this server's own access tokens (RFC 9068 §4) from memory: signature against the server's published keys,
 * {@code typ: at+jwt}, {@code alg} from the allowlist, exact {@code iss}, {@code exp} and {@code iat} within the
 * configured skew. Whether the account or pool behind a token is still usable is {@link OwnTokenStates}' question.
 */
@ApplicationScoped
public class OwnTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");
    private static final Set<String> TYPES = Set.of("at+jwt", "application/at+jwt");
    private static final int MAX_LENGTH = 16 * 1024;

    private final KeyRing ring;
    private final Clock clock;
    private final TokenConfig config;
    private final String issuer;

    public OwnTokens(KeyRing ring, Clock clock, TokenConfig config, TollgateConfig server) {
        this.ring = ring;
        this.clock = clock;
        this.config = config;
        this.issuer = server.baseUrl();
    }

    /** Whether {@code token} claims to come from this server (unverified, no I/O): routes it to this verifier. */
    public boolean claimsOwnIssuer(String token) {
        return split(token)
                .flatMap(parts -> json(parts[1]))
                .map(claims -> issuer.equals(claims.get("iss")))
                .orElse(false);
    }

    /** The claims of a genuine, unexpired access token of this server; empty for anything else. */
    public Optional<VerifiedToken> verify(String token) {
        Optional<String[]> parts = split(token);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        Optional<Map<String, Object>> header = json(parts.get()[0]);
        Optional<Map<String, Object>> claims = json(parts.get()[1]);
        if (header.isEmpty()
                || claims.isEmpty()
                || !headerAcceptable(header.get())
                || !signatureValid(header.get(), parts.get(), token)
                || !claimsAcceptable(claims.get())) {
            return Optional.empty();
        }
        return Optional.of(new VerifiedToken(claims.get()));
    }

    private static boolean headerAcceptable(Map<String, Object> header) {
        return header.get("alg") instanceof String alg
                && ALGORITHMS.contains(alg)
                && header.get("typ") instanceof String typ
                && TYPES.contains(typ.toLowerCase(Locale.ROOT))
                && header.get("kid") instanceof String;
    }

    private boolean signatureValid(Map<String, Object> header, String[] parts, String token) {
        Object kid = header.get("kid");
        Optional<PublishedKey> key = ring.published(KeySets.SERVER).stream()
                .filter(candidate -> candidate.kid().equals(kid)
                        && candidate.algorithm().name().equals(header.get("alg")))
                .findFirst();
        if (key.isEmpty()) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(key.get().algorithm().jwsSignature());
            signature.initVerify(key.get().publicKey());
            signature.update(token.substring(0, parts[0].length() + 1 + parts[1].length())
                    .getBytes(StandardCharsets.US_ASCII));
            return signature.verify(BASE64URL.decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private boolean claimsAcceptable(Map<String, Object> claims) {
        long now = clock.instant().getEpochSecond();
        long skew = config.clockSkew().toSeconds();
        return issuer.equals(claims.get("iss"))
                && claims.get("sub") instanceof String
                && claims.get("exp") instanceof Number exp
                && exp.longValue() > now - skew
                && claims.get("iat") instanceof Number iat
                && iat.longValue() <= now + skew;
    }

    private static Optional<String[]> split(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        return parts.length == 3 ? Optional.of(parts) : Optional.empty();
    }

    private static Optional<Map<String, Object>> json(String part) {
        try {
            return Optional.ofNullable(JSON.readValue(BASE64URL.decode(part), MAP));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}

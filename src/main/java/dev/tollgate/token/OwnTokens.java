package dev.tollgate.token;

import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.signing.KeyRing;
import dev.tollgate.support.TollgateConfig;
import dev.tollgate.support.jose.Jws;
import dev.tollgate.support.jose.JwsChecks;
import dev.tollgate.support.jose.JwsFormatException;
import dev.tollgate.support.jose.JwtPeek;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies this server's own access tokens (RFC 9068 §4) from memory: signature against the server's published keys,
 * {@code typ: at+jwt}, {@code alg} from the allowlist, exact {@code iss}, {@code exp} and {@code iat} within the
 * configured skew. Whether the account or pool behind a token is still usable is {@link OwnTokenStates}' question.
 */
@ApplicationScoped
public class OwnTokens {

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
        return JwtPeek.issuer(token).filter(issuer::equals).isPresent();
    }

    /**
     * The claims of a genuine, unexpired access token of this server; empty for anything else. The JWS pipeline's
     * steps ({@link Jws}): format → type, alg, kid → the server key the kid names → signature → iss, sub, exp, iat.
     */
    public Optional<VerifiedToken> verify(String token) {
        Jws jws;
        try {
            jws = Jws.parse(token, MAX_LENGTH, Jws.ANY_DEPTH);
        } catch (JwsFormatException e) {
            return Optional.empty();
        }
        if (!JwsChecks.type(jws, TYPES).passed()
                || !JwsChecks.algorithm(jws, ALGORITHMS).passed()
                || !JwsChecks.kid(jws).passed()
                || !signatureValid(jws)
                || !claimsAcceptable(jws)) {
            return Optional.empty();
        }
        return Optional.of(new VerifiedToken(jws.claims()));
    }

    private boolean signatureValid(Jws jws) {
        return ring.published(KeySets.SERVER).stream()
                .filter(candidate -> candidate.kid().equals(jws.kid())
                        && candidate.algorithm().name().equals(jws.alg()))
                .findFirst()
                .map(key -> jws.verify(key.publicKey(), Set.of(jws.alg())).valid())
                .orElse(false);
    }

    private boolean claimsAcceptable(Jws jws) {
        Instant now = clock.instant();
        return JwsChecks.issuer(jws, issuer).passed()
                && jws.claims().get("sub") instanceof String
                && JwsChecks.expiry(jws, now, config.clockSkew()).passed()
                && JwsChecks.issuedAt(jws, now, config.clockSkew()).passed();
    }
}

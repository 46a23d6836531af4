package dev.tollgate.token;

import dev.tollgate.keys.signing.Signer;
import dev.tollgate.support.Ids;
import dev.tollgate.support.TollgateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The only place that assembles access-token claims: RFC 9068 JWTs ({@code typ: at+jwt}) signed by {@link Signer}. */
@ApplicationScoped
public class AccessTokens {

    /** RFC 9068 §2.1: the media type of JWT access tokens. */
    public static final String TYPE = "at+jwt";

    private static final Map<String, Object> HEADER = Map.of("typ", TYPE);

    private final Signer signer;
    private final Clock clock;
    private final String issuer;

    public AccessTokens(Signer signer, Clock clock, TollgateConfig config) {
        this.signer = signer;
        this.clock = clock;
        this.issuer = config.baseUrl();
    }

    public MintedToken mint(TokenContext context) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(context.lifetime());
        String jti = Ids.hex(16);
        Map<String, Object> claims = new LinkedHashMap<>(context.extraClaims());
        claims.put("iss", issuer);
        claims.put("sub", context.subject());
        claims.put(
                "aud",
                context.audience().isEmpty()
                        ? issuer
                        : context.audience().size() == 1 ? context.audience().get(0) : context.audience());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", jti);
        claims.put("client_id", context.clientId());
        if (!context.scopes().isEmpty()) {
            claims.put("scope", context.scopeString());
        }
        context.email().ifPresent(email -> claims.put("email", email));
        context.org().ifPresent(org -> claims.put("org", org));
        context.team().ifPresent(team -> claims.put("team", team));
        context.actor().ifPresent(actor -> claims.put("act", Map.of("sub", actor)));
        return new MintedToken(signer.signJwt(context.keySet(), HEADER, Claims.json(claims)), expiresAt, jti);
    }
}

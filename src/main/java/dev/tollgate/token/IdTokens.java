package dev.tollgate.token;

import dev.tollgate.keys.signing.Signer;
import dev.tollgate.support.Ids;
import dev.tollgate.support.TollgateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The only place that assembles ID-token claims (OpenID Connect Core §2): iss, aud, azp, sub, iat, exp, email. */
@ApplicationScoped
public class IdTokens {

    private static final Map<String, Object> HEADER = Map.of("typ", "JWT");

    private final Signer signer;
    private final Clock clock;
    private final TokenConfig config;
    private final String issuer;

    public IdTokens(Signer signer, Clock clock, TokenConfig config, TollgateConfig server) {
        this.signer = signer;
        this.clock = clock;
        this.config = config;
        this.issuer = server.baseUrl();
    }

    public MintedToken mint(IdTokenContext context) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(config.idTokenLifetime());
        String jti = Ids.hex(16);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", context.audience());
        claims.put("azp", context.authorizedParty());
        claims.put("sub", context.subject());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("jti", jti);
        context.email().ifPresent(email -> {
            claims.put("email", email);
            claims.put("email_verified", true);
        });
        return new MintedToken(signer.signJwt(context.keySet(), HEADER, Claims.json(claims)), expiresAt, jti);
    }
}

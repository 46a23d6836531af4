package dev.tollgate.token;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token introspection (RFC 7662 §2.2): {@code active:true} with the token's claims for a genuine, unexpired access
 * token of this server whose account or pool can still act; {@code active:false} and nothing else otherwise.
 */
@ApplicationScoped
public class Introspection {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final OwnTokens tokens;
    private final OwnTokenStates states;

    public Introspection(OwnTokens tokens, OwnTokenStates states) {
        this.tokens = tokens;
        this.states = states;
    }

    public Uni<Map<String, Object>> introspect(String token) {
        return tokens.verify(token)
                .map(verified ->
                        states.caller(verified).map(caller -> caller.isPresent() ? active(verified) : INACTIVE))
                .orElseGet(() -> Uni.createFrom().item(INACTIVE));
    }

    private static Map<String, Object> active(VerifiedToken token) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        answer.put("token_type", "Bearer");
        answer.putAll(token.claims());
        return answer;
    }
}

package dev.tollgate.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.federation.FederatedPrincipals;
import dev.tollgate.federation.MappedAttributes;
import dev.tollgate.federation.admin.ProviderDirectory;
import dev.tollgate.federation.admin.ResolvedProvider;
import dev.tollgate.federation.exchange.FederatedExchange;
import dev.tollgate.federation.exchange.SubjectTokenExchange;
import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.iam.Caller;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Federated access tokens for external credentials (docs/api.md "Token endpoint", §8): the provider named by {@code audience}
 * verifies and maps the subject token; the token's {@code sub} is the {@code principal://…}, its {@code client_id}
 * the provider's full name, and it carries the mapped {@code groups} and {@code attributes}. A refusal names the
 * provider the audience names, with the subject token's unverified {@code sub} (a lead, not a fact). Lifetime: the shorter
 * of the configured access-token lifetime and the subject token's remaining life, as Google's STS does.
 */
@ApplicationScoped
public class FederatedTokens {

    /** Claims of a federated token beyond RFC 9068's; read back by {@link #caller}. */
    static final String POOL = "pool";

    static final String PROVIDER = "provider";
    static final String GROUPS = "groups";
    static final String ATTRIBUTES = "attributes";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_AUDITED_LENGTH = 256;

    private final SubjectTokenExchange exchanges;
    private final ProviderDirectory directory;
    private final AccessTokens tokens;
    private final Hierarchy hierarchy;
    private final TokenAudit audit;
    private final TokenConfig config;
    private final Clock clock;

    public FederatedTokens(
            SubjectTokenExchange exchanges,
            ProviderDirectory directory,
            AccessTokens tokens,
            Hierarchy hierarchy,
            TokenAudit audit,
            TokenConfig config,
            Clock clock) {
        this.exchanges = exchanges;
        this.directory = directory;
        this.tokens = tokens;
        this.hierarchy = hierarchy;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** The federated token for {@code subjectToken}; every refusal is audited with what the token claimed to be. */
    public Uni<TokenResponse> exchange(String subjectToken, String subjectTokenType, TokenRequest request) {
        return Uni.createFrom().deferred(() -> {
            String audience = request.single("audience").orElse(null);
            Set<String> scopes = AccountTokenRequest.scopes(request.single("scope"));
            return exchanges
                    .exchange(audience, subjectToken)
                    .flatMap(exchange -> mint(exchange, scopes, subjectTokenType))
                    .onFailure(OAuthException.class)
                    .transform(e -> TokenRefusal.of(
                            new TokenRefusal.Provider(
                                    audience, details(audience, unverifiedSubject(subjectToken), subjectTokenType)),
                            e));
        });
    }

    private Uni<TokenResponse> mint(FederatedExchange exchange, Set<String> scopes, String subjectTokenType) {
        ResolvedProvider provider = exchange.provider();
        Duration lifetime = lifetime(exchange.subjectTokenExpiry());
        MappedAttributes mapped = exchange.attributes();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(POOL, provider.location().publicName());
        extra.put(PROVIDER, provider.name());
        if (!mapped.groups().isEmpty()) {
            extra.put(GROUPS, mapped.groups());
        }
        if (!mapped.attributes().isEmpty()) {
            extra.put(ATTRIBUTES, mapped.attributes());
        }
        TokenContext context = TokenContext.builder(exchange.principal(), provider.fullName(), lifetime)
                .scopes(scopes)
                .extraClaims(extra)
                .build();
        MintedToken token = tokens.mint(context);
        return hierarchy
                .lineageNames(provider.projectResource())
                .flatMap(within -> {
                    Map<String, Object> details = details(provider.fullName(), mapped.subject(), subjectTokenType);
                    details.put("jti", token.jti());
                    details.put("scope", context.scopeString());
                    return audit.issued(
                            TokenExchangeGrant.GRANT_TYPE,
                            exchange.principal(),
                            provider.resource(),
                            within,
                            Optional.empty(),
                            details);
                })
                .replaceWith(() -> TokenResponse.accessToken(token, (int) lifetime.toSeconds(), context.scopeString()));
    }

    /** min(configured lifetime, the subject token's remaining life); a subject token already past is refused. */
    private Duration lifetime(Optional<Instant> subjectTokenExpiry) {
        Duration lifetime = config.accessTokenLifetime();
        if (subjectTokenExpiry.isEmpty()) {
            return lifetime;
        }
        Duration remaining = Duration.between(clock.instant(), subjectTokenExpiry.get());
        if (remaining.toSeconds() < 1) {
            throw OAuthException.invalidGrant("The subject token expired at " + subjectTokenExpiry.get()
                    + "; nothing is left of its life to grant.");
        }
        return remaining.compareTo(lifetime) < 0 ? Duration.ofSeconds(remaining.toSeconds()) : lifetime;
    }

    private static Map<String, Object> details(String provider, String externalSubject, String subjectTokenType) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", limited(provider));
        details.put("externalSubject", limited(externalSubject));
        details.put("subjectTokenType", subjectTokenType);
        return details;
    }

    static String unverifiedSubject(String jwt) {
        return unverifiedClaim(jwt, "sub");
    }

    /** A string claim of a JWT whose signature nobody checked: a lead (audit, rate limits), never a fact. */
    static String unverifiedClaim(String jwt, String name) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3 || parts[1].length() > TokenParameters.MAX_VALUE_LENGTH) {
            return null;
        }
        try {
            JsonNode claim = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                    .get(name);
            return claim != null && claim.isTextual() ? claim.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String limited(String text) {
        if (text == null) {
            return "(none)";
        }
        return text.length() <= MAX_AUDITED_LENGTH ? text : text.substring(0, MAX_AUDITED_LENGTH) + "…";
    }

    /**
     * The caller a federated token stands for, rebuilt from its claims; empty when its pool or provider is disabled
     * or gone. The provider is re-resolved on every use (from {@link ProviderDirectory}'s cache), so disabling the
     * pool or provider stops its tokens at once.
     */
    public Uni<Optional<Caller>> caller(VerifiedToken token) {
        return directory
                .resolve(token.clientId())
                .map(provider ->
                        mapped(token, provider).map(mapped -> FederatedPrincipals.caller(provider.pool(), mapped)))
                .onFailure(OAuthException.class)
                .recoverWithItem(Optional.empty());
    }

    /** The token's mapped identity, if its {@code sub} is a principal of the provider's pool. */
    private static Optional<MappedAttributes> mapped(VerifiedToken token, ResolvedProvider provider) {
        String prefix = FederatedPrincipals.principal(provider.pool(), "");
        if (!token.subject().startsWith(prefix) || token.subject().length() == prefix.length()) {
            return Optional.empty();
        }
        List<String> groups = token.claims().get(GROUPS) instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
        Map<String, String> attributes = new LinkedHashMap<>();
        if (token.claims().get(ATTRIBUTES) instanceof Map<?, ?> map) {
            map.forEach((name, value) -> attributes.put(String.valueOf(name), String.valueOf(value)));
        }
        return Optional.of(new MappedAttributes(token.subject().substring(prefix.length()), groups, attributes));
    }
}

package dev.tollgate.token;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.hierarchy.Node;
import dev.tollgate.iam.Authorizer;
import dev.tollgate.keys.KeySets;
import dev.tollgate.serviceaccount.ApiKeyPrincipal;
import dev.tollgate.serviceaccount.ServiceAccountView;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A service account's access token for a verified API key (docs/api.md "Token endpoint"; shared by {@code client_credentials} and
 * the API-key token exchange): picks the entity team, checks attribution, mints and audits. Warm path: memory only.
 */
@ApplicationScoped
public class AccountTokens {

    private final ServiceAccounts accounts;
    private final Hierarchy hierarchy;
    private final Authorizer authorizer;
    private final AccessTokens tokens;
    private final TokenAudit audit;
    private final TokenConfig config;

    public AccountTokens(ServiceAccounts accounts, Hierarchy hierarchy, Authorizer authorizer, AccessTokens tokens,
            TokenAudit audit, TokenConfig config) {
        this.accounts = accounts;
        this.hierarchy = hierarchy;
        this.authorizer = authorizer;
        this.tokens = tokens;
        this.audit = audit;
        this.config = config;
    }

    /** The token for {@code key}'s account as {@code request} asks; refusals are audited against the account. */
    public Uni<TokenResponse> issue(String grantType, ApiKeyPrincipal key, TokenRequest request) {
        String principal = "serviceAccount:" + key.email();
        String resource = key.home() + "/serviceAccounts/" + key.uniqueId();
        return Uni.createFrom().item(() -> AccountTokenRequest.parse(request))
                .flatMap(asked -> accounts.find(key.uniqueId())
                        .flatMap(account -> entity(account, asked.entity()))
                        .call(team -> requireMember(asked.attributedUser(), team))
                        .flatMap(team -> mint(grantType, key, asked, team)))
                .onFailure(ApiException.class).transform(e -> OAuthException.invalidGrant(e.getMessage()))
                .onFailure(OAuthException.class).call(e -> hierarchy.lineageNames(key.home())
                        .call(within -> audit.refused(grantType, principal, resource, within,
                                Optional.empty(), (OAuthException) e, Map.of("keyId", key.keyId())))
                        .onFailure().recoverWithNull());
    }

    /** The team the token writes to: the asked entity if within reach, else the account's own or default team. */
    private Uni<Node> entity(ServiceAccountView account, Optional<String> asked) {
        if (asked.isPresent()) {
            String team = asked.get();
            return accounts.reachesTeam(account, team).flatMap(reaches -> {
                if (!reaches) {
                    throw OAuthException.invalidTarget("Team '" + team.substring("teams/".length())
                            + "' is outside the reach of service account " + account.email() + ".");
                }
                return hierarchy.node(team);
            });
        }
        return hierarchy.node(account.home()).flatMap(home -> switch (home.kind()) {
            case ORGANIZATION -> account.defaultTeam().map(hierarchy::node).orElseThrow(() ->
                    OAuthException.invalidRequest("Service account " + account.email()
                            + " has no defaultTeam; send entity."));
            case TEAM -> Uni.createFrom().item(home);
            case PROJECT -> hierarchy.node("teams/" + home.teamId().orElseThrow());
        });
    }

    private Uni<Void> requireMember(Optional<String> user, Node team) {
        if (user.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return authorizer.isTeamMember("user:" + user.get(), team.name()).invoke(member -> {
            if (!member) {
                throw OAuthException.invalidRequest("User '" + user.get() + "' is not a member of team '"
                        + team.id() + "'; attribution needs a member of the entity team.");
            }
        }).replaceWithVoid();
    }

    private Uni<TokenResponse> mint(String grantType, ApiKeyPrincipal key, AccountTokenRequest asked, Node team) {
        TokenContext context = new TokenContext(key.uniqueId(), Optional.of(key.email()), key.uniqueId(),
                asked.audience(), asked.scopes(), Optional.of(team.orgId()), Optional.of(team.id()),
                asked.attributedUser().map(user -> "user:" + user), Map.of(), config.accessTokenLifetime(),
                KeySets.SERVER);
        MintedToken token = tokens.mint(context);
        return within(key.home(), team.name()).flatMap(within -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("keyId", key.keyId());
            details.put("jti", token.jti());
            details.put("entity", team.name());
            details.put("scope", context.scopeString());
            return audit.issued(grantType, "serviceAccount:" + key.email(), key.home() + "/serviceAccounts/"
                    + key.uniqueId(), within, asked.attributedUser().map(user -> "user:" + user), details);
        }).replaceWith(() -> TokenResponse.accessToken(token, (int) config.accessTokenLifetime().toSeconds(),
                context.scopeString()));
    }

    /** The account's home and the entity team with their ancestors: whose audit logs show the token. */
    private Uni<List<String>> within(String home, String team) {
        return hierarchy.lineageNames(home).flatMap(homeLineage -> hierarchy.lineageNames(team).map(teamLineage -> {
            Set<String> all = new LinkedHashSet<>(homeLineage);
            all.addAll(teamLineage);
            return List.copyOf(all);
        }));
    }
}

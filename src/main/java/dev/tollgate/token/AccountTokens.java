package dev.tollgate.token;

import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.hierarchy.Node;
import dev.tollgate.iam.Authorizer;
import dev.tollgate.serviceaccount.AuthenticatedAccount;
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
 * the API-key token exchange, and the key files of the jwt-bearer grant): picks the entity team, checks attribution,
 * mints and audits the token. Warm path: memory only.
 */
@ApplicationScoped
public class AccountTokens {

    private final ServiceAccounts accounts;
    private final Hierarchy hierarchy;
    private final Authorizer authorizer;
    private final AccessTokens tokens;
    private final TokenAudit audit;
    private final TokenConfig config;

    public AccountTokens(
            ServiceAccounts accounts,
            Hierarchy hierarchy,
            Authorizer authorizer,
            AccessTokens tokens,
            TokenAudit audit,
            TokenConfig config) {
        this.accounts = accounts;
        this.hierarchy = hierarchy;
        this.authorizer = authorizer;
        this.tokens = tokens;
        this.audit = audit;
        this.config = config;
    }

    /** The token for {@code account} as {@code request} asks; refusals name the account and the verified key. */
    public Uni<TokenResponse> issue(String grantType, AuthenticatedAccount account, TokenRequest request) {
        return Uni.createFrom()
                .item(() -> AccountTokenRequest.parse(request))
                .flatMap(asked -> accounts.find(account.uniqueId())
                        .flatMap(found -> entity(found, asked.entity()))
                        .call(team -> requireMember(asked.attributedUser(), team))
                        .flatMap(team -> mint(grantType, account, asked, team)))
                .onFailure(ApiException.class)
                .transform(e -> OAuthException.invalidGrant(e.getMessage()))
                .onFailure(OAuthException.class)
                .transform(e -> TokenRefusal.ofAccount(account.uniqueId(), Map.of("keyId", account.keyId()), e));
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
            case ORGANIZATION ->
                account.defaultTeam()
                        .map(hierarchy::node)
                        .orElseThrow(() -> OAuthException.invalidRequest(
                                "Service account " + account.email() + " has no defaultTeam; send entity."));
            case TEAM -> Uni.createFrom().item(home);
            case PROJECT -> hierarchy.node("teams/" + home.teamId().orElseThrow());
        });
    }

    private Uni<Void> requireMember(Optional<String> user, Node team) {
        if (user.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return authorizer
                .isTeamMember("user:" + user.get(), team.name())
                .invoke(member -> {
                    if (!member) {
                        throw OAuthException.invalidRequest("User '" + user.get() + "' is not a member of team '"
                                + team.id() + "'; attribution needs a member of the entity team.");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<TokenResponse> mint(
            String grantType, AuthenticatedAccount account, AccountTokenRequest asked, Node team) {
        Optional<String> actor = asked.attributedUser().map(user -> "user:" + user);
        TokenContext context = TokenContext.builder(
                        account.uniqueId(), account.uniqueId(), config.accessTokenLifetime())
                .email(account.email())
                .audience(asked.audience())
                .scopes(asked.scopes())
                .org(team.orgId())
                .team(Optional.of(team.id()))
                .actor(actor)
                .build();
        MintedToken token = tokens.mint(context);
        return within(account.home(), team.name())
                .flatMap(within -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("keyId", account.keyId());
                    details.put("jti", token.jti());
                    details.put("entity", team.name());
                    details.put("scope", context.scopeString());
                    return audit.issued(
                            grantType, "serviceAccount:" + account.email(), account.resource(), within, actor, details);
                })
                .replaceWith(() -> TokenResponse.accessToken(
                        token, (int) config.accessTokenLifetime().toSeconds(), context.scopeString()));
    }

    /** The account's home and the entity team with their ancestors: whose audit logs show the token. */
    private Uni<List<String>> within(String home, String team) {
        return hierarchy
                .lineageNames(home)
                .flatMap(homeLineage -> hierarchy.lineageNames(team).map(teamLineage -> {
                    Set<String> all = new LinkedHashSet<>(homeLineage);
                    all.addAll(teamLineage);
                    return List.copyOf(all);
                }));
    }
}

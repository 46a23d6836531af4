package dev.tollgate.token.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.audit.AuditEvent;
import dev.tollgate.audit.AuditLog;
import dev.tollgate.audit.AuditUnavailableException;
import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.hierarchy.Node;
import dev.tollgate.iam.Caller;
import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.signing.KeyRing;
import dev.tollgate.keys.signing.Signer;
import dev.tollgate.policy.Constraints;
import dev.tollgate.policy.OrgPolicies;
import dev.tollgate.serviceaccount.ServiceAccountView;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.Timestamps;
import dev.tollgate.token.AccessTokens;
import dev.tollgate.token.IdTokenContext;
import dev.tollgate.token.IdTokens;
import dev.tollgate.token.MintedToken;
import dev.tollgate.token.TokenContext;
import dev.tollgate.token.credentials.CredentialsRequests.AccessTokenView;
import dev.tollgate.token.credentials.CredentialsRequests.GenerateAccessToken;
import dev.tollgate.token.credentials.CredentialsRequests.GenerateIdToken;
import dev.tollgate.token.credentials.CredentialsRequests.IdTokenView;
import dev.tollgate.token.credentials.CredentialsRequests.SignBlob;
import dev.tollgate.token.credentials.CredentialsRequests.SignJwt;
import dev.tollgate.token.credentials.CredentialsRequests.SignedBlobView;
import dev.tollgate.token.credentials.CredentialsRequests.SignedJwtView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Impersonation (docs/api.md "Credentials API"): short-lived access and ID tokens for a service account, and signatures by its
 * system-managed keys, for callers that the delegation chain authorizes. Every answer, granted or refused, is audited.
 */
@ApplicationScoped
public class CredentialsService {

    private final DelegationChain chain;
    private final ServiceAccounts accounts;
    private final AccessTokens accessTokens;
    private final IdTokens idTokens;
    private final Signer signer;
    private final KeyRing ring;
    private final OrgPolicies orgPolicies;
    private final Hierarchy hierarchy;
    private final AuditLog audit;
    private final CredentialsConfig config;
    private final Clock clock;
    private final ObjectMapper json;

    public CredentialsService(
            DelegationChain chain,
            ServiceAccounts accounts,
            AccessTokens accessTokens,
            IdTokens idTokens,
            Signer signer,
            KeyRing ring,
            OrgPolicies orgPolicies,
            Hierarchy hierarchy,
            AuditLog audit,
            CredentialsConfig config,
            Clock clock,
            ObjectMapper json) {
        this.chain = chain;
        this.accounts = accounts;
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
        this.signer = signer;
        this.ring = ring;
        this.orgPolicies = orgPolicies;
        this.hierarchy = hierarchy;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    public Uni<AccessTokenView> generateAccessToken(Caller caller, String account, GenerateAccessToken request) {
        GenerateAccessToken body = request == null ? new GenerateAccessToken(null, null, null) : request;
        return issue(Verb.GENERATE_ACCESS_TOKEN, caller, account, body.delegates(), target -> {
            Set<String> scopes = scopes(body.scope());
            Duration lifetime = lifetime(body.lifetime());
            return requireLifetimeAllowed(target, lifetime)
                    .chain(() -> hierarchy.node(target.home()))
                    .map(home -> accessTokens.mint(accessToken(target, home, scopes, actor(caller), lifetime)))
                    .map(minted -> new Issued<>(
                            new AccessTokenView(minted.token(), Timestamps.format(minted.expiresAt())),
                            Map.of(
                                    "jti",
                                    minted.jti(),
                                    "scope",
                                    List.copyOf(scopes),
                                    "lifetime",
                                    Timestamps.formatDuration(lifetime))));
        });
    }

    public Uni<IdTokenView> generateIdToken(Caller caller, String account, GenerateIdToken request) {
        GenerateIdToken body = request == null ? new GenerateIdToken(null, null, null) : request;
        return issue(Verb.GENERATE_ID_TOKEN, caller, account, body.delegates(), target -> {
            if (body.audience() == null || body.audience().isBlank()) {
                throw ApiException.invalidArgument("audience is required: the aud claim of the ID token.");
            }
            boolean includeEmail = Boolean.TRUE.equals(body.includeEmail());
            MintedToken minted = idTokens.mint(new IdTokenContext(
                    target.uniqueId(),
                    body.audience(),
                    target.uniqueId(),
                    includeEmail ? Optional.of(target.email()) : Optional.empty(),
                    KeySets.SERVER));
            return Uni.createFrom()
                    .item(new Issued<>(
                            new IdTokenView(minted.token()),
                            Map.of("jti", minted.jti(), "audience", body.audience(), "includeEmail", includeEmail)));
        });
    }

    public Uni<SignedBlobView> signBlob(Caller caller, String account, SignBlob request) {
        SignBlob body = request == null ? new SignBlob(null, null) : request;
        return issue(Verb.SIGN_BLOB, caller, account, body.delegates(), target -> {
            byte[] payload = base64(body.payload());
            return systemKeys(target)
                    .map(keySet -> signer.signBlob(keySet, payload))
                    .map(signed -> new Issued<>(
                            new SignedBlobView(
                                    signed.keyId(), Base64.getEncoder().encodeToString(signed.signature())),
                            Map.of("keyId", signed.keyId(), "payloadBytes", payload.length)));
        });
    }

    public Uni<SignedJwtView> signJwt(Caller caller, String account, SignJwt request) {
        SignJwt body = request == null ? new SignJwt(null, null) : request;
        return issue(Verb.SIGN_JWT, caller, account, body.delegates(), target -> {
            String claims = JwtPayloads.claims(
                    json,
                    body.payload(),
                    clock.instant(),
                    config.signJwtMaxLifetime(),
                    config.signJwtDefaultLifetime());
            return systemKeys(target)
                    .map(keySet -> signer.signJwt(keySet, Map.of("typ", "JWT"), claims))
                    .map(jwt -> new Issued<>(
                            new SignedJwtView(CompactJws.keyId(json, jwt), jwt),
                            Map.of("keyId", CompactJws.keyId(json, jwt))));
        });
    }

    /** The credentials API methods: audit name and the permission the last link needs on the target. */
    enum Verb {
        GENERATE_ACCESS_TOKEN("GenerateAccessToken", "iam.serviceAccounts.getAccessToken"),
        GENERATE_ID_TOKEN("GenerateIdToken", "iam.serviceAccounts.getOpenIdToken"),
        SIGN_BLOB("SignBlob", "iam.serviceAccounts.signBlob"),
        SIGN_JWT("SignJwt", "iam.serviceAccounts.signJwt");

        final String method;
        final String permission;

        Verb(String method, String permission) {
            this.method = method;
            this.permission = permission;
        }
    }

    /** A credential and the non-secret facts the audit log keeps about it. */
    private record Issued<T>(T response, Map<String, Object> details) {}

    private <T> Uni<T> issue(
            Verb verb,
            Caller caller,
            String account,
            List<String> delegates,
            Function<ServiceAccountView, Uni<Issued<T>>> work) {
        return chain.account(account)
                .onFailure()
                .invoke(failure ->
                        record(verb, caller, "projects/-/serviceAccounts/" + account, List.of(), delegates, failure))
                .flatMap(target -> hierarchy
                        .lineageNames(target.home())
                        .flatMap(within -> chain.authorize(caller, target, delegates, verb.permission)
                                .chain(() -> work.apply(target))
                                .invoke(() -> accounts.markUsed(target.uniqueId()))
                                .call(issued ->
                                        audit.recordDurably(event(verb, caller, target.name(), within, delegates, "OK")
                                                .withDetails(withDelegates(issued.details(), delegates))))
                                .onFailure()
                                .invoke(failure -> record(verb, caller, target.name(), within, delegates, failure))))
                .map(Issued::response);
    }

    /** Queues the refusal's entry (written even though nobody waits for it); an audit outage is no refusal. */
    private void record(
            Verb verb, Caller caller, String resource, List<String> within, List<String> delegates, Throwable failure) {
        if (failure instanceof AuditUnavailableException) {
            return;
        }
        String result =
                failure instanceof ApiException refused ? refused.status().name() : "INTERNAL";
        audit.recordRefusal(event(verb, caller, resource, within, delegates, result)
                .withDetails(withDelegates(Map.of(), delegates)));
    }

    private static AuditEvent event(
            Verb verb, Caller caller, String resource, List<String> within, List<String> delegates, String result) {
        return new AuditEvent(caller.member(), null, verb.method, resource, result, within, Map.of());
    }

    private static Map<String, Object> withDelegates(Map<String, Object> details, List<String> delegates) {
        if (delegates == null || delegates.isEmpty()) {
            return details;
        }
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.put("delegates", List.copyOf(delegates));
        return all;
    }

    private static Set<String> scopes(List<String> requested) {
        Set<String> scopes = new LinkedHashSet<>();
        if (requested != null) {
            requested.stream()
                    .filter(scope -> scope != null)
                    .flatMap(scope -> List.of(scope.trim().split("\\s+")).stream())
                    .filter(scope -> !scope.isEmpty())
                    .forEach(scopes::add);
        }
        if (scopes.isEmpty()) {
            throw ApiException.invalidArgument("scope is required: at least one OAuth scope for the access token.");
        }
        return scopes;
    }

    private Duration lifetime(String requested) {
        if (requested == null || requested.isBlank()) {
            return config.defaultLifetime();
        }
        Duration lifetime = Timestamps.parseDuration(requested.trim())
                .orElseThrow(() -> ApiException.invalidArgument(
                        "lifetime '" + requested + "' is not a duration in seconds such as \"3600s\"."));
        if (lifetime.isZero() || lifetime.isNegative()) {
            throw ApiException.invalidArgument("lifetime must be positive, not '" + requested + "'.");
        }
        return lifetime;
    }

    /** Up to max-lifetime for everyone; up to extended-max-lifetime where the organization policy lists the account. */
    private Uni<Void> requireLifetimeAllowed(ServiceAccountView target, Duration lifetime) {
        if (lifetime.compareTo(config.maxLifetime()) <= 0) {
            return Uni.createFrom().voidItem();
        }
        if (lifetime.compareTo(config.extendedMaxLifetime()) > 0) {
            return Uni.createFrom()
                    .failure(ApiException.invalidArgument("lifetime "
                            + Timestamps.formatDuration(lifetime) + " exceeds the maximum of "
                            + Timestamps.formatDuration(config.extendedMaxLifetime()) + "."));
        }
        String constraint = Constraints.ALLOW_SERVICE_ACCOUNT_CREDENTIAL_LIFETIME_EXTENSION;
        return orgPolicies
                .allows(target.home(), constraint, target.email())
                .invoke(allowed -> {
                    if (!allowed) {
                        throw ApiException.invalidArgument("lifetime " + Timestamps.formatDuration(lifetime)
                                + " exceeds the maximum of " + Timestamps.formatDuration(config.maxLifetime())
                                + "; up to "
                                + Timestamps.formatDuration(config.extendedMaxLifetime())
                                + " only for service accounts "
                                + "listed by organization policy " + constraint + ".");
                    }
                })
                .replaceWithVoid();
    }

    /**
     * The access token's claims: it writes to the account's organization and to an org-scoped account's default team
     * (none if unset), else to its home's team.
     */
    private static TokenContext accessToken(
            ServiceAccountView target, Node home, Set<String> scopes, Optional<String> actor, Duration lifetime) {
        Optional<String> team = home.kind() == Node.Kind.ORGANIZATION
                ? target.defaultTeam().map(name -> name.substring("teams/".length()))
                : home.teamId();
        return TokenContext.builder(target.uniqueId(), target.uniqueId(), lifetime)
                .email(target.email())
                .scopes(scopes)
                .org(home.orgId())
                .team(team)
                .actor(actor)
                .build();
    }

    /** A human impersonating an account is named in {@code act}; machine callers are not attributed. */
    private static Optional<String> actor(Caller caller) {
        return caller.member().startsWith("user:") ? Optional.of(caller.member()) : Optional.empty();
    }

    /** The account's system-managed key set; made here if the account has none yet. */
    private Uni<String> systemKeys(ServiceAccountView target) {
        String keySet = KeySets.serviceAccount(target.uniqueId());
        if (ring.hasActiveKey(keySet)) {
            return Uni.createFrom().item(keySet);
        }
        return ring.ensureLoaded(keySet)
                .chain(() -> ring.hasActiveKey(keySet) ? Uni.createFrom().voidItem() : ring.ensureKeySet(keySet))
                .replaceWith(keySet);
    }

    private static byte[] base64(String payload) {
        if (payload == null || payload.isEmpty()) {
            throw ApiException.invalidArgument("payload is required: the bytes to sign, base64-encoded.");
        }
        try {
            return Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException standard) {
            try {
                return Base64.getUrlDecoder().decode(payload);
            } catch (IllegalArgumentException urlSafe) {
                throw ApiException.invalidArgument("payload is not base64: " + standard.getMessage() + ".");
            }
        }
    }
}

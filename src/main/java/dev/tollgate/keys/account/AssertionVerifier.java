package dev.tollgate.keys.account;

import dev.tollgate.serviceaccount.ServiceAccountView;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.TollgateConfig;
import dev.tollgate.support.jose.Jws;
import dev.tollgate.support.jose.JwsSignatures;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Verifies JWTs signed by a service account's user-managed key (docs/api.md "Token endpoint" and "Self-signed JWTs"):
 * jwt-bearer assertions (RFC 7523 §3) and self-signed bearer JWTs. One pipeline: RS256 only, the account's own
 * enabled, in-date key by {@code kid} (or, without {@code kid}, the usable key whose signature verifies), exact
 * {@code iss}, an accepted {@code aud}, a short lifetime in a reasonable timeframe, an enabled account. Keys come from
 * memory; nothing in the JWT is fetched.
 */
@ApplicationScoped
public class AssertionVerifier {

    /**
     * Token-endpoint URLs Google's libraries put in {@code aud} whatever the key file says: google-auth-library for
     * Node 10 and Python ({@code oauth2.googleapis.com}), Node 9 through gtoken 7 ({@code www.googleapis.com/oauth2/v4}),
     * and the {@code token_uri} of key files and clients older than 2019 ({@code accounts.google.com}).
     */
    public static final List<String> GOOGLE_TOKEN_AUDIENCES = List.of(
            "https://oauth2.googleapis.com/token",
            "https://www.googleapis.com/oauth2/v4/token",
            "https://accounts.google.com/o/oauth2/token");
    /** Services of the universe whose host names, as a self-signed JWT's {@code aud}, name Tollgate's API. */
    public static final List<String> API_SERVICES = List.of("iam", "iamcredentials", "cloudresourcemanager");

    private final ServiceAccounts accounts;
    private final AccountKeys keys;
    private final AccountKeysConfig config;
    private final JwsSignatures signatures;
    private final Clock clock;
    private final Set<String> tokenAudiences;
    private final String issuer;
    private final List<String> apiHosts;

    public AssertionVerifier(
            ServiceAccounts accounts,
            AccountKeys keys,
            AccountKeysConfig config,
            JwsSignatures signatures,
            Clock clock,
            TollgateConfig server) {
        this.accounts = accounts;
        this.signatures = signatures;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        List<String> token = new ArrayList<>(List.of(server.baseUrl() + "/oauth2/token", server.baseUrl() + "/token"));
        token.addAll(GOOGLE_TOKEN_AUDIENCES);
        server.universeHost("oauth2").ifPresent(host -> token.add("https://" + host + "/token"));
        this.tokenAudiences = Set.copyOf(token);
        this.issuer = server.baseUrl();
        this.apiHosts = API_SERVICES.stream()
                .flatMap(service -> server.universeHost(service).stream())
                .map(host -> "https://" + host)
                .toList();
    }

    /** A JWT that passed every check, the account it speaks for, and the key that signed it (audited as keyId). */
    public record VerifiedAssertion(ServiceAccountView account, String kid, Map<String, Object> claims) {}

    /** A jwt-bearer assertion, or a failure with {@code invalid_grant} naming the first check that failed. */
    public Uni<VerifiedAssertion> verify(String assertion) {
        return verify(
                assertion,
                parsed -> AssertionChecks.audience(
                        parsed,
                        tokenAudiences::contains,
                        "one of " + tokenAudiences.stream().sorted().toList()));
    }

    /**
     * A self-signed JWT presented as a bearer credential: its {@code aud}, when present, must name Tollgate's API
     * (the issuer URL, or a URL under {@code {issuer}/v1/} or under an API host of the universe); without {@code aud}
     * the caller must check the {@code scope} claim. Failures are {@code invalid_grant} values like assertions'.
     */
    public Uni<VerifiedAssertion> verifySelfSigned(String jwt) {
        return verify(jwt, parsed -> {
            if (parsed.claims().get("aud") != null) {
                AssertionChecks.audience(
                        parsed,
                        this::namesApi,
                        "a URL of this API (" + issuer + ", " + issuer + "/v1/…"
                                + apiHosts.stream()
                                        .map(host -> ", " + host + "/…")
                                        .reduce("", String::concat) + ")");
            }
        });
    }

    private boolean namesApi(String audience) {
        return audience.equals(issuer)
                || audience.equals(issuer + "/")
                || audience.startsWith(issuer + "/v1/")
                || apiHosts.stream().anyMatch(host -> audience.equals(host) || audience.startsWith(host + "/"));
    }

    private Uni<VerifiedAssertion> verify(String jwt, Consumer<Jws> audience) {
        Jws parsed = AssertionChecks.parse(jwt, config.maxAssertionSize());
        AssertionChecks.algorithm(parsed);
        AssertionChecks.noKeyHeaders(parsed);
        String email = AssertionChecks.issuer(parsed);
        return account(email)
                .chain(account -> keys.userKeys(account).map(userKeys -> checked(parsed, account, userKeys, audience)));
    }

    private VerifiedAssertion checked(
            Jws parsed, ServiceAccountView account, List<UserKey> userKeys, Consumer<Jws> audience) {
        Instant now = clock.instant();
        UserKey key = signingKey(parsed, userKeys, now);
        audience.accept(parsed);
        AssertionChecks.timeframe(parsed, now, config.assertionClockSkew(), config.maxAssertionLifetime());
        AssertionChecks.subject(parsed, account.email());
        if (account.disabled()) {
            throw AssertionChecks.reject(AssertionChecks.ACCOUNT_DISABLED);
        }
        return new VerifiedAssertion(account, key.kid(), parsed.claims());
    }

    private UserKey signingKey(Jws parsed, List<UserKey> userKeys, Instant now) {
        if (!hasKid(parsed)) {
            return AssertionChecks.signer(parsed, userKeys, now, signatures);
        }
        UserKey key = AssertionChecks.key(userKeys, parsed.kid(), now);
        AssertionChecks.signature(parsed, key, signatures);
        return key;
    }

    private static boolean hasKid(Jws parsed) {
        return parsed.kid() != null && !parsed.kid().isBlank();
    }

    /** The live account whose email is {@code issuer}; an unknown, deleted or uniqueId issuer is refused. */
    private Uni<ServiceAccountView> account(String issuer) {
        return accounts.find(issuer)
                .onFailure(ApiException.class)
                .transform(e -> AssertionChecks.reject(
                        "No service account " + issuer + " exists; iss must be the email of the key file's account."))
                .invoke(account -> {
                    if (!account.email().equals(issuer)) {
                        throw AssertionChecks.reject(
                                "iss must be the service account's email " + account.email() + ".");
                    }
                });
    }
}

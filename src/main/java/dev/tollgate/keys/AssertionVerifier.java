package dev.tollgate.keys;

import dev.tollgate.keys.AssertionChecks.ParsedAssertion;
import dev.tollgate.serviceaccount.ServiceAccountView;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.TollgateConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies jwt-bearer assertions signed by a service account's user-managed key (RFC 7523 §3, docs/api.md "Token endpoint"): RS256
 * only, the account's own enabled, in-date key by {@code kid}, exact {@code iss}, an accepted {@code aud}, a short
 * lifetime in a reasonable timeframe, an enabled account. Keys come from memory; nothing in the assertion is fetched.
 */
@ApplicationScoped
public class AssertionVerifier {

    private final ServiceAccounts accounts;
    private final AccountKeys keys;
    private final AccountKeysConfig config;
    private final Clock clock;
    private final Set<String> audiences;

    public AssertionVerifier(ServiceAccounts accounts, AccountKeys keys, AccountKeysConfig config, Clock clock,
            TollgateConfig server) {
        this.accounts = accounts;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        this.audiences = Set.of(server.baseUrl() + "/oauth2/token", server.baseUrl() + "/token",
                "https://oauth2.googleapis.com/token");
    }

    /** An assertion that passed every check, and the account it speaks for. */
    public record VerifiedAssertion(ServiceAccountView account, String kid, Map<String, Object> claims) {
    }

    /** The verified assertion, or a failure with {@code invalid_grant} naming the first check that failed. */
    public Uni<VerifiedAssertion> verify(String assertion) {
        ParsedAssertion parsed = AssertionChecks.parse(assertion, config.maxAssertionSize());
        AssertionChecks.algorithm(parsed);
        AssertionChecks.keyId(parsed);
        AssertionChecks.noKeyHeaders(parsed);
        String issuer = AssertionChecks.issuer(parsed);
        return account(issuer).chain(account -> keys.userKeys(account)
                .map(userKeys -> checked(parsed, account, userKeys)));
    }

    private VerifiedAssertion checked(ParsedAssertion parsed, ServiceAccountView account, List<UserKey> userKeys) {
        Instant now = clock.instant();
        UserKey key = AssertionChecks.key(userKeys, parsed.kid(), now);
        AssertionChecks.signature(parsed, key);
        AssertionChecks.audience(parsed, audiences);
        AssertionChecks.timeframe(parsed, now, config.assertionClockSkew(), config.maxAssertionLifetime());
        AssertionChecks.subject(parsed, account.email());
        if (account.disabled()) {
            throw AssertionChecks.reject(AssertionChecks.ACCOUNT_DISABLED);
        }
        return new VerifiedAssertion(account, key.kid(), parsed.claims());
    }

    /** The live account whose email is {@code issuer}; an unknown, deleted or uniqueId issuer is refused. */
    private Uni<ServiceAccountView> account(String issuer) {
        return accounts.find(issuer)
                .onFailure(ApiException.class).transform(e -> AssertionChecks.reject("No service account "
                        + issuer + " exists; iss must be the email of the key file's account."))
                .invoke(account -> {
                    if (!account.email().equals(issuer)) {
                        throw AssertionChecks.reject("iss must be the service account's email " + account.email()
                                + ".");
                    }
                });
    }
}

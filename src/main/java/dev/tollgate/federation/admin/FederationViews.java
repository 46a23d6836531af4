package dev.tollgate.federation.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.federation.CheckVerdict;
import dev.tollgate.federation.PoolLocation;
import dev.tollgate.support.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Response bodies of the pool and provider endpoints (docs/api.md "Workload identity federation"), shaped like Google's. */
public final class FederationViews {

    private FederationViews() {}

    public enum State {
        ACTIVE,
        DELETED
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pool(
            String name, String displayName, String description, State state, boolean disabled, String expireTime) {
        static Pool of(PoolLocation location, PoolEntity pool, Duration retention) {
            return new Pool(
                    location.publicName(),
                    pool.displayName,
                    pool.description,
                    stateOf(pool.deleteTime),
                    pool.disabled,
                    expiry(pool.deleteTime, retention));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provider(
            String name,
            String displayName,
            String description,
            State state,
            boolean disabled,
            Map<String, String> attributeMapping,
            String attributeCondition,
            Oidc oidc,
            String expireTime) {
        static Provider of(
                PoolLocation location, ProviderEntity provider, Map<String, String> mapping, Duration retention) {
            return new Provider(
                    location.providerPublicName(provider.providerId),
                    provider.displayName,
                    provider.description,
                    stateOf(provider.deleteTime),
                    provider.disabled,
                    mapping,
                    provider.attributeCondition,
                    new Oidc(provider.issuerUri, Arrays.asList(provider.allowedAudiences), provider.jwksJson),
                    expiry(provider.deleteTime, retention));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Oidc(String issuerUri, List<String> allowedAudiences, String jwksJson) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pools(List<Pool> workloadIdentityPools, String nextPageToken) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Providers(List<Provider> workloadIdentityPoolProviders, String nextPageToken) {}

    /** The {@code :testExchange} answer: what an exchange of the token would do, check by check. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExchangeReport(
            String provider,
            String audience,
            String result,
            String errorDescription,
            boolean signatureVerified,
            List<Verdict> checks,
            Map<String, Object> attributes,
            String principal,
            List<String> principalSets,
            ConditionResult condition) {}

    /** One check: {@code PASS} or {@code FAIL} with what was presented and expected. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verdict(String check, String verdict, String presented, String expected) {
        static Verdict of(CheckVerdict verdict) {
            return verdict.rejection()
                    .map(r -> new Verdict(r.check().wireName(), "FAIL", r.presented(), r.expected()))
                    .orElseGet(() -> new Verdict(verdict.check().wireName(), "PASS", null, null));
        }
    }

    /** The condition's value, or the error it ran into; absent when no condition is set or nothing was mapped. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConditionResult(String expression, Boolean result, String error) {}

    private static State stateOf(Instant deleteTime) {
        return deleteTime == null ? State.ACTIVE : State.DELETED;
    }

    private static String expiry(Instant deleteTime, Duration retention) {
        return deleteTime == null ? null : Timestamps.format(deleteTime.plus(retention));
    }
}

package dev.tollgate.federation.admin;

import dev.tollgate.federation.CheckVerdict;
import dev.tollgate.federation.FederatedPrincipals;
import dev.tollgate.federation.FederationRejectedException;
import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.MappedAttributes;
import dev.tollgate.federation.admin.FederationViews.ConditionResult;
import dev.tollgate.federation.admin.FederationViews.ExchangeReport;
import dev.tollgate.federation.admin.FederationViews.Verdict;
import dev.tollgate.federation.cel.AttributeCondition;
import dev.tollgate.federation.cel.AttributeExpressions;
import dev.tollgate.federation.cel.AttributeMapping;
import dev.tollgate.federation.cel.CelPrograms;
import dev.tollgate.federation.verify.VerificationReport;
import dev.tollgate.support.OAuthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code :testExchange} report: every verification check's verdict, then the mapping and the condition run on
 * the token's claims (even when a check failed, so that an administrator sees everything at once), and the
 * answer a real exchange would give. Never carries the token.
 */
final class ExchangeDryRun {

    private ExchangeDryRun() {}

    /**
     * @param refusal why the pool or provider would refuse any exchange (disabled, deleted), if it would
     */
    static ExchangeReport report(ResolvedProvider provider, VerificationReport verification, Optional<String> refusal) {
        List<CheckVerdict> verdicts = new ArrayList<>(verification.verdicts());
        Map<String, Object> claims = verification.claims();
        CelPrograms.Budget budget = provider.mapping().budget();
        MappedAttributes mapped = claims.isEmpty() ? null : map(provider, claims, verdicts, budget);
        ConditionResult condition = mapped == null
                ? null
                : provider.condition()
                        .map(c -> evaluate(c, claims, mapped, verdicts, budget))
                        .orElse(null);
        // The administrator sees the full description; an exchange would answer FederationRejection#toOAuthException.
        Optional<OAuthException> error = refusal.map(OAuthException::invalidTarget)
                .or(() -> verdicts.stream()
                        .flatMap(verdict -> verdict.rejection().stream())
                        .findFirst()
                        .map(rejection ->
                                new OAuthException(rejection.toOAuthException().error(), rejection.description())));
        boolean signed = verdicts.stream().anyMatch(v -> v.check() == Check.SIGNATURE && v.passed());
        return new ExchangeReport(
                provider.name(),
                provider.fullName(),
                error.map(OAuthException::error).orElse("OK"),
                error.map(OAuthException::description).orElse(null),
                signed,
                verdicts.stream().map(Verdict::of).toList(),
                mapped == null ? null : attributes(mapped, provider.mapping()),
                mapped == null ? null : FederatedPrincipals.principal(provider.pool(), mapped.subject()),
                mapped == null ? null : List.copyOf(FederatedPrincipals.principalSets(provider.pool(), mapped)),
                condition);
    }

    private static MappedAttributes map(
            ResolvedProvider provider,
            Map<String, Object> claims,
            List<CheckVerdict> verdicts,
            CelPrograms.Budget budget) {
        try {
            MappedAttributes mapped = provider.mapping().apply(claims, budget);
            verdicts.add(CheckVerdict.pass(Check.MAPPING));
            return mapped;
        } catch (FederationRejectedException e) {
            verdicts.add(CheckVerdict.fail(e.rejection()));
            return null;
        }
    }

    private static ConditionResult evaluate(
            AttributeCondition condition,
            Map<String, Object> claims,
            MappedAttributes mapped,
            List<CheckVerdict> verdicts,
            CelPrograms.Budget budget) {
        try {
            boolean result = condition.evaluate(claims, mapped, budget);
            verdicts.add(
                    result
                            ? CheckVerdict.pass(Check.CONDITION)
                            : CheckVerdict.fail(new FederationRejection(
                                    Check.CONDITION, "false", FederationRejection.quoted(condition.expression()))));
            return new ConditionResult(condition.expression(), result, null);
        } catch (FederationRejectedException e) {
            verdicts.add(CheckVerdict.fail(e.rejection()));
            return new ConditionResult(
                    condition.expression(), null, e.rejection().presented());
        }
    }

    private static Map<String, Object> attributes(MappedAttributes mapped, AttributeMapping mapping) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(AttributeExpressions.SUBJECT, mapped.subject());
        if (mapping.keys().contains(AttributeExpressions.GROUPS)) {
            attributes.put(AttributeExpressions.GROUPS, mapped.groups());
        }
        mapped.attributes()
                .forEach((name, value) -> attributes.put(AttributeExpressions.ATTRIBUTE_PREFIX + name, value));
        return attributes;
    }
}

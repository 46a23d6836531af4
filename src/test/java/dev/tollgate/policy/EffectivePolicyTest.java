package dev.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.policy.EffectivePolicy.Layer;
import dev.tollgate.policy.EffectivePolicy.ListVerdict;
import dev.tollgate.support.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EffectivePolicyTest {

    private final ConstraintCatalogue catalogue = new ConstraintCatalogue("tollgate.local");
    private final Constraint providers = catalogue.find(Constraints.WORKLOAD_IDENTITY_POOL_PROVIDERS);
    private final Constraint lifetime = catalogue.find(Constraints.ALLOW_SERVICE_ACCOUNT_CREDENTIAL_LIFETIME_EXTENSION);

    @Test
    void booleanWhenProjectOverridesResetTeamThenProjectDecides() {
        List<Layer> layers = layers(enforce(true), reset(), enforce(true));
        assertEquals(
                new EffectivePolicy.BooleanVerdict(true, Optional.of("p")), EffectivePolicy.booleanVerdict(layers));
        assertFalse(EffectivePolicy.booleanVerdict(layers(null, reset(), enforce(true)))
                .enforced());
        assertTrue(EffectivePolicy.booleanVerdict(layers(null, null, enforce(true)))
                .enforced());
        assertFalse(EffectivePolicy.booleanVerdict(layers(enforce(false), null, enforce(true)))
                .enforced());
    }

    @Test
    void listWhenInheritingFromAllowAllThenAllowAll() {
        ListVerdict verdict = EffectivePolicy.listVerdict(layers(values(true, "https://a.example"), null, allowAll()));
        assertEquals(ListVerdict.Kind.ALLOW_ALL, verdict.kind());
    }

    @Test
    void listWhenResetBelowValuesThenDefault() {
        ListVerdict verdict = EffectivePolicy.listVerdict(layers(reset(), null, values(false, "https://a.example")));
        assertEquals(ListVerdict.Kind.DEFAULT, verdict.kind());
        assertTrue(verdict.allows(providers, "https://b.example"));
        assertFalse(verdict.allows(lifetime, "x@y.team.tollgate.local"));
    }

    @Test
    void listWhenInheritingAcrossThreeLevelsThenUnion() {
        ListVerdict verdict = EffectivePolicy.listVerdict(layers(
                values(true, "https://c.example"),
                values(true, "https://b.example"),
                values(false, "https://a.example")));
        assertEquals(Set.of("https://a.example", "https://b.example", "https://c.example"), verdict.values());
        ListVerdict replaced = EffectivePolicy.listVerdict(layers(
                values(false, "https://c.example"),
                values(true, "https://b.example"),
                values(false, "https://a.example")));
        assertEquals(Set.of("https://c.example"), replaced.values());
    }

    @Test
    void normalizeWhenRulesMixKindsThenInvalidArgument() {
        PolicySpec mixed = new PolicySpec(
                List.of(PolicySpec.Rule.allowingAll(), PolicySpec.Rule.allowed(List.of("https://a.example"))),
                false,
                false);
        assertThrows(ApiException.class, () -> PolicyValidator.normalize(providers, mixed));
        Constraint bool = catalogue.find(Constraints.DISABLE_SERVICE_ACCOUNT_CREATION);
        assertThrows(
                ApiException.class,
                () -> PolicyValidator.normalize(
                        bool, new PolicySpec(List.of(PolicySpec.Rule.enforce(true)), true, false)));
    }

    @Test
    void normalizeWhenValuesRepeatThenDeduplicated() {
        PolicySpec spec = PolicyValidator.normalize(
                providers,
                new PolicySpec(
                        List.of(
                                PolicySpec.Rule.allowed(List.of("https://a.example", "https://a.example")),
                                PolicySpec.Rule.allowed(List.of("https://b.example"))),
                        null,
                        null));
        assertEquals(
                List.of("https://a.example", "https://b.example"),
                spec.rules().get(0).values().allowedValues());
    }

    /** Layers for project p, team t, organization o (nearest first); null = no policy there. */
    private static List<Layer> layers(PolicySpec project, PolicySpec team, PolicySpec org) {
        return Arrays.asList(new Layer("p", project), new Layer("t", team), new Layer("o", org));
    }

    private static PolicySpec enforce(boolean enforce) {
        return new PolicySpec(List.of(PolicySpec.Rule.enforce(enforce)), false, false);
    }

    private static PolicySpec reset() {
        return new PolicySpec(List.of(), false, true);
    }

    private static PolicySpec allowAll() {
        return new PolicySpec(List.of(PolicySpec.Rule.allowingAll()), false, false);
    }

    private static PolicySpec values(boolean inherit, String... values) {
        return new PolicySpec(List.of(PolicySpec.Rule.allowed(List.of(values))), inherit, false);
    }
}

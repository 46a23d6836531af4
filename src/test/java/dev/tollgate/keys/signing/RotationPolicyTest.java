package dev.tollgate.keys.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationPolicyTest {

    static RotationPolicy defaults() {
        return new RotationPolicy(
                Duration.ofHours(6),
                Duration.ofHours(12),
                Duration.ofDays(3),
                Duration.ofDays(7),
                Duration.ofHours(6),
                Duration.ofHours(12),
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                Duration.ofMinutes(1));
    }

    @Test
    void validateWhenDefaultsThenNoProblem() {
        assertEquals(List.of(), defaults().problems());
        assertEquals(Duration.ofHours(13), defaults().retention());
    }

    @Test
    void validateWhenActiveMaxOverFourteenDaysThenRefused() {
        RotationPolicy policy = with(defaults(), "activeMax", Duration.ofDays(15));
        assertProblem(policy, "active-max");
    }

    @Test
    void validateWhenActiveMinAboveActiveMaxThenRefused() {
        assertProblem(with(defaults(), "activeMin", Duration.ofDays(8)), "active-min");
    }

    @Test
    void validateWhenMaxAgeLongerThanPrepublishThenRefused() {
        assertProblem(with(defaults(), "jwksMaxAge", Duration.ofHours(7)), "jwks-max-age");
    }

    @Test
    void validateWhenReloadIntervalNotShorterThanPrepublishThenRefused() {
        assertProblem(with(defaults(), "reloadInterval", Duration.ofHours(6)), "reload-interval");
    }

    @Test
    void validateWhenMaxAgePlusReloadExceedsPrepublishThenRefused() {
        RotationPolicy policy =
                with(with(defaults(), "jwksMaxAge", Duration.ofHours(6)), "reloadInterval", Duration.ofMinutes(1));
        assertProblem(policy, "jwks-max-age + reload-interval");
    }

    @Test
    void validateWhenActiveMinShorterThanPrepublishPlusOverlapThenRefused() {
        assertProblem(with(defaults(), "activeMin", Duration.ofHours(12)), "active-min");
    }

    @Test
    void validateWhenZeroOverlapThenRefused() {
        assertProblem(with(defaults(), "overlap", Duration.ZERO), "overlap");
    }

    @Test
    void requireValidWhenBrokenThenRefusesToStartNamingEverySetting() {
        RotationPolicy policy =
                with(with(defaults(), "activeMax", Duration.ofDays(20)), "jwksMaxAge", Duration.ofHours(8));
        ConfigurationException failure = assertThrows(ConfigurationException.class, policy::requireValid);
        assertTrue(failure.getMessage().startsWith("Refusing to start"), failure.getMessage());
        assertTrue(failure.getMessage().contains("active-max"), failure.getMessage());
        assertTrue(failure.getMessage().contains("jwks-max-age"), failure.getMessage());
    }

    @Test
    void retentionWhenTokensOutliveThePostpublishWindowThenCoversTokenLifetimePlusMaxAge() {
        RotationPolicy policy = with(defaults(), "maxTokenLifetime", Duration.ofHours(24));
        assertEquals(Duration.ofHours(25), policy.retention());
    }

    private static void assertProblem(RotationPolicy policy, String setting) {
        List<String> problems = policy.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("tollgate.keys." + setting), problems.toString());
    }

    static RotationPolicy with(RotationPolicy p, String field, Duration value) {
        return new RotationPolicy(
                field.equals("prepublish") ? value : p.prepublish(),
                field.equals("postpublish") ? value : p.postpublish(),
                field.equals("activeMin") ? value : p.activeMin(),
                field.equals("activeMax") ? value : p.activeMax(),
                field.equals("overlap") ? value : p.overlap(),
                field.equals("maxTokenLifetime") ? value : p.maxTokenLifetime(),
                field.equals("jwksMaxAge") ? value : p.jwksMaxAge(),
                field.equals("reloadInterval") ? value : p.reloadInterval(),
                field.equals("rotationInterval") ? value : p.rotationInterval());
    }
}

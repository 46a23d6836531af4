package dev.tollgate.keys.signing;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rotation settings as values, and the inequalities that make the published key set safe for every verifier
 * that honours the cache headers. The server refuses to start when {@link #problems()} is not empty.
 */
public record RotationPolicy(
        Duration prepublish,
        Duration postpublish,
        Duration activeMin,
        Duration activeMax,
        Duration overlap,
        Duration maxTokenLifetime,
        Duration jwksMaxAge,
        Duration reloadInterval,
        Duration rotationInterval) {

    /** No key signs for longer than this (docs/api.md "Keys"). */
    public static final Duration LONGEST_ACTIVE_SPAN = Duration.ofDays(14);

    public static RotationPolicy of(KeysConfig config) {
        return new RotationPolicy(
                config.prepublish(),
                config.postpublish(),
                config.activeMin(),
                config.activeMax(),
                config.overlap(),
                config.maxTokenLifetime(),
                config.jwksMaxAge(),
                config.reloadInterval(),
                config.rotationInterval());
    }

    /** How long a key stays published after it last signed: max(postpublish, max token lifetime + max-age). */
    public Duration retention() {
        Duration needed = maxTokenLifetime.plus(jwksMaxAge);
        return postpublish.compareTo(needed) >= 0 ? postpublish : needed;
    }

    /** Every broken guarantee, in words an operator can act on; empty when the settings are safe. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        positive(problems, "prepublish", prepublish);
        positive(problems, "postpublish", postpublish);
        positive(problems, "active-min", activeMin);
        positive(problems, "active-max", activeMax);
        positive(problems, "overlap", overlap);
        positive(problems, "max-token-lifetime", maxTokenLifetime);
        positive(problems, "jwks-max-age", jwksMaxAge);
        positive(problems, "reload-interval", reloadInterval);
        positive(problems, "rotation-interval", rotationInterval);
        if (!problems.isEmpty()) {
            return problems;
        }
        if (activeMax.compareTo(LONGEST_ACTIVE_SPAN) > 0) {
            problems.add("tollgate.keys.active-max is " + activeMax + " but a key may sign for at most 14 days");
        }
        if (activeMin.compareTo(activeMax) > 0) {
            problems.add("tollgate.keys.active-min (" + activeMin + ") is greater than active-max (" + activeMax + ")");
        }
        if (jwksMaxAge.compareTo(prepublish) > 0) {
            problems.add("tollgate.keys.jwks-max-age (" + jwksMaxAge + ") exceeds prepublish (" + prepublish
                    + "): a verifier could cache a key set that lacks a key already signing");
        }
        boolean maxAgeFits = jwksMaxAge.compareTo(prepublish) <= 0;
        if (reloadInterval.compareTo(prepublish) >= 0) {
            problems.add("tollgate.keys.reload-interval (" + reloadInterval + ") must be shorter than prepublish ("
                    + prepublish + ") so that every replica publishes a key before it signs");
        } else if (maxAgeFits && jwksMaxAge.plus(reloadInterval).compareTo(prepublish) > 0) {
            problems.add("tollgate.keys.jwks-max-age + reload-interval (" + jwksMaxAge.plus(reloadInterval)
                    + ") exceeds prepublish (" + prepublish + "): a replica that has not reloaded yet could serve "
                    + "a key set that a verifier then caches past the new key's activation");
        }
        Duration successorLead = prepublish.plus(overlap).plus(rotationInterval);
        if (activeMin.compareTo(successorLead) < 0) {
            problems.add("tollgate.keys.active-min (" + activeMin + ") must be at least prepublish + overlap + "
                    + "rotation-interval (" + successorLead + ") so that each successor is published long enough "
                    + "before it takes over");
        }
        return problems;
    }

    /** Throws with every problem listed when the settings break a guarantee. */
    public RotationPolicy requireValid() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new ConfigurationException(
                    "Refusing to start: unsafe key rotation settings:\n  - " + String.join("\n  - ", problems));
        }
        return this;
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add("tollgate.keys." + name + " must be a positive duration, got " + value);
        }
    }
}

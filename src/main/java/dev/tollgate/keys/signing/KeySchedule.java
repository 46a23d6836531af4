package dev.tollgate.keys.signing;

import dev.tollgate.keys.KeyState;
import dev.tollgate.keys.KeyTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The rotation rules as pure functions of the clock, so the rotator, the signer and the simulation test share them.
 *
 * <p>Invariant kept by {@link #plan}: every key set has a PENDING successor as soon as its newest key signs. The
 * successor starts signing {@code overlap} before its predecessor retires, and during that overlap the share of
 * signatures it makes grows linearly from 0 to 1 ({@link #pick}).
 */
public final class KeySchedule {

    private final RotationPolicy policy;

    public KeySchedule(RotationPolicy policy) {
        this.policy = policy;
    }

    public RotationPolicy policy() {
        return policy;
    }

    /** A key known to the schedule. */
    public record Scheduled(String kid, KeyTimes times) {}

    /**
     * What a rotation tick must do to a key set. {@code creations} are new keys in activation order; {@code updates}
     * replace the times of existing keys; {@code hurried} is set when a key had to start signing before it was
     * published for {@code prepublish} (only after the whole fleet was down for days).
     */
    public record Plan(
            List<String> deletions, Map<String, KeyTimes> updates, List<KeyTimes> creations, boolean hurried) {

        public boolean isEmpty() {
            return deletions.isEmpty() && updates.isEmpty() && creations.isEmpty();
        }
    }

    /** The first keys of a new key set: one signing at once (nothing can have cached it) and its successor. */
    public List<KeyTimes> firstKeys(Instant now, RandomGenerator random) {
        Instant retire = now.plus(span(random));
        KeyTimes first = new KeyTimes(now, now, retire, retire.plus(policy.retention()));
        return List.of(first, successor(retire.minus(policy.overlap()), now, random));
    }

    /** The steps due at {@code now}; an empty plan when nothing is due, so ticks are idempotent. */
    public Plan plan(List<Scheduled> keys, Instant now, RandomGenerator random) {
        List<String> deletions = new ArrayList<>();
        List<Scheduled> live = new ArrayList<>();
        for (Scheduled key : keys) {
            if (key.times().stateAt(now) == KeyState.DELETED) {
                deletions.add(key.kid());
            } else {
                live.add(key);
            }
        }
        live.sort(Comparator.comparing((Scheduled key) -> key.times().activateAt()));
        Map<String, KeyTimes> updates = new LinkedHashMap<>();
        if (live.isEmpty()) {
            return new Plan(deletions, updates, firstKeys(now, random), !deletions.isEmpty());
        }
        Scheduled newest = live.get(live.size() - 1);
        boolean anyActive = live.stream().anyMatch(key -> key.times().activeAt(now));
        if (newest.times().activateAt().isAfter(now)) {
            if (!anyActive) {
                // Everything before it retired while no replica ran: let the successor sign now rather than nobody.
                updates.put(newest.kid(), newest.times().withActivateAt(now));
                return new Plan(deletions, updates, List.of(), true);
            }
            return new Plan(deletions, updates, List.of(), false);
        }
        if (!anyActive) {
            return new Plan(deletions, updates, firstKeys(now, random), true);
        }
        return planSuccessor(newest, now, random, deletions, updates);
    }

    private Plan planSuccessor(
            Scheduled newest,
            Instant now,
            RandomGenerator random,
            List<String> deletions,
            Map<String, KeyTimes> updates) {
        KeyTimes current = newest.times();
        Instant takeOver = later(current.retireAt().minus(policy.overlap()), now.plus(policy.prepublish()));
        boolean hurried = false;
        Instant neededRetire = takeOver.plus(policy.overlap());
        if (neededRetire.isAfter(current.retireAt())) {
            // The rotator ran late: keep the current key signing until its successor has been published long enough,
            // but never past the 14-day limit.
            Instant cap = current.activateAt().plus(RotationPolicy.LONGEST_ACTIVE_SPAN);
            Instant retire = earlier(neededRetire, cap);
            if (retire.isAfter(current.retireAt())) {
                updates.put(newest.kid(), current.withRetireAt(retire, policy.retention()));
            }
            if (retire.isBefore(neededRetire)) {
                takeOver = later(now, retire.minus(policy.overlap()));
                hurried = true;
            }
        }
        return new Plan(deletions, updates, List.of(successor(takeOver, now, random)), hurried);
    }

    private KeyTimes successor(Instant takeOver, Instant now, RandomGenerator random) {
        Instant retire = takeOver.plus(span(random));
        return new KeyTimes(now, takeOver, retire, retire.plus(policy.retention()));
    }

    private Duration span(RandomGenerator random) {
        long min = policy.activeMin().toSeconds();
        long max = policy.activeMax().toSeconds();
        return Duration.ofSeconds(min == max ? min : min + random.nextLong(max - min + 1));
    }

    /**
     * The share of signatures that the key which started signing at {@code activateAt} takes from its predecessor at
     * {@code now}: 0 when it starts, growing linearly to 1 after {@code overlap}.
     */
    public double takeOverWeight(Instant activateAt, Instant now) {
        double elapsed = Duration.between(activateAt, now).toMillis();
        return Math.max(0, Math.min(1, elapsed / policy.overlap().toMillis()));
    }

    /**
     * Chooses the signing key among {@code activeNewestFirst} (the keys ACTIVE at {@code now}, newest activation
     * first) for a uniform draw {@code u} in [0, 1): the newest with probability {@link #takeOverWeight}, otherwise
     * the next one, and so on; the oldest takes what is left.
     */
    public int pick(Instant[] activeNewestFirst, Instant now, double u) {
        double draw = u;
        for (int i = 0; i < activeNewestFirst.length - 1; i++) {
            double weight = takeOverWeight(activeNewestFirst[i], now);
            if (draw < weight) {
                return i;
            }
            draw = (draw - weight) / (1 - weight);
        }
        return activeNewestFirst.length - 1;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}

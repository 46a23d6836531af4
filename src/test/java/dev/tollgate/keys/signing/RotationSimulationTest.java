package dev.tollgate.keys.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tollgate.keys.KeyState;
import dev.tollgate.keys.KeyTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Sixty simulated days of rotation, minute by minute. The "database" is the truth the rotator writes; the replica
 * that signs and publishes sees it only as of its last reload (the worst case: no change notification, reload every
 * {@code reload-interval}); the verifier caches the published key set for {@code max-age} and refetches on an
 * unknown kid at most every five minutes. Every token lives the longest allowed lifetime.
 */
class RotationSimulationTest {

    private static final Duration STEP = Duration.ofMinutes(1);
    private static final Duration REFETCH_BACKOFF = Duration.ofMinutes(5);
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final RotationPolicy policy = RotationPolicyTest.defaults();
    private final KeySchedule schedule = new KeySchedule(policy);
    private final Random random = new Random(20261123);

    private final Map<String, KeyTimes> database = new LinkedHashMap<>();
    private Map<String, KeyTimes> replicaView = Map.of();
    private int kids;

    private record Token(String kid, Instant issuedAt, Instant expiresAt) {}

    private final class Verifier {
        private Set<String> cached = Set.of();
        private Instant fetchedAt = Instant.MIN;
        private Instant lastRefetch = Instant.MIN;
        int fetches;
        int unknownKidRefetches;

        boolean verifies(Token token, Instant now) {
            if (!now.isBefore(fetchedAt.plus(policy.jwksMaxAge()))) {
                fetch(now);
            }
            if (cached.contains(token.kid())) {
                return true;
            }
            if (Duration.between(lastRefetch, now).compareTo(REFETCH_BACKOFF) >= 0) {
                unknownKidRefetches++;
                lastRefetch = now;
                fetch(now);
            }
            return cached.contains(token.kid());
        }

        private void fetch(Instant now) {
            fetches++;
            fetchedAt = now;
            cached = published(replicaView, now);
        }
    }

    @Test
    void sixtyDaysWhenVerifierHonoursCacheHeadersThenEveryTokenVerifiesForItsWholeLifetime() {
        for (KeyTimes times : schedule.firstKeys(START, random)) {
            database.put(nextKid(), times);
        }
        replicaView = Map.copyOf(database);
        Verifier verifier = new Verifier();
        List<Token> alive = new ArrayList<>();
        Map<Integer, int[]> shiftByQuarter = new HashMap<>();
        int maxPublished = 0;
        int tokens = 0;
        Instant end = START.plus(Duration.ofDays(60));
        long minute = 0;
        for (Instant now = START; now.isBefore(end); now = now.plus(STEP), minute++) {
            if (minute % policy.rotationInterval().toMinutes() == 0) {
                tick(now);
            }
            if (minute % policy.reloadInterval().toMinutes() == 0) {
                replicaView = Map.copyOf(database);
            }
            maxPublished = Math.max(maxPublished, published(database, now).size());
            sampleTrafficShift(now, shiftByQuarter);
            if (minute % 5 == 0) {
                Token token = sign(now);
                tokens++;
                assertEquals(
                        KeyState.ACTIVE, database.get(token.kid()).stateAt(now), "signed outside ACTIVE at " + now);
                alive.add(token);
            }
            Instant at = now;
            alive.removeIf(token -> !at.isBefore(token.expiresAt()));
            if (minute % 10 == 0
                    || alive.stream()
                            .anyMatch(token -> token.expiresAt().minus(STEP).equals(at))) {
                for (Token token : alive) {
                    if (!verifier.verifies(token, now)) {
                        fail("Token from key " + token.kid() + " issued " + token.issuedAt() + " fails at " + now);
                    }
                }
            }
        }
        assertEquals(0, verifier.unknownKidRefetches, "the verifier never met an unknown kid");
        assertTrue(maxPublished <= 4, "published keys stay bounded, saw " + maxPublished);
        assertTrue(kids >= 60 / 7 + 1, "keys rotated, made " + kids);
        assertTrue(tokens > 17_000, "tokens signed: " + tokens);
        assertGradualShift(shiftByQuarter);
    }

    @Test
    void planWhenTickRepeatedThenNothingMoreToDo() {
        for (KeyTimes times : schedule.firstKeys(START, random)) {
            database.put(nextKid(), times);
        }
        Instant later = START.plus(Duration.ofDays(5));
        tick(later);
        assertTrue(schedule.plan(scheduled(), later, random).isEmpty(), "a second tick at the same time is a no-op");
    }

    @Test
    void planWhenFleetWasDownPastEveryKeyThenSigningResumesAtOnce() {
        for (KeyTimes times : schedule.firstKeys(START, random)) {
            database.put(nextKid(), times);
        }
        Instant back = START.plus(Duration.ofDays(30));
        KeySchedule.Plan plan = schedule.plan(scheduled(), back, random);
        assertTrue(plan.hurried());
        tick(back);
        assertEquals(
                1,
                database.values().stream().filter(times -> times.activeAt(back)).count());
        assertTrue(database.values().stream().anyMatch(times -> times.stateAt(back) == KeyState.PENDING));
    }

    @Test
    void planWhenRotatorRanLateThenCurrentKeySignsUntilSuccessorWasPublishedLongEnough() {
        Instant activate = START;
        KeyTimes current = new KeyTimes(
                START,
                activate,
                activate.plus(Duration.ofDays(3)),
                activate.plus(Duration.ofDays(3)).plus(policy.retention()));
        database.put(nextKid(), current);
        Instant late = activate.plus(Duration.ofDays(3)).minus(Duration.ofHours(2));
        KeySchedule.Plan plan = schedule.plan(scheduled(), late, random);
        KeyTimes successor = plan.creations().get(0);
        assertEquals(late.plus(policy.prepublish()), successor.activateAt());
        KeyTimes postponed = plan.updates().values().iterator().next();
        assertEquals(successor.activateAt().plus(policy.overlap()), postponed.retireAt());
        assertTrue(!plan.hurried());
    }

    private void tick(Instant now) {
        KeySchedule.Plan plan = schedule.plan(scheduled(), now, random);
        plan.deletions().forEach(kid -> {
            KeyTimes times = database.remove(kid);
            assertTrue(Duration.between(times.activateAt(), times.retireAt()).compareTo(Duration.ofDays(14)) <= 0);
        });
        database.putAll(plan.updates());
        for (KeyTimes times : plan.creations()) {
            assertTrue(
                    Duration.between(times.publishAt(), times.activateAt()).compareTo(policy.prepublish()) >= 0
                            || times.activateAt().equals(now),
                    "a successor is published for prepublish before it signs");
            database.put(nextKid(), times);
        }
    }

    private Token sign(Instant now) {
        List<Map.Entry<String, KeyTimes>> active = replicaView.entrySet().stream()
                .filter(entry -> entry.getValue().activeAt(now))
                .sorted((a, b) ->
                        b.getValue().activateAt().compareTo(a.getValue().activateAt()))
                .toList();
        assertTrue(!active.isEmpty(), "a key is active at " + now);
        Instant[] activations =
                active.stream().map(entry -> entry.getValue().activateAt()).toArray(Instant[]::new);
        String kid =
                active.get(schedule.pick(activations, now, random.nextDouble())).getKey();
        return new Token(kid, now, now.plus(policy.maxTokenLifetime()));
    }

    private void sampleTrafficShift(Instant now, Map<Integer, int[]> byQuarter) {
        List<KeyTimes> active = database.values().stream()
                .filter(times -> times.activeAt(now))
                .sorted((a, b) -> b.activateAt().compareTo(a.activateAt()))
                .toList();
        if (active.size() != 2) {
            return;
        }
        double progress =
                (double) Duration.between(active.get(0).activateAt(), now).toMillis()
                        / policy.overlap().toMillis();
        int quarter = Math.min(3, (int) (progress * 4));
        Instant[] activations = {active.get(0).activateAt(), active.get(1).activateAt()};
        int[] counts = byQuarter.computeIfAbsent(quarter, q -> new int[2]);
        for (int i = 0; i < 20; i++) {
            counts[schedule.pick(activations, now, random.nextDouble()) == 0 ? 0 : 1]++;
        }
    }

    private static void assertGradualShift(Map<Integer, int[]> byQuarter) {
        assertEquals(Set.of(0, 1, 2, 3), byQuarter.keySet(), "overlap windows were sampled");
        double previous = 0;
        for (int quarter = 0; quarter < 4; quarter++) {
            int[] counts = byQuarter.get(quarter);
            double newShare = (double) counts[0] / (counts[0] + counts[1]);
            double expected = (quarter + 0.5) / 4;
            assertTrue(Math.abs(newShare - expected) < 0.05, "quarter " + quarter + ": new key share " + newShare);
            assertTrue(newShare > previous);
            previous = newShare;
        }
    }

    private List<KeySchedule.Scheduled> scheduled() {
        return database.entrySet().stream()
                .map(e -> new KeySchedule.Scheduled(e.getKey(), e.getValue()))
                .toList();
    }

    private static Set<String> published(Map<String, KeyTimes> keys, Instant now) {
        return keys.entrySet().stream()
                .filter(e -> e.getValue().publishedAt(now))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(HashSet::new));
    }

    private String nextKid() {
        return String.format("%040x", ++kids);
    }
}

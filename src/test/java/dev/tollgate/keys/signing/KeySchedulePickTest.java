package dev.tollgate.keys.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which ACTIVE key signs during an overlap (docs/architecture.md "Key rotation"): plain rules, no server. */
class KeySchedulePickTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    /** The default overlap is 6 hours. */
    private final KeySchedule schedule = new KeySchedule(RotationPolicyTest.defaults());

    @Test
    void pickWhenOneActiveKeyThenIt() {
        assertEquals(0, schedule.pick(new Instant[] {NOW.minus(Duration.ofDays(3))}, NOW, 0.999));
    }

    @Test
    void pickWhenSuccessorJustActivatedThenPredecessorSigns() {
        Instant[] keys = {NOW, NOW.minus(Duration.ofDays(3))};
        assertEquals(1, schedule.pick(keys, NOW, 0.0));
    }

    @Test
    void pickWhenHalfwayThroughOverlapThenEachHalfTheDraws() {
        Instant[] keys = {NOW.minus(Duration.ofHours(3)), NOW.minus(Duration.ofDays(3))};
        assertEquals(0, schedule.pick(keys, NOW, 0.49));
        assertEquals(1, schedule.pick(keys, NOW, 0.51));
    }

    @Test
    void pickWhenOverlapOverThenSuccessorAlways() {
        Instant[] keys = {NOW.minus(Duration.ofHours(6)), NOW.minus(Duration.ofDays(3))};
        assertEquals(0, schedule.pick(keys, NOW, 0.999));
    }

    @Test
    void pickWhenThreeActiveThenRemainderGoesToTheNextNewest() {
        Instant[] keys = {NOW.minus(Duration.ofHours(3)), NOW.minus(Duration.ofHours(12)), NOW.minus(Duration.ofDays(3))
        };
        assertEquals(1, schedule.pick(keys, NOW, 0.75));
        assertEquals(0.5, schedule.takeOverWeight(keys[0], NOW), 1e-9);
    }
}

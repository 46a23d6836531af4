package dev.tollgate.keys;

import java.time.Duration;
import java.time.Instant;

/**
 * When a key is published, starts signing, stops signing and disappears. Its state at any instant is a pure
 * function of these four timestamps, so replicas with synchronised clocks agree without talking to each other.
 */
public record KeyTimes(Instant publishAt, Instant activateAt, Instant retireAt, Instant deleteAt) {

    public KeyTimes {
        if (activateAt.isBefore(publishAt) || !retireAt.isAfter(activateAt) || !deleteAt.isAfter(retireAt)) {
            throw new IllegalArgumentException(
                    "Key times out of order: " + publishAt + ", " + activateAt + ", " + retireAt + ", " + deleteAt);
        }
    }

    public KeyState stateAt(Instant t) {
        if (!t.isBefore(deleteAt)) {
            return KeyState.DELETED;
        }
        if (!t.isBefore(retireAt)) {
            return KeyState.RETIRED;
        }
        return t.isBefore(activateAt) ? KeyState.PENDING : KeyState.ACTIVE;
    }

    /** True while the key belongs in published documents (PENDING, ACTIVE or RETIRED). */
    public boolean publishedAt(Instant t) {
        return !t.isBefore(publishAt) && t.isBefore(deleteAt);
    }

    public boolean activeAt(Instant t) {
        return stateAt(t) == KeyState.ACTIVE;
    }

    public KeyTimes withActivateAt(Instant at) {
        return new KeyTimes(publishAt, at, retireAt, deleteAt);
    }

    public KeyTimes withRetireAt(Instant at, Duration retention) {
        return new KeyTimes(publishAt, activateAt, at, at.plus(retention));
    }
}

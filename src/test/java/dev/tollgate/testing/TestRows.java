package dev.tollgate.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;

/** Reads tables directly, for tests that show something was removed where no endpoint can tell (tests only). */
public final class TestRows {

    private TestRows() {}

    /** The single number {@code sql} ({@code select count(*) … $1}) answers for {@code parameter}. */
    public static long count(Pool database, String sql, Object parameter) {
        return database.preparedQuery(sql)
                .execute(Tuple.of(parameter))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
    }

    /** Waits up to 10 s for {@code sql} to count zero: work done after a commit, asynchronously (key deletion). */
    public static void awaitZero(Pool database, String sql, Object parameter) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count(database, sql, parameter) > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(count(database, sql, parameter), equalTo(0L));
    }
}

package dev.tollgate.support.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Defaults of every {@link InvalidatingCache} ({@code tollgate.cache.*}); a feature may override the refresh. */
@ConfigMapping(prefix = "tollgate.cache")
public interface CacheConfig {

    /** Entries each cache holds at most (least useful evicted first). Default {@code 250000}. */
    @WithDefault("250000")
    long maximumSize();

    /**
     * Age after which a used entry is reloaded in the background while the old value is still served; at twice this
     * age the caller waits for the reload. A failed reload keeps the old value. Changes made through Tollgate reach
     * the caches through the change feed and the change log, so this bounds only how long a change made outside
     * Tollgate (SQL by hand) may go unseen. Default {@code 1h}.
     */
    @WithDefault("1h")
    Duration refreshAfter();

    /**
     * How often each replica reads the change log ({@code support.ChangeLog}): a change whose notification was lost
     * reaches the caches at most this long after it committed. Default {@code 10s}.
     */
    @WithDefault("10s")
    Duration changePoll();

    /**
     * How long the change log keeps a row. A replica whose polls all failed for longer (a database outage, a paused
     * process) cannot know what it missed and reloads every cached entry on next use. At least 60 s plus twice
     * {@code change-poll}. Default {@code 1h}.
     */
    @WithDefault("1h")
    Duration changeLogRetention();

    /** How long a "does not exist" answer is remembered, unless the id is created first. Default {@code 30s}. */
    @WithDefault("30s")
    Duration negativeTtl();

    /** "Does not exist" answers each cache holds at most, apart from its entries. Default {@code 20000}. */
    @WithDefault("20000")
    long negativeMaximumSize();
}

package dev.tollgate.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The audit writer (group commit of token-path entries) and the summary of anonymous refusals. */
@ConfigMapping(prefix = "tollgate.audit")
public interface AuditConfig {

    /**
     * Entries that may wait for the writer; when full, a token request is refused with 503 and counted in
     * {@code tollgate_audit_dropped_total}. Refusals of known callers may use only half of it. Default 10000.
     */
    @WithDefault("10000")
    int queueCapacity();

    /** Most entries written by one INSERT. Default 500. */
    @WithDefault("500")
    int batchSize();

    /** How long one INSERT may take before it counts as failed (and is retried). Default 5s. */
    @WithDefault("5s")
    Duration writeTimeout();

    /** Attempts per batch (the first and the retries) before its requests are refused. Default 3. */
    @WithDefault("3")
    int writeAttempts();

    /** Readiness is DOWN once writes have failed, or an entry has waited, this long. Default 10s. */
    @WithDefault("10s")
    Duration unhealthyAfter();

    /** On shutdown, how long the writer may take to write what it still holds. Default 5s. */
    @WithDefault("5s")
    Duration shutdownTimeout();

    /** Interval of the summary entry of refusals from unknown callers (and its counting window). Default 1m. */
    @WithDefault("1m")
    Duration summaryInterval();

    /** Source addresses counted per summary interval; further addresses are counted together. Default 1000. */
    @WithDefault("1000")
    int summarySources();
}

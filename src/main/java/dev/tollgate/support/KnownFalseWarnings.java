package dev.tollgate.support;

import io.quarkus.logging.LoggingFilter;
import java.util.Arrays;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops a dependency's warning known to be a false alarm, so that a WARN in the server's log always asks for a look:
 * Micrometer 1.16 reports at every start that Quarkus 3.34 registered the gauge {@code netty.eventexecutor.workers}
 * twice (quarkusio/quarkus#52014); the second registration is ignored and the gauge is right.
 */
@LoggingFilter(name = "known-false-warnings")
public final class KnownFalseWarnings implements Filter {

    static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
    private static final String DUPLICATE_GAUGE = "netty.eventexecutor.workers";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!METER_REGISTRY.equals(record.getLoggerName())) {
            return true;
        }
        String text = record.getMessage() + Arrays.toString(record.getParameters());
        return !text.contains(DUPLICATE_GAUGE);
    }
}

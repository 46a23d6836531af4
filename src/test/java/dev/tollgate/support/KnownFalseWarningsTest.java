package dev.tollgate.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class KnownFalseWarningsTest {

    private final KnownFalseWarnings filter = new KnownFalseWarnings();

    @Test
    void duplicateNettyGaugeWarningWhenLoggedThenDropped() {
        LogRecord record = record(
                KnownFalseWarnings.METER_REGISTRY,
                "This Gauge has been already registered ({}), the registration will be ignored.");
        record.setParameters(new Object[] {"MeterId{name='netty.eventexecutor.workers', tags=[]}"});

        assertFalse(filter.isLoggable(record));
    }

    @Test
    void otherWarningsWhenLoggedThenKept() {
        assertTrue(filter.isLoggable(record(
                KnownFalseWarnings.METER_REGISTRY,
                "This Gauge has been already registered (MeterId{name='tollgate.cache.size', tags=[]})")));
        assertTrue(filter.isLoggable(record("dev.tollgate.audit.AuditWriter", "netty.eventexecutor.workers")));
    }

    private static LogRecord record(String logger, String message) {
        LogRecord record = new LogRecord(Level.WARNING, message);
        record.setLoggerName(logger);
        return record;
    }
}

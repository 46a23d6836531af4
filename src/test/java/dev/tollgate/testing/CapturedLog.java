package dev.tollgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Records what the server logs while a test runs (JBoss LogManager delivers to the JUL root logger's handlers):
 * {@link #start()} in {@code @BeforeEach}, {@link #stop()} in {@code @AfterEach}.
 */
public final class CapturedLog extends Handler {

    private final Level threshold;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    /** Records at {@code threshold} or above, and every record that carries a throwable. */
    public CapturedLog(Level threshold) {
        this.threshold = threshold;
    }

    public CapturedLog start() {
        Logger.getLogger("").addHandler(this);
        return this;
    }

    public void stop() {
        Logger.getLogger("").removeHandler(this);
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    public void clear() {
        records.clear();
    }

    /** Records whose logger name starts with {@code prefix}. */
    public List<LogRecord> from(String prefix) {
        return records.stream()
                .filter(record ->
                        record.getLoggerName() != null && record.getLoggerName().startsWith(prefix))
                .toList();
    }

    /** {@code logger} logged one record, a WARN, and nothing logged carried a stack trace: an outage logged once. */
    public void assertOneWarningWithoutStackTrace(String logger) {
        List<LogRecord> logged = from(logger);
        assertEquals(1, logged.size(), describe());
        assertEquals(Level.WARNING.intValue(), logged.get(0).getLevel().intValue(), describe());
        assertTrue(records().stream().noneMatch(record -> record.getThrown() != null), describe());
    }

    /** One line per record (level, logger, message, throwable), for assertion messages. */
    public String describe() {
        return records.stream()
                .map(record -> record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                        + (record.getThrown() == null ? "" : " [" + record.getThrown() + "]"))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= threshold.intValue() || record.getThrown() != null) {
            records.add(record);
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}

package dev.tollgate.support;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** RFC 3339 timestamps without fractional seconds and {@code "3600s"} durations, as Google's clients expect. */
public final class Timestamps {

    private Timestamps() {}

    public static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    public static Optional<Instant> parse(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    public static String formatDuration(Duration duration) {
        return duration.toSeconds() + "s";
    }

    /** Parses {@code "3600s"} or {@code "1.5s"}; empty when the text is not such a duration. */
    public static Optional<Duration> parseDuration(String text) {
        if (text == null || !text.matches("\\d{1,10}(\\.\\d{1,9})?s")) {
            return Optional.empty();
        }
        double seconds = Double.parseDouble(text.substring(0, text.length() - 1));
        return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}

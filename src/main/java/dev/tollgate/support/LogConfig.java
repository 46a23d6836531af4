package dev.tollgate.support;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * Log output ({@code tollgate.log.*}). Quarkus reads it through a property expression in application.properties
 * (which also holds the default) before any bean exists; this mapping makes the key known, so that unknown-key
 * validation accepts it and reports its misspellings.
 */
@ConfigMapping(prefix = "tollgate.log")
public interface LogConfig {

    /** Whether the console prints JSON lines (one object per line, for log shippers). Default false. */
    Optional<Boolean> json();
}

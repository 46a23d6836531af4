package dev.tollgate.support;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Stops the embedded PostgreSQL after every other shutdown observer (audit and usage flushes) has written what it
 * buffered; a JVM shutdown hook of its own would race them.
 */
@ApplicationScoped
public class EmbeddedDatabaseShutdown {

    void stop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        EmbeddedDatabase.stopRunning();
    }
}

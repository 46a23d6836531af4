package dev.tollgate.support;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The embedded PostgreSQL starts while Quarkus boots ({@link EmbeddedDatabase#startUnlessConfigured}); the first
 * connection of a start is Flyway's, so its configuration waits for the server, and so does start-up when Flyway does
 * not run at start.
 */
@ApplicationScoped
public class EmbeddedDatabaseReady implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        EmbeddedDatabase.awaitRunning();
    }

    void beforeStartupTasks(@Observes @Priority(Integer.MIN_VALUE) StartupEvent event) {
        EmbeddedDatabase.awaitRunning();
    }
}

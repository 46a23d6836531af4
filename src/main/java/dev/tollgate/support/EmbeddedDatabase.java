package dev.tollgate.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * An embedded PostgreSQL for zero-setup runs. It is started only when no reactive datasource URL is
 * configured, keeps its data under {@code tollgate.data-dir}, and points Quarkus at itself through
 * system properties before the application reads its runtime configuration.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";

    private static volatile EmbeddedDatabase running;

    private final EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase startUnlessConfigured() {
        Optional<String> configured = setting(REACTIVE_URL);
        if (configured.isPresent()) {
            LOG.infof("Using the configured PostgreSQL at %s", withoutCredentials(configured.get()));
            return new EmbeddedDatabase(null);
        }
        Path dataDir = Path.of(setting("tollgate.data-dir").orElse("data")).toAbsolutePath();
        EmbeddedDatabase database = start(dataDir.resolve("postgres"), false, false);
        running = database;
        LOG.infof("Using the embedded PostgreSQL on port %d with its data in %s (set %s to use your own server)",
                database.port(), dataDir.resolve("postgres"), "QUARKUS_DATASOURCE_REACTIVE_URL");
        database.exportConnectionSettings();
        return database;
    }

    /**
     * Starts a server on a free port; {@code clean} wipes the directory first (tests). Without {@code shutdownHook}
     * the caller stops it, which the server does only after its own shutdown has written what it buffered.
     */
    public static EmbeddedDatabase start(Path directory, boolean clean, boolean shutdownHook) {
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(clean)
                    .setRegisterShutdownHook(shutdownHook)
                    .setServerConfig("max_connections", "200")
                    .start();
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + directory, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port() + "/postgres";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    private void exportConnectionSettings() {
        System.setProperty(REACTIVE_URL, reactiveUrl());
        System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl());
        System.setProperty("quarkus.datasource.username", "postgres");
        System.setProperty("quarkus.datasource.password", "postgres");
    }

    private static Optional<String> setting(String property) {
        String env = property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
        return Optional.ofNullable(System.getProperty(property))
                .or(() -> Optional.ofNullable(System.getenv(env)))
                .filter(value -> !value.isBlank());
    }

    private static String withoutCredentials(String url) {
        return url.replaceAll("//[^@/]*@", "//");
    }

    /** Stops the server that {@link #startUnlessConfigured} started, if any; called last during shutdown. */
    public static void stopRunning() {
        EmbeddedDatabase database = running;
        if (database != null) {
            database.close();
        }
    }

    @Override
    public synchronized void close() {
        if (postgres == null || closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("The embedded PostgreSQL did not stop cleanly", e);
        }
    }
}

package dev.tollgate.testing;

import dev.tollgate.support.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A real PostgreSQL for the tests: the one named by {@code TOLLGATE_TEST_DATABASE_URL} (a
 * {@code postgresql://user:password@host:port/db} URL), or else a fresh embedded server in a temporary directory.
 */
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase embedded;

    @Override
    public Map<String, String> start() {
        String external = System.getenv("TOLLGATE_TEST_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            return settingsFor(URI.create(external));
        }
        try {
            embedded = EmbeddedDatabase.start(Files.createTempDirectory("tollgate-test-pg"), true, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.reactive.url", embedded.reactiveUrl(),
                "quarkus.datasource.jdbc.url", embedded.jdbcUrl(),
                "quarkus.datasource.username", embedded.username(),
                "quarkus.datasource.password", embedded.password(),
                "tollgate.data-dir", tempDataDir().toString());
    }

    private static Map<String, String> settingsFor(URI url) {
        String[] credentials = url.getUserInfo().split(":", 2);
        String hostPortDb = url.getHost() + ":" + url.getPort() + url.getPath();
        return Map.of(
                "quarkus.datasource.reactive.url",
                "postgresql://" + hostPortDb,
                "quarkus.datasource.jdbc.url",
                "jdbc:postgresql://" + hostPortDb,
                "quarkus.datasource.username",
                credentials[0],
                "quarkus.datasource.password",
                credentials.length > 1 ? credentials[1] : "",
                "tollgate.data-dir",
                tempDataDir().toString());
    }

    /** Where the running application's database is, for a test's own connections (a second replica's). */
    public static PgConnectOptions connectOptions() {
        var config = ConfigProvider.getConfig();
        return PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url", String.class))
                .setUser(config.getValue("quarkus.datasource.username", String.class))
                .setPassword(config.getValue("quarkus.datasource.password", String.class));
    }

    private static Path tempDataDir() {
        try {
            return Files.createTempDirectory("tollgate-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (embedded != null) {
            embedded.close();
        }
    }
}

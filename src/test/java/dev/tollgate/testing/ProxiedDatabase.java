package dev.tollgate.testing;

import dev.tollgate.support.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * An embedded PostgreSQL that the application reaches only through a {@link TcpProxy}, which the test gets injected
 * (a field of type {@code TcpProxy}) to cut and restore the database. Flyway connects directly.
 */
public class ProxiedDatabase implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase database;
    private TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        try {
            database = EmbeddedDatabase.start(Files.createTempDirectory("tollgate-test-pg"), true, true);
            proxy = new TcpProxy("127.0.0.1", database.port());
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + proxy.port() + "/postgres",
                    "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                    "quarkus.datasource.username", database.username(),
                    "quarkus.datasource.password", database.password(),
                    "tollgate.data-dir",
                            Files.createTempDirectory("tollgate-test-data").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.MatchesType(TcpProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (database != null) {
            database.close();
        }
    }
}

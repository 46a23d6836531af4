package dev.tollgate.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * OIDC identity providers served by the tests themselves on loopback. The {@code users} issuer is Tollgate's
 * configured human IdP; tests add more issuers (GitHub-, GitLab- or Kubernetes-shaped) with {@link #issuer}.
 */
public class TestIdentityProviders implements QuarkusTestResourceLifecycleManager {

    private static HttpServer server;
    private static final Map<String, TestIssuer> ISSUERS = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        startServer();
        TestIssuer users = issuer("users");
        return Map.of(
                "tollgate.users.enabled", "true",
                "tollgate.users.issuer", users.url(),
                "tollgate.users.audience", "tollgate");
    }

    /** The issuer named {@code name}, created on first use at {@code http://127.0.0.1:<port>/<name>}. */
    public static TestIssuer issuer(String name) {
        return ISSUERS.computeIfAbsent(name, n -> new TestIssuer(baseUrl() + "/" + n));
    }

    /** Tollgate's human IdP. */
    public static TestIssuer users() {
        return issuer("users");
    }

    /** Serves {@code path} (and below) on the same loopback server, e.g. an identity provider's other endpoints. */
    public static synchronized void route(String path, HttpHandler handler) {
        startServer();
        server.createContext(path, handler);
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static synchronized void startServer() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int slash = path.indexOf('/', 1);
            TestIssuer issuer = slash < 0 ? null : ISSUERS.get(path.substring(1, slash));
            if (issuer != null) {
                issuer.serve(exchange, path.substring(slash));
                return;
            }
            byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool(daemonThreads()));
        server.start();
    }

    private static ThreadFactory daemonThreads() {
        return task -> {
            Thread thread = new Thread(task, "test-identity-providers");
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void stop() {
        // The server lives as long as the test JVM, so that every test class shares one application start.
    }
}

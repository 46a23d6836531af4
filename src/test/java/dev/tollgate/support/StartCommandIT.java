package dev.tollgate.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README's start command, {@code bin/tollgate}, run by {@code ./mvnw verify} after packaging, as a user runs it: on the
 * embedded PostgreSQL, with the JDK running this test. The first start records the class-data cache when it stops;
 * the second start maps it (docs/operations.md, "Start-up"). A start with an unusable setting ends at once with one
 * line that names it (docs/operations.md, "Public names").
 */
class StartCommandIT {

    private static final Path CACHE_DIR = Path.of("target", "class-cache");
    private static final Duration READY_WITHIN = Duration.ofMinutes(4);

    private Path dataDir;
    private Process server;
    private int port;

    @BeforeEach
    void freshCacheAndDataDirectory() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "reads the server's memory map from /proc");
        assumeTrue(
                Runtime.version().feature() >= 25
                        || Files.exists(Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa")),
                "before JDK 25 the cache extends the JDK's base archive, which this JDK lacks");
        deleteRecursively(CACHE_DIR);
        dataDir = Files.createTempDirectory("tollgate-start-command");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void startTwiceWhenSameBuildThenFirstRecordsClassCacheAndSecondMapsIt() throws Exception {
        start();
        assertThat(
                "bin/tollgate execs the JVM, so that signals reach it",
                server.toHandle().info().command().orElse(""),
                endsWith("java"));
        stopAndAwaitExit();
        List<Path> caches = caches();
        assertThat("one cache recorded by the first start", caches, hasSize(1));
        Path cache = caches.get(0);
        assertThat("cache size", Files.size(cache), greaterThan(10L * 1024 * 1024));
        FileTime recorded = Files.getLastModifiedTime(cache);

        start();
        assertThat(
                "the second start maps the cache",
                Files.readString(Path.of("/proc", Long.toString(server.pid()), "maps")),
                containsString(cache.toAbsolutePath().toString()));
        stopAndAwaitExit();
        assertThat("the cache is kept, not recorded again", caches(), equalTo(List.of(cache)));
        assertThat(Files.getLastModifiedTime(cache), equalTo(recorded));
    }

    @Test
    void startWhenIssuerUnusableThenExitsWithOneLineNamingTheSettingAndNoStackTrace() throws Exception {
        ProcessBuilder builder = command();
        builder.environment().put("TOLLGATE_ISSUER", "tollgate.example.com:443");
        builder.environment().put("TOLLGATE_CLASS_CACHE", "0");
        server = builder.start();

        assertThat("exited: " + log(), server.waitFor(2, TimeUnit.MINUTES), equalTo(true));
        assertThat(log(), server.exitValue(), equalTo(1));
        assertThat(log(), containsString("tollgate.issuer (tollgate.example.com:443) must be an http or https URL"));
        assertThat("no stack trace", log(), not(containsString("\tat ")));
    }

    private void start() throws Exception {
        server = command().start();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            assertThat("server exited during start-up: " + log(), server.isAlive(), equalTo(true));
            assertThat("ready within " + READY_WITHIN + ": " + log(), System.nanoTime() < deadline, equalTo(true));
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the port opens late in the start
            }
            Thread.sleep(200);
        }
    }

    /** bin/tollgate on the test's data directory and port, with the JDK running this test, its output in the log. */
    private ProcessBuilder command() {
        ProcessBuilder builder = new ProcessBuilder("bin/tollgate")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolve("server.log").toFile()));
        builder.environment()
                .put(
                        "JAVA",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("TOLLGATE_SKIP_BUILD", "1");
        builder.environment().put("TOLLGATE_DATA_DIR", dataDir.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return builder;
    }

    /** SIGTERM, then the JVM writes the cache on its way out (JDK 25 assembles it in a second JVM). */
    private void stopAndAwaitExit() throws Exception {
        server.toHandle().destroy();
        assertThat("exited: " + log(), server.waitFor(2, TimeUnit.MINUTES), equalTo(true));
    }

    private String log() throws IOException {
        return Files.readString(dataDir.resolve("server.log"));
    }

    private static List<Path> caches() throws IOException {
        try (Stream<Path> files = Files.list(CACHE_DIR)) {
            return files.filter(file ->
                            file.toString().endsWith(".jsa") || file.toString().endsWith(".aot"))
                    .toList();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}

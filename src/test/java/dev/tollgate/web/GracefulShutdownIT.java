package dev.tollgate.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import dev.tollgate.support.EmbeddedDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to the packaged server (docs/operations.md, "Graceful shutdown"), run by {@code ./mvnw verify} after
 * packaging: a request in flight completes, a further request on a kept-alive connection gets 503 with
 * {@code Connection: close}, the audit entries of every answered token are in the database, and the process exits
 * within {@code delay + timeout} plus the audit flush.
 */
class GracefulShutdownIT {

    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration AUDIT_FLUSH = Duration.ofSeconds(5);

    private EmbeddedDatabase database;
    private Path dataDir;
    private Path log;
    private Process server;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        database = EmbeddedDatabase.start(Files.createTempDirectory("tollgate-it-pg"), true, true);
        dataDir = Files.createTempDirectory("tollgate-it-data");
        log = dataDir.resolve("server.log");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.reactive.url=" + database.reactiveUrl(),
                "-Dquarkus.datasource.jdbc.url=" + database.jdbcUrl(),
                "-Dquarkus.datasource.username=" + database.username(),
                "-Dquarkus.datasource.password=" + database.password(),
                "-Dtollgate.data-dir=" + dataDir,
                "-Dquarkus.shutdown.delay=" + DELAY.toSeconds() + "s",
                "-Dquarkus.shutdown.timeout=" + TIMEOUT.toSeconds() + "s",
                "-jar",
                Path.of("target", "quarkus-app", "quarkus-run.jar")
                        .toAbsolutePath()
                        .toString()));
        server = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        while (!ready()) {
            assertThat("server exited during start-up: " + Files.readString(log), server.isAlive(), equalTo(true));
            assertThat("server not ready in 8 minutes", System.nanoTime() < deadline, equalTo(true));
            Thread.sleep(200);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void sigtermWhenRequestsInFlightAndKeptAliveThenDrainedWith503CloseAuditFlushedAndExitInTime() throws Exception {
        String adminKey =
                Files.readString(dataDir.resolve("bootstrap-admin.key")).trim();
        String email = bootstrapEmail();
        String tokenBody =
                "grant_type=client_credentials&client_id=" + encode(email) + "&client_secret=" + encode(adminKey);
        int issued = 0;
        Socket keptAlive = new Socket("127.0.0.1", port);
        try (Socket inFlight = new Socket("127.0.0.1", port)) {
            assertThat(exchange(keptAlive, tokenRequest(tokenBody)), startsWith("HTTP/1.1 200"));
            issued++;
            byte[] slow = tokenRequest(tokenBody).getBytes(StandardCharsets.US_ASCII);
            int headersAndHalfBody = slow.length - tokenBody.length() / 2;
            OutputStream slowOut = inFlight.getOutputStream();
            slowOut.write(slow, 0, headersAndHalfBody);
            slowOut.flush();
            Thread.sleep(500);

            long signalled = System.nanoTime();
            server.toHandle().destroy();
            int servedWithClose = 0;
            String answer = exchange(keptAlive, tokenRequest(tokenBody));
            while (answer.startsWith("HTTP/1.1 200")) {
                issued++;
                if (closes(answer)) {
                    servedWithClose++;
                    assertConnectionClosed(keptAlive);
                    keptAlive = new Socket("127.0.0.1", port);
                }
                Thread.sleep(200);
                answer = exchange(keptAlive, tokenRequest(tokenBody));
            }
            assertThat("served during the delay with Connection: close", servedWithClose, greaterThan(0));
            assertThat("refused after the delay", answer, startsWith("HTTP/1.1 503"));
            assertThat(answer, closes(answer), equalTo(true));
            assertThat(answer.toLowerCase(Locale.ROOT), containsString("retry-after: 1"));
            assertThat(answer, containsString("\"error\":\"temporarily_unavailable\""));
            assertConnectionClosed(keptAlive);
            try (Socket resource = new Socket("127.0.0.1", port)) {
                String refused = exchange(resource, "GET /v1/projects HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertThat(refused, startsWith("HTTP/1.1 503"));
                assertThat(refused, containsString("\"status\":\"UNAVAILABLE\""));
            }

            slowOut.write(slow, headersAndHalfBody, slow.length - headersAndHalfBody);
            slowOut.flush();
            assertThat("the request in flight completes", readResponse(inFlight), startsWith("HTTP/1.1 200"));
            issued++;

            assertThat(
                    "exited",
                    server.waitFor(TIMEOUT.plus(AUDIT_FLUSH).plusSeconds(10).toSeconds(), TimeUnit.SECONDS),
                    equalTo(true));
            Duration took = Duration.ofNanos(System.nanoTime() - signalled);
            assertThat(
                    "exit within delay + timeout + audit flush, took " + took,
                    took,
                    lessThan(DELAY.plus(TIMEOUT).plus(AUDIT_FLUSH)));
            System.out.println("GracefulShutdownIT: SIGTERM to exit took " + took.toMillis() + " ms");
            // A JVM ended by SIGTERM through its shutdown hooks exits 143 (128 + 15); anything else is a failure.
            assertThat(Files.readString(log), server.exitValue(), anyOf(equalTo(0), equalTo(143)));
        } finally {
            keptAlive.close();
        }
        assertThat("every answered token is audited", auditedTokens(email), equalTo(issued));
    }

    private static boolean closes(String answer) {
        return answer.toLowerCase(Locale.ROOT).contains("\nconnection: close\n");
    }

    /** The server closed the connection after its answer: the next read sees the end of the stream. */
    private static void assertConnectionClosed(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        assertThat(
                "connection closed after Connection: close",
                socket.getInputStream().read(),
                equalTo(-1));
    }

    /** The bootstrap account's email, as the first start logs it. */
    private String bootstrapEmail() throws IOException {
        String marker = "Created bootstrap service account ";
        return Files.readAllLines(log).stream()
                .filter(line -> line.contains(marker))
                .findFirst()
                .map(line ->
                        line.substring(line.indexOf(marker) + marker.length()).split(" ")[0])
                .orElseThrow(() -> new AssertionError("no bootstrap account in the log"));
    }

    private int auditedTokens(String email) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM audit_log WHERE method = 'IssueToken' AND result = 'OK' AND principal = "
                                        + "'serviceAccount:" + email + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private boolean ready() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return exchange(socket, "GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tokenRequest(String body) {
        return "POST /oauth2/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return readResponse(socket);
    }

    /** Status line, headers and exactly Content-Length bytes of body, leaving the connection usable. */
    private static String readResponse(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        BufferedReader in =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            head.append(line).append("\n");
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        for (int read = 0; read < length; ) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return head + "\n" + new String(body);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package dev.tollgate.audit;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the audit tests share: many token requests at once (the JDK's HTTP client, since each answer waits for its
 * audit entry), a direct SQL connection of the test database's owner (to count rows, lock or break the table, end
 * the server's connections), and reading one Prometheus metric.
 */
public final class AuditFixtures {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern JTI = Pattern.compile("\"jti\":\"([^\"]+)\"");

    private AuditFixtures() {}

    /** A form request to {@code /oauth2/token}, sent without waiting. */
    public static CompletableFuture<HttpResponse<String>> token(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    public static Map<String, String> clientCredentials(String clientId, String secret) {
        return Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret);
    }

    /** {@code count} requests, at most {@code concurrency} at a time; answers every response. */
    public static List<HttpResponse<String>> tokens(Map<String, String> form, int count, int concurrency) {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquireUninterruptibly();
            answers.add(token(form).whenComplete((response, failure) -> slots.release()));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    /** The {@code jti} of an access-token response. */
    public static String jti(HttpResponse<String> response) {
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
        if (!token.find()) {
            throw new AssertionError("no access_token in " + response.body());
        }
        String payload =
                new String(Base64.getUrlDecoder().decode(token.group(1).split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher jti = JTI.matcher(payload);
        if (!jti.find()) {
            throw new AssertionError("no jti in " + payload);
        }
        return jti.group(1);
    }

    /** A connection of the database owner, outside the server's pool. */
    public static Connection sql() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
    }

    /** The details of the newest refusal summary ({@link RefusalSummary}) in the audit log. */
    public static JsonPath lastRefusalSummary() throws SQLException {
        try (Connection connection = sql();
                var rows = connection
                        .createStatement()
                        .executeQuery("select details from audit_log where method = '" + RefusalSummary.METHOD
                                + "' order by id desc limit 1")) {
            rows.next();
            return JsonPath.from(rows.getString(1));
        }
    }

    public static long count(String query, Object... parameters) throws SQLException {
        try (Connection connection = sql();
                PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Ends every connection the server holds to the test database, as a database restart does. */
    public static void endServerConnections() throws SQLException {
        try (Connection connection = sql();
                var statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND datname = current_database() AND backend_type = 'client backend'");
        }
    }

    /**
     * The value of one Prometheus sample, e.g. {@code tollgate_audit_dropped_total} or
     * {@code tollgate_refusals_total{caller="unknown",reason="invalid_client"}} (labels in the exposition's order);
     * 0 when absent.
     */
    public static double metric(String sample) {
        String metrics = RestAssured.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }
}

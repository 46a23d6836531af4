package dev.tollgate.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.RequestScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's only way to read or change anything: Tollgate's own {@code /v1} API over loopback HTTP, with the
 * signed-in user's credential as {@code Authorization: Bearer}. Every action is therefore authorized and audited
 * exactly as it is for any other client (docs/api.md). Blocking: called from worker threads only.
 */
@RequestScoped
public class ConsoleApi {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final ConsoleContext context;
    private final ObjectMapper json;

    public ConsoleApi(ConsoleContext context, ObjectMapper json) {
        this.context = context;
        this.json = json;
    }

    public Map<String, Object> get(String path) {
        return send("GET", path, null);
    }

    public Map<String, Object> post(String path, Object body) {
        return send("POST", path, body == null ? Map.of() : body);
    }

    public Map<String, Object> patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Map<String, Object> put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Map<String, Object> delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@code value} for a query string. */
    public static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Map<String, Object> send(String method, String path, Object body) {
        ConsoleSession session = context.requireSession();
        HttpRequest.Builder request = HttpRequest.newBuilder(context.apiBase().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + session.credential())
                .header("Accept", "application/json")
                .header("User-Agent", context.userAgent());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, Object> answer = read(response.body());
        if (response.statusCode() / 100 != 2) {
            throw error(response.statusCode(), answer);
        }
        return answer;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Map<String, Object> read(String body) {
        if (body == null || body.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return json.readValue(body, OBJECT);
        } catch (JsonProcessingException e) {
            return new LinkedHashMap<>(Map.of("raw", body));
        }
    }

    @SuppressWarnings("unchecked")
    private static ConsoleApiError error(int status, Map<String, Object> answer) {
        Object error = answer.get("error");
        if (!(error instanceof Map<?, ?>)) {
            return new ConsoleApiError(status, "HTTP " + status, "The server answered " + status + ".", List.of());
        }
        Map<String, Object> rpc = (Map<String, Object>) error;
        List<String> violations = new ArrayList<>();
        if (rpc.get("details") instanceof List<?> details) {
            for (Object detail : details) {
                if (detail instanceof Map<?, ?> map && map.get("fieldViolations") instanceof List<?> fields) {
                    for (Object field : fields) {
                        if (field instanceof Map<?, ?> violation) {
                            violations.add(violation.get("field") + ": " + violation.get("description"));
                        }
                    }
                }
            }
        }
        return new ConsoleApiError(
                status,
                String.valueOf(rpc.getOrDefault("status", "HTTP " + status)),
                String.valueOf(rpc.getOrDefault("message", "")),
                violations);
    }
}

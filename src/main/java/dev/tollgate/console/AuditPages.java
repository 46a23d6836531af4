package dev.tollgate.console;

import static dev.tollgate.console.ConsolePages.list;

import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The audit log of an organization, team or project with filters and paging; the server's signing-key timeline. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class AuditPages {

    private final ConsoleContext context;
    private final ConsoleApi api;
    private final ConsolePages pages;
    private final Clock clock;

    public AuditPages(ConsoleContext context, ConsoleApi api, ConsolePages pages, Clock clock) {
        this.context = context;
        this.api = api;
        this.pages = pages;
        this.clock = clock;
    }

    @GET
    @Path("/{collection: organizations|teams|projects}/{id}/audit")
    public TemplateInstance audit(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @QueryParam("principal") String principal,
            @QueryParam("method") String method,
            @QueryParam("resource") String resource,
            @QueryParam("after") String after,
            @QueryParam("before") String before,
            @QueryParam("pageToken") String pageToken) {
        context.requireSession();
        Home home = new Home(collection, id);
        List<String> terms = new ArrayList<>();
        term(terms, "principal", "=", principal);
        term(terms, "method", "=", method);
        term(terms, "resource", "=", resource);
        term(terms, "timestamp", ">=", after);
        term(terms, "timestamp", "<", before);
        String filter = String.join(" AND ", terms);
        StringBuilder query = new StringBuilder("?pageSize=50");
        if (!filter.isEmpty()) {
            query.append("&filter=").append(ConsoleApi.q(filter));
        }
        if (pageToken != null && !pageToken.isBlank()) {
            query.append("&pageToken=").append(ConsoleApi.q(pageToken));
        }
        TemplateInstance page = context.page("audit", "Audit log of " + home.name())
                .data("home", home)
                .data("org", pages.organizationOf(home, api.get("/v1/" + home.name())))
                .data("principal", principal == null ? "" : principal)
                .data("method", method == null ? "" : method)
                .data("resource", resource == null ? "" : resource)
                .data("after", after == null ? "" : after)
                .data("before", before == null ? "" : before)
                .data("filter", filter);
        try {
            Map<String, Object> answer = api.get("/v1/" + home.name() + "/auditLogs" + query);
            String next = String.valueOf(answer.getOrDefault("nextPageToken", ""));
            return page.data("entries", list(answer, "entries"))
                    .data("error", null)
                    .data("next", next.isEmpty() ? null : nextLink(principal, method, resource, after, before, next));
        } catch (ConsoleApiError e) {
            if (e.httpStatus() == 401) {
                throw e;
            }
            return page.data("entries", List.of()).data("error", e.describe()).data("next", null);
        }
    }

    @GET
    @Path("/signing-keys")
    public TemplateInstance signingKeys() {
        context.requireSession();
        List<SigningKey> keys = list(api.get("/v1/signingKeys"), "signingKeys").stream()
                .map(SigningKey::of)
                .toList();
        return context.page("signing-keys", "Signing keys").data("timeline", Timeline.of(keys, clock.instant()));
    }

    private static void term(List<String> terms, String field, String operator, String value) {
        if (value != null && !value.isBlank()) {
            terms.add(field + operator + "\"" + value.strip().replace("\"", "") + "\"");
        }
    }

    private static String nextLink(String... values) {
        String[] names = {"principal", "method", "resource", "after", "before", "pageToken"};
        StringBuilder link = new StringBuilder("?");
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null && !values[i].isBlank()) {
                link.append(link.length() > 1 ? "&" : "")
                        .append(names[i])
                        .append('=')
                        .append(ConsoleApi.q(values[i]));
            }
        }
        return link.toString();
    }

    /** One key of {@code GET /v1/signingKeys} (docs/api.md "Signing-key schedule"). */
    record SigningKey(
            String kid,
            String algorithm,
            String state,
            Instant publishAt,
            Instant activateAt,
            Instant retireAt,
            Instant deleteAt) {

        static SigningKey of(Map<String, Object> key) {
            return new SigningKey(
                    String.valueOf(key.get("kid")),
                    String.valueOf(key.get("algorithm")),
                    String.valueOf(key.get("state")),
                    time(key, "publishTime"),
                    time(key, "activateTime"),
                    time(key, "retireTime"),
                    time(key, "deleteTime"));
        }

        private static Instant time(Map<String, Object> key, String field) {
            return Instant.parse(String.valueOf(key.get(field)));
        }
    }

    /** The server's keys as bars on a time axis (an SVG drawn by the template): pending, active and retired spans. */
    @TemplateData
    public record Timeline(List<Row> rows, int width, int height, int nowX, List<Tick> ticks) {

        static final int LEFT = 130;
        static final int RIGHT = 20;
        static final int WIDTH = 1000;
        static final int ROW = 34;

        public int axisBottom() {
            return height - 20;
        }

        public int labelY() {
            return height - 6;
        }

        public int nowLabelX() {
            return nowX + 4;
        }

        static Timeline of(List<SigningKey> keys, Instant now) {
            if (keys.isEmpty()) {
                return new Timeline(List.of(), WIDTH, 60, LEFT, List.of());
            }
            Instant start = keys.stream()
                    .map(SigningKey::publishAt)
                    .min(Instant::compareTo)
                    .orElse(now);
            Instant end = keys.stream()
                    .map(SigningKey::deleteAt)
                    .max(Instant::compareTo)
                    .orElse(now);
            double span = Math.max(1, end.getEpochSecond() - start.getEpochSecond());
            Function<Instant, Integer> x = t -> LEFT
                    + (int) Math.round((t.getEpochSecond() - start.getEpochSecond()) / span * (WIDTH - LEFT - RIGHT));
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                SigningKey key = keys.get(i);
                int y = 30 + i * ROW;
                rows.add(new Row(
                        key.kid().substring(0, Math.min(10, key.kid().length())),
                        key.kid(),
                        key.algorithm(),
                        key.state(),
                        y,
                        List.of(
                                span("PENDING", key.publishAt(), key.activateAt(), x),
                                span("ACTIVE", key.activateAt(), key.retireAt(), x),
                                span("RETIRED", key.retireAt(), key.deleteAt(), x))));
            }
            List<Tick> ticks = new ArrayList<>();
            for (int i = 0; i <= 4; i++) {
                Instant t = start.plusSeconds((long) (span * i / 4));
                ticks.add(new Tick(x.apply(t), t.toString().substring(0, 10)));
            }
            return new Timeline(rows, WIDTH, 30 + keys.size() * ROW + 30, x.apply(now), ticks);
        }
    }

    private static Span span(String state, Instant from, Instant to, Function<Instant, Integer> x) {
        return new Span(state, x.apply(from), x.apply(to), from, to);
    }

    @TemplateData
    public record Row(String label, String kid, String algorithm, String state, int y, List<Span> spans) {

        public int textY() {
            return y + 16;
        }
    }

    @TemplateData
    public record Span(String state, int x1, int x2, Instant from, Instant to) {

        public int width() {
            return Math.max(1, x2 - x1);
        }
    }

    @TemplateData
    public record Tick(int x, String label) {}
}

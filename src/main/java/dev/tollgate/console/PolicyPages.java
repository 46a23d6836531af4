package dev.tollgate.console;

import static dev.tollgate.console.ConsolePages.list;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Organization policies and the key-expiry setting of a resource: what applies, and from where it is inherited. */
@Path("/console/{collection: organizations|teams|projects}/{id}/policies")
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Blocking
public class PolicyPages {

    static final List<String> BOOLEAN = List.of(
            "iam.disableServiceAccountCreation",
            "iam.disableServiceAccountKeyCreation",
            "iam.disableServiceAccountKeyUpload",
            "iam.disableServiceAccountApiKeyCreation");
    static final List<String> LISTS =
            List.of("iam.allowServiceAccountCredentialLifetimeExtension", "iam.workloadIdentityPoolProviders");
    static final List<String> EXPIRIES = List.of("1h", "8h", "24h", "168h", "336h", "720h", "1440h", "2160h");
    private static final String EXPIRY = "settings/iam-serviceAccountKeyExpiry";

    private final ConsoleContext context;
    private final ConsoleApi api;
    private final ConsolePages pages;

    public PolicyPages(ConsoleContext context, ConsoleApi api, ConsolePages pages) {
        this.context = context;
        this.api = api;
        this.pages = pages;
    }

    @GET
    public TemplateInstance policies(@PathParam("collection") String collection, @PathParam("id") String id) {
        context.requireSession();
        Home home = new Home(collection, id);
        List<Home> lineage = lineage(home);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> constraints = new ArrayList<>(BOOLEAN);
        constraints.addAll(LISTS);
        Map<Home, Map<String, Object>> setAt = new LinkedHashMap<>();
        for (Home level : lineage) {
            Map<String, Object> byConstraint = new LinkedHashMap<>();
            for (Map<String, Object> policy : list(api.get("/v1/" + level.name() + "/policies"), "policies")) {
                byConstraint.put(String.valueOf(policy.get("name")).replaceAll(".*/policies/", ""), policy.get("spec"));
            }
            setAt.put(level, byConstraint);
        }
        for (String constraint : constraints) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("constraint", constraint);
            row.put("boolean", BOOLEAN.contains(constraint));
            row.put(
                    "effective",
                    rules(api.get("/v1/" + home.name() + "/policies/" + constraint + ":getEffectivePolicy")
                            .get("spec")));
            Object here = setAt.get(home).get(constraint);
            row.put("here", here == null ? "" : rules(here));
            row.put(
                    "from",
                    lineage.stream()
                            .filter(level -> setAt.get(level).containsKey(constraint))
                            .findFirst()
                            .map(Home::name)
                            .orElse("default (no policy set)"));
            rows.add(row);
        }
        String ownExpiry = value(api.get("/v1/" + home.name() + "/" + EXPIRY));
        String effectiveExpiry = value(api.get("/v1/" + home.name() + "/" + EXPIRY + ":getEffectiveValue"));
        String expiryFrom = "not set anywhere: keys never expire by default";
        for (Home level : lineage) {
            if (!value(api.get("/v1/" + level.name() + "/" + EXPIRY)).isEmpty()) {
                expiryFrom = level.name();
                break;
            }
        }
        return context.page("policies", "Policies of " + home.name())
                .data("home", home)
                .data("rows", rows)
                .data("org", pages.organizationOf(home, api.get("/v1/" + home.name())))
                .data("ownExpiry", ownExpiry)
                .data("effectiveExpiry", effectiveExpiry)
                .data("expiryFrom", expiryFrom)
                .data("expiries", EXPIRIES);
    }

    @POST
    public Response set(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @FormParam("csrf") String csrf,
            @FormParam("constraint") String constraint,
            @FormParam("rule") String rule,
            @FormParam("values") String values,
            @FormParam("inheritFromParent") boolean inherit) {
        context.requireChange(csrf);
        Home home = new Home(collection, id);
        String path = "/v1/" + home.name() + "/policies/" + constraint;
        return pages.act(home.pagePath() + "/policies", () -> {
            switch (rule == null ? "" : rule) {
                case "delete" -> api.delete(path);
                case "reset" -> api.put(path, Map.of("spec", Map.of("reset", true)));
                case "enforce", "notEnforced" ->
                    api.put(path, Map.of("spec", Map.of("rules", List.of(Map.of("enforce", rule.equals("enforce"))))));
                case "allowAll" -> api.put(path, Map.of("spec", Map.of("rules", List.of(Map.of("allowAll", true)))));
                case "denyAll" -> api.put(path, Map.of("spec", Map.of("rules", List.of(Map.of("denyAll", true)))));
                default ->
                    api.put(
                            path,
                            Map.of(
                                    "spec",
                                    Map.of(
                                            "inheritFromParent",
                                            inherit,
                                            "rules",
                                            List.of(Map.of(
                                                    "values",
                                                    Map.of(
                                                            "allowedValues",
                                                            Arrays.stream((values == null ? "" : values).split("\\R"))
                                                                    .map(String::strip)
                                                                    .filter(v -> !v.isEmpty())
                                                                    .toList()))))));
            }
            return "Policy " + constraint + " on " + home.name() + ": "
                    + (rule == null || rule.isEmpty() ? "values set" : rule) + ".";
        });
    }

    @POST
    @Path("/key-expiry")
    public Response keyExpiry(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @FormParam("csrf") String csrf,
            @FormParam("value") String value) {
        context.requireChange(csrf);
        Home home = new Home(collection, id);
        return pages.act(home.pagePath() + "/policies", () -> {
            api.patch(
                    "/v1/" + home.name() + "/" + EXPIRY,
                    value == null || value.isBlank()
                            ? Map.of("value", Map.of())
                            : Map.of("value", Map.of("stringValue", value)));
            return "Key expiry on " + home.name() + ": " + (value == null || value.isBlank() ? "cleared" : value) + ".";
        });
    }

    /** The resource, then its team (for a project), then its organization. */
    private List<Home> lineage(Home home) {
        List<Home> lineage = new ArrayList<>();
        Home level = home;
        while (level != null) {
            lineage.add(level);
            if (level.isOrganization()) {
                break;
            }
            String[] parent =
                    String.valueOf(api.get("/v1/" + level.name()).get("parent")).split("/", 2);
            level = new Home(parent[0], parent[1]);
        }
        return lineage;
    }

    /** A policy spec as one line: {@code enforce: true}, the allowed values, {@code allowAll}, {@code reset}. */
    @SuppressWarnings("unchecked")
    static String rules(Object spec) {
        if (!(spec instanceof Map<?, ?> map)) {
            return "";
        }
        if (Boolean.TRUE.equals(map.get("reset"))) {
            return "reset to the default";
        }
        List<String> parts = new ArrayList<>();
        if (map.get("rules") instanceof List<?> rules) {
            for (Object rule : rules) {
                Map<String, Object> r = (Map<String, Object>) rule;
                if (r.containsKey("enforce")) {
                    parts.add(
                            Boolean.TRUE.equals(r.get("enforce")) || "true".equals(String.valueOf(r.get("enforce")))
                                    ? "enforced"
                                    : "not enforced");
                } else if (r.containsKey("allowAll")) {
                    parts.add("allow all");
                } else if (r.containsKey("denyAll")) {
                    parts.add("deny all");
                } else if (r.get("values") instanceof Map<?, ?> values) {
                    parts.add("allowed: " + values.get("allowedValues"));
                }
            }
        }
        if (Boolean.TRUE.equals(map.get("inheritFromParent"))) {
            parts.add("(adds to the parent's)");
        }
        return parts.isEmpty() ? "default" : String.join(", ", parts);
    }

    private static String value(Map<String, Object> setting) {
        return setting.get("value") instanceof Map<?, ?> value && value.get("stringValue") != null
                ? String.valueOf(value.get("stringValue"))
                : "";
    }
}

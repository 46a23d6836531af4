package dev.tollgate.console;

import static dev.tollgate.console.ConsolePages.body;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Workload identity federation of a project: pools, providers, the Test exchange dry run and credential files. */
@Path("/console/projects/{project}/federation")
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Blocking
public class FederationPages {

    private final ConsoleContext context;
    private final ConsoleApi api;
    private final ConsolePages pages;

    public FederationPages(ConsoleContext context, ConsoleApi api, ConsolePages pages) {
        this.context = context;
        this.api = api;
        this.pages = pages;
    }

    private static String pools(String project) {
        return "/v1/projects/" + project + "/locations/global/workloadIdentityPools";
    }

    @GET
    public TemplateInstance pools(
            @PathParam("project") String project, @QueryParam("showDeleted") boolean showDeleted) {
        context.requireSession();
        Home home = Home.project(project);
        Map<String, Object> resource = api.get("/v1/projects/" + project);
        List<Map<String, Object>> pools = withIds(
                list(api.get(pools(project) + "?pageSize=100&showDeleted=" + showDeleted), "workloadIdentityPools"));
        return context.page("federation", "Workload identity federation of " + project)
                .data("home", home)
                .data("org", pages.organizationOf(home, resource))
                .data("pools", pools)
                .data("project", project);
    }

    @POST
    public Response createPool(
            @PathParam("project") String project,
            @FormParam("csrf") String csrf,
            @FormParam("poolId") String poolId,
            @FormParam("displayName") String displayName,
            @FormParam("description") String description) {
        context.requireChange(csrf);
        return pages.act("/console/projects/" + project + "/federation", () -> {
            api.post(
                    pools(project) + "?workloadIdentityPoolId=" + ConsoleApi.q(poolId.strip()),
                    body("displayName", displayName, "description", description));
            return "Created pool " + poolId + ".";
        });
    }

    @GET
    @Path("/{pool}")
    public TemplateInstance pool(@PathParam("project") String project, @PathParam("pool") String pool) {
        context.requireSession();
        Home home = Home.project(project);
        Map<String, Object> found = api.get(pools(project) + "/" + pool);
        List<Map<String, Object>> providers = withIds(list(
                api.get(pools(project) + "/" + pool + "/providers?pageSize=100&showDeleted=true"),
                "workloadIdentityPoolProviders"));
        return context.page("pool", "Pool " + pool)
                .data("home", home)
                .data("project", project)
                .data("pool", found)
                .data("poolId", pool)
                .data("providers", providers)
                .data("org", pages.organizationOf(home, api.get("/v1/projects/" + project)));
    }

    @POST
    @Path("/{pool}/{verb: delete|undelete}")
    public Response poolVerb(
            @PathParam("project") String project,
            @PathParam("pool") String pool,
            @PathParam("verb") String verb,
            @FormParam("csrf") String csrf) {
        context.requireChange(csrf);
        return pages.act("/console/projects/" + project + "/federation", () -> {
            if (verb.equals("delete")) {
                api.delete(pools(project) + "/" + pool);
            } else {
                api.post(pools(project) + "/" + pool + ":undelete", Map.of());
            }
            return "Pool " + pool + ": " + verb + "d.";
        });
    }

    @POST
    @Path("/{pool}")
    public Response createProvider(
            @PathParam("project") String project,
            @PathParam("pool") String pool,
            @FormParam("csrf") String csrf,
            @FormParam("providerId") String providerId,
            @FormParam("displayName") String displayName,
            @FormParam("issuerUri") String issuerUri,
            @FormParam("allowedAudiences") String audiences,
            @FormParam("attributeMapping") String mapping,
            @FormParam("attributeCondition") String condition) {
        context.requireChange(csrf);
        String back = "/console/projects/" + project + "/federation/" + pool;
        return pages.act(back, () -> {
            api.post(
                    pools(project) + "/" + pool + "/providers?workloadIdentityPoolProviderId="
                            + ConsoleApi.q(providerId.strip()),
                    body(
                            "displayName",
                            displayName,
                            "attributeMapping",
                            parseMapping(mapping),
                            "attributeCondition",
                            condition,
                            "oidc",
                            body("issuerUri", issuerUri, "allowedAudiences", lines(audiences))));
            return "Created provider " + providerId + ".";
        });
    }

    @GET
    @Path("/{pool}/providers/{provider}")
    public TemplateInstance provider(
            @PathParam("project") String project,
            @PathParam("pool") String pool,
            @PathParam("provider") String provider) {
        context.requireSession();
        return providerPage(project, pool, provider, null);
    }

    /** The dry run: every check's verdict with what was presented and expected; nothing is issued. */
    @POST
    @Path("/{pool}/providers/{provider}/test")
    public TemplateInstance testExchange(
            @PathParam("project") String project,
            @PathParam("pool") String pool,
            @PathParam("provider") String provider,
            @FormParam("csrf") String csrf,
            @FormParam("subjectToken") String subjectToken) {
        context.requireChange(csrf);
        Map<String, Object> result;
        try {
            result = api.post(
                    pools(project) + "/" + pool + "/providers/" + provider + ":testExchange",
                    Map.of("subjectToken", subjectToken == null ? "" : subjectToken.strip()));
        } catch (ConsoleApiError e) {
            if (e.httpStatus() == 401) {
                throw e;
            }
            result = Map.of("result", e.status(), "errorDescription", e.describe(), "checks", List.of());
        }
        return providerPage(project, pool, provider, result);
    }

    @POST
    @Path("/{pool}/providers/{provider}/{verb: delete|undelete|disable|enable}")
    public Response providerVerb(
            @PathParam("project") String project,
            @PathParam("pool") String pool,
            @PathParam("provider") String provider,
            @PathParam("verb") String verb,
            @FormParam("csrf") String csrf) {
        context.requireChange(csrf);
        String path = pools(project) + "/" + pool + "/providers/" + provider;
        return pages.act("/console/projects/" + project + "/federation/" + pool, () -> {
            switch (verb) {
                case "delete" -> api.delete(path);
                case "undelete" -> api.post(path + ":undelete", Map.of());
                default -> api.patch(path + "?updateMask=disabled", Map.of("disabled", verb.equals("disable")));
            }
            return "Provider " + provider + ": " + verb + "d.";
        });
    }

    /** The {@code external_account} credential configuration file, as a download. */
    @GET
    @Path("/{pool}/providers/{provider}/credential-config")
    @Produces(MediaType.APPLICATION_JSON)
    public Response credentialConfig(
            @PathParam("project") String project,
            @PathParam("pool") String pool,
            @PathParam("provider") String provider,
            @QueryParam("serviceAccount") String serviceAccount,
            @QueryParam("credentialSource") String source) {
        context.requireSession();
        StringBuilder query =
                new StringBuilder("?credentialSource=").append(ConsoleApi.q(source == null ? "" : source));
        if (serviceAccount != null && !serviceAccount.isBlank()) {
            query.append("&serviceAccount=").append(ConsoleApi.q(serviceAccount.strip()));
        }
        try {
            Map<String, Object> config =
                    api.get(pools(project) + "/" + pool + "/providers/" + provider + ":credentialConfig" + query);
            return Response.ok(config)
                    .header("Content-Disposition", "attachment; filename=\"" + provider + "-credentials.json\"")
                    .build();
        } catch (ConsoleApiError e) {
            if (e.httpStatus() == 401) {
                throw e;
            }
            return context.redirect(
                    "/console/projects/" + project + "/federation/" + pool + "/providers/" + provider,
                    true,
                    e.describe());
        }
    }

    private TemplateInstance providerPage(String project, String pool, String provider, Map<String, Object> result) {
        Home home = Home.project(project);
        Map<String, Object> found = api.get(pools(project) + "/" + pool + "/providers/" + provider);
        return context.page("provider", "Provider " + provider)
                .data("home", home)
                .data("project", project)
                .data("poolId", pool)
                .data("providerId", provider)
                .data("provider", found)
                .data("mapping", mappingEntries(found.get("attributeMapping")))
                .data("result", result)
                .data("org", pages.organizationOf(home, api.get("/v1/projects/" + project)));
    }

    /** {@code google.subject=assertion.sub} lines into the mapping object. */
    static Map<String, String> parseMapping(String text) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String line : lines(text)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                mapping.put(
                        line.substring(0, equals).strip(),
                        line.substring(equals + 1).strip());
            } else {
                mapping.put(line, "");
            }
        }
        return mapping.isEmpty() ? null : mapping;
    }

    private static List<String> lines(String text) {
        return text == null
                ? List.of()
                : Arrays.stream(text.split("\\R"))
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .toList();
    }

    private static List<Map.Entry<String, Object>> mappingEntries(Object mapping) {
        if (mapping instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> Map.entry(String.valueOf(e.getKey()), (Object) e.getValue()))
                    .toList();
        }
        return List.of();
    }

    private static List<Map<String, Object>> withIds(List<Map<String, Object>> items) {
        items.forEach(item -> item.put("id", String.valueOf(item.get("name")).replaceAll(".*/", "")));
        return items;
    }
}

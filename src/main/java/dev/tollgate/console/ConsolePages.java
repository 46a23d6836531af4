package dev.tollgate.console;

import static dev.tollgate.console.ConsoleApi.q;

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
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The organization dashboard: teams and projects, their members and roles, and the W&B visibility rules. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Blocking
public class ConsolePages {

    static final List<String> ROLES = List.of(
            "roles/admin",
            "roles/member",
            "roles/viewer",
            "roles/iam.serviceAccountAdmin",
            "roles/iam.serviceAccountUser",
            "roles/iam.serviceAccountTokenCreator",
            "roles/iam.serviceAccountKeyAdmin",
            "roles/iam.workloadIdentityUser",
            "roles/iam.workloadIdentityPoolAdmin",
            "roles/orgpolicy.policyAdmin",
            "roles/logging.viewer");

    private final ConsoleContext context;
    private final ConsoleApi api;

    public ConsolePages(ConsoleContext context, ConsoleApi api) {
        this.context = context;
        this.api = api;
    }

    /** The first organization the signed-in user may see; the list when there are several. */
    @GET
    public Response landing() {
        context.requireSession();
        List<Map<String, Object>> organizations = list(api.get("/v1/organizations?pageSize=100"), "organizations");
        if (organizations.size() == 1) {
            return Response.seeOther(URI.create(
                            "/console/organizations/" + organizations.get(0).get("orgId")))
                    .build();
        }
        return Response.ok(context.page("organizations", "Organizations").data("organizations", organizations))
                .build();
    }

    @GET
    @Path("/organizations/{org}")
    public TemplateInstance organization(@PathParam("org") String org) {
        context.requireSession();
        Map<String, Object> organization = api.get("/v1/organizations/" + org);
        List<Map<String, Object>> teams =
                list(api.get("/v1/teams?pageSize=100&parent=" + q("organizations/" + org)), "teams");
        for (Map<String, Object> team : teams) {
            team.put(
                    "projects",
                    list(api.get("/v1/projects?pageSize=100&parent=" + q("teams/" + team.get("teamId"))), "projects"));
        }
        return context.page("organization", "Organization " + org)
                .data("org", org)
                .data("organization", organization)
                .data("teams", teams)
                .data("home", Home.organization(org));
    }

    @POST
    @Path("/organizations/{org}/teams")
    public Response createTeam(
            @PathParam("org") String org,
            @FormParam("csrf") String csrf,
            @FormParam("teamId") String teamId,
            @FormParam("displayName") String displayName) {
        context.requireChange(csrf);
        String back = "/console/organizations/" + org;
        return act(back, () -> {
            api.post("/v1/teams", body("teamId", teamId, "parent", "organizations/" + org, "displayName", displayName));
            return "Created team " + teamId + ".";
        });
    }

    @POST
    @Path("/organizations/{org}/projects")
    public Response createProject(
            @PathParam("org") String org,
            @FormParam("csrf") String csrf,
            @FormParam("team") String team,
            @FormParam("projectId") String projectId,
            @FormParam("displayName") String displayName,
            @FormParam("visibility") String visibility) {
        context.requireChange(csrf);
        return act("/console/organizations/" + org, () -> {
            api.post(
                    "/v1/projects",
                    body(
                            "projectId",
                            projectId,
                            "parent",
                            "teams/" + team,
                            "displayName",
                            displayName,
                            "visibility",
                            visibility));
            return "Created project " + projectId + " (" + visibility + ") in team " + team + ".";
        });
    }

    /** A team's or a project's own address opens its page, as an organization's does. */
    @GET
    @Path("/{collection: teams|projects}/{id}")
    public Response teamOrProject(@PathParam("collection") String collection, @PathParam("id") String id) {
        context.requireSession();
        return Response.seeOther(UriBuilder.fromPath("/console/{collection}/{id}/members")
                        .build(collection, id))
                .build();
    }

    /** A team's settings or a project's page: details, members and roles, and who reaches it. */
    @GET
    @Path("/{collection: teams|projects|organizations}/{id}/members")
    public TemplateInstance resource(@PathParam("collection") String collection, @PathParam("id") String id) {
        context.requireSession();
        Home home = new Home(collection, id);
        Map<String, Object> resource = api.get("/v1/" + home.name());
        Map<String, Object> policy = api.post("/v1/" + home.name() + ":getIamPolicy", Map.of());
        return context.page("resource", home.kind() + " " + id)
                .data("home", home)
                .data("resource", resource)
                .data("bindings", list(policy, "bindings"))
                .data("etag", policy.getOrDefault("etag", ""))
                .data("roles", ROLES)
                .data("org", organizationOf(home, resource))
                .data("membersAction", home.pagePath() + "/members");
    }

    @POST
    @Path("/{collection: teams|projects|organizations}/{id}/members")
    public Response addMember(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @FormParam("csrf") String csrf,
            @FormParam("member") String member,
            @FormParam("role") String role) {
        context.requireChange(csrf);
        Home home = new Home(collection, id);
        return act(home.pagePath() + "/members", () -> {
            Bindings.add(api, "/v1/" + home.name(), role, member == null ? "" : member.strip());
            return "Granted " + role + " to " + member + " on " + home.name() + ".";
        });
    }

    @POST
    @Path("/{collection: teams|projects|organizations}/{id}/members/remove")
    public Response removeMember(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @FormParam("csrf") String csrf,
            @FormParam("member") String member,
            @FormParam("role") String role) {
        context.requireChange(csrf);
        Home home = new Home(collection, id);
        return act(home.pagePath() + "/members", () -> {
            Bindings.remove(api, "/v1/" + home.name(), role, member);
            return "Removed " + role + " from " + member + " on " + home.name() + ".";
        });
    }

    @POST
    @Path("/projects/{id}/visibility")
    public Response visibility(
            @PathParam("id") String id, @FormParam("csrf") String csrf, @FormParam("visibility") String visibility) {
        context.requireChange(csrf);
        return act("/console/projects/" + id + "/members", () -> {
            api.patch("/v1/projects/" + id + "?updateMask=visibility", Map.of("visibility", visibility));
            return "Project " + id + " is now " + visibility + ".";
        });
    }

    /** The organization a team or project belongs to, for the navigation. */
    String organizationOf(Home home, Map<String, Object> resource) {
        if (home.isOrganization()) {
            return home.id();
        }
        String parent = String.valueOf(resource.get("parent"));
        if (parent.startsWith("organizations/")) {
            return parent.substring("organizations/".length());
        }
        return organizationOf(Home.team(parent.substring("teams/".length())), api.get("/v1/" + parent));
    }

    /** Runs a change; its outcome (the server's own message when refused) is shown on the page {@code back}. */
    Response act(String back, Supplier<String> change) {
        try {
            return context.redirect(back, false, change.get());
        } catch (ConsoleApiError e) {
            if (e.httpStatus() == 401) {
                throw e;
            }
            return context.redirect(back, true, e.describe());
        }
    }

    /** A JSON body from name/value pairs, leaving out blank values. */
    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            if (value != null && !(value instanceof String text && text.isBlank())) {
                body.put((String) pairs[i], value instanceof String text ? text.strip() : value);
            }
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> answer, String field) {
        Object items = answer.get(field);
        if (!(items instanceof List<?>)) {
            return new ArrayList<>();
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object item : (List<Object>) items) {
            result.add(new LinkedHashMap<>((Map<String, Object>) item));
        }
        return result;
    }
}

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Service Accounts tab of an organization, a team (also at {@code /console/{team}/service-accounts}) and a
 * project, and each account's page: API keys, key files, certificates and who may use the account.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Blocking
public class AccountPages {

    private final ConsoleContext context;
    private final ConsoleApi api;
    private final ConsolePages pages;

    public AccountPages(ConsoleContext context, ConsoleApi api, ConsolePages pages) {
        this.context = context;
        this.api = api;
        this.pages = pages;
    }

    @GET
    @Path("/{team}/service-accounts")
    public TemplateInstance teamTab(@PathParam("team") String team) {
        return tab(Home.team(team));
    }

    @GET
    @Path("/{collection: organizations|teams|projects}/{id}/service-accounts")
    public TemplateInstance tab(@PathParam("collection") String collection, @PathParam("id") String id) {
        return tab(new Home(collection, id));
    }

    @POST
    @Path("/{collection: organizations|teams|projects}/{id}/service-accounts")
    public Response create(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @FormParam("csrf") String csrf,
            @FormParam("accountId") String accountId,
            @FormParam("displayName") String displayName,
            @FormParam("description") String description,
            @FormParam("defaultTeam") String defaultTeam,
            @FormParam("authMethod") String authMethod) {
        context.requireChange(csrf);
        Home home = new Home(collection, id);
        String team = defaultTeam == null || defaultTeam.isBlank() ? null : "teams/" + defaultTeam.strip();
        Map<String, Object> created;
        try {
            created = api.post(
                    "/v1/" + home.name() + "/serviceAccounts",
                    body(
                            "accountId",
                            accountId,
                            "serviceAccount",
                            body("displayName", displayName, "description", description, "defaultTeam", team)));
        } catch (ConsoleApiError e) {
            if (e.httpStatus() == 401) {
                throw e;
            }
            return context.redirect(home.serviceAccountsPath(), true, e.describe());
        }
        if ("federation".equals(authMethod)) {
            return context.redirect(
                    "/console/accounts/" + created.get("email") + "#who-may-use",
                    false,
                    "Created service account " + created.get("email")
                            + ". External identity: grant a workload identity "
                            + "principal (principal://… or principalSet://…) the role roles/iam.workloadIdentityUser below; "
                            + "no API key is needed.");
        }
        return context.redirect(
                home.serviceAccountsPath(),
                false,
                "Created service account " + created.get("email") + ". Use Copy API key to give it a key.");
    }

    @POST
    @Path("/{collection: organizations|teams|projects}/{id}/service-accounts/undelete")
    public Response undelete(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @FormParam("csrf") String csrf,
            @FormParam("uniqueId") String uniqueId) {
        context.requireChange(csrf);
        Home home = new Home(collection, id);
        return pages.act(home.serviceAccountsPath(), () -> {
            Map<String, Object> restored =
                    api.post("/v1/" + home.name() + "/serviceAccounts/" + uniqueId.strip() + ":undelete", Map.of());
            Object account = restored.get("restoredAccount");
            return "Restored " + (account instanceof Map<?, ?> map ? map.get("email") : uniqueId) + ".";
        });
    }

    @GET
    @Path("/accounts/{account}")
    public TemplateInstance account(@PathParam("account") String account) {
        context.requireSession();
        String path = "/v1/projects/-/serviceAccounts/" + account;
        Map<String, Object> found = api.get(path);
        Home home = homeOf(found);
        Map<String, Object> policy = api.post(path + ":getIamPolicy", Map.of());
        return context.page("account", String.valueOf(found.get("email")))
                .data("account", found)
                .data("home", home)
                .data("org", pages.organizationOf(home, api.get("/v1/" + home.name())))
                .data("apiKeys", list(api.get(path + "/apiKeys"), "apiKeys"))
                .data("keys", withKeyIds(list(api.get(path + "/keys?keyTypes=USER_MANAGED"), "keys")))
                .data("membersAction", "/console/accounts/" + found.get("email") + "/members")
                .data("bindings", list(policy, "bindings"))
                .data("roles", ConsolePages.ROLES);
    }

    /** Copy API key: a new key of the account, shown once on this answer only (the server keeps only its hash). */
    @POST
    @Path("/accounts/{account}/api-keys")
    public Response createApiKey(
            @PathParam("account") String account,
            @FormParam("csrf") String csrf,
            @FormParam("displayName") String displayName,
            @FormParam("expireTime") String expireTime) {
        context.requireChange(csrf);
        String name = displayName == null || displayName.isBlank() ? "console" : displayName;
        try {
            Map<String, Object> key = api.post(
                    "/v1/projects/-/serviceAccounts/" + account + "/apiKeys",
                    body("displayName", name, "expireTime", expireTime));
            TemplateInstance page = context.page("api-key", "New API key")
                    .data("account", account)
                    .data("key", key);
            return Response.ok(page.render())
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (ConsoleApiError e) {
            if (e.httpStatus() == 401) {
                throw e;
            }
            return context.redirect("/console/accounts/" + account, true, e.describe());
        }
    }

    @POST
    @Path("/accounts/{account}/api-keys/{keyId}/{verb: disable|enable|delete}")
    public Response apiKeyVerb(
            @PathParam("account") String account,
            @PathParam("keyId") String keyId,
            @PathParam("verb") String verb,
            @FormParam("csrf") String csrf) {
        context.requireChange(csrf);
        return credentialVerb(account, "apiKeys", "API key", keyId, verb);
    }

    /** disable / enable / delete of one of the account's API keys or keys, through the same /v1 calls. */
    private Response credentialVerb(String account, String collection, String label, String keyId, String verb) {
        String path = "/v1/projects/-/serviceAccounts/" + account + "/" + collection + "/" + keyId;
        return pages.act("/console/accounts/" + account, () -> {
            if (verb.equals("delete")) {
                api.delete(path);
            } else {
                api.post(path + ":" + verb, Map.of());
            }
            return label + " " + keyId + ": " + verb + "d.";
        });
    }

    @POST
    @Path("/accounts/{account}/{verb: disable|enable|delete}")
    public Response accountVerb(
            @PathParam("account") String account, @PathParam("verb") String verb, @FormParam("csrf") String csrf) {
        context.requireChange(csrf);
        String path = "/v1/projects/-/serviceAccounts/" + account;
        if (verb.equals("delete")) {
            Map<String, Object> found = api.get(path);
            Home home = homeOf(found);
            return pages.act(home.serviceAccountsPath(), () -> {
                api.delete(path);
                return "Deleted " + found.get("email") + ". It can be restored for 30 days with its uniqueId "
                        + found.get("uniqueId") + " (Undelete, below).";
            });
        }
        return pages.act("/console/accounts/" + account, () -> {
            api.post(path + ":" + verb, Map.of());
            return "Service account " + account + " " + verb + "d.";
        });
    }

    /** A key file: the JSON (or PKCS#12) credentials, downloaded once; the server keeps only the public key. */
    @POST
    @Path("/accounts/{account}/keys")
    public Response createKey(
            @PathParam("account") String account,
            @FormParam("csrf") String csrf,
            @FormParam("privateKeyType") String type) {
        context.requireChange(csrf);
        String keyType = "TYPE_PKCS12_FILE".equals(type) ? type : "TYPE_GOOGLE_CREDENTIALS_FILE";
        try {
            Map<String, Object> key =
                    api.post("/v1/projects/-/serviceAccounts/" + account + "/keys", Map.of("privateKeyType", keyType));
            byte[] file = Base64.getDecoder().decode(String.valueOf(key.get("privateKeyData")));
            String keyId = String.valueOf(key.get("name")).replaceAll(".*/", "");
            String fileName = account.replaceAll("@.*", "") + "-" + keyId.substring(0, Math.min(12, keyId.length()))
                    + (keyType.equals("TYPE_PKCS12_FILE") ? ".p12" : ".json");
            return Response.ok(file)
                    .type(keyType.equals("TYPE_PKCS12_FILE") ? "application/x-pkcs12" : "application/json")
                    .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (ConsoleApiError e) {
            if (e.httpStatus() == 401) {
                throw e;
            }
            return context.redirect("/console/accounts/" + account, true, e.describe());
        }
    }

    @POST
    @Path("/accounts/{account}/keys/upload")
    public Response uploadKey(
            @PathParam("account") String account,
            @FormParam("csrf") String csrf,
            @FormParam("certificate") String certificate) {
        context.requireChange(csrf);
        return pages.act("/console/accounts/" + account, () -> {
            String pem = certificate == null ? "" : certificate.strip() + "\n";
            Map<String, Object> key = api.post(
                    "/v1/projects/-/serviceAccounts/" + account + "/keys:upload",
                    Map.of("publicKeyData", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8))));
            return "Uploaded certificate as key "
                    + String.valueOf(key.get("name")).replaceAll(".*/", "") + ".";
        });
    }

    @POST
    @Path("/accounts/{account}/keys/{keyId}/{verb: disable|enable|delete}")
    public Response keyVerb(
            @PathParam("account") String account,
            @PathParam("keyId") String keyId,
            @PathParam("verb") String verb,
            @FormParam("csrf") String csrf) {
        context.requireChange(csrf);
        return credentialVerb(account, "keys", "Key", keyId, verb);
    }

    @POST
    @Path("/accounts/{account}/members{remove: (/remove)?}")
    public Response members(
            @PathParam("account") String account,
            @PathParam("remove") String remove,
            @FormParam("csrf") String csrf,
            @FormParam("member") String member,
            @FormParam("role") String role) {
        context.requireChange(csrf);
        String resource = "/v1/projects/-/serviceAccounts/" + account;
        boolean removing = remove != null && !remove.isEmpty();
        return pages.act("/console/accounts/" + account, () -> {
            if (removing) {
                Bindings.remove(api, resource, role, member);
                return "Removed " + role + " from " + member + ".";
            }
            Bindings.add(api, resource, role, member == null ? "" : member.strip());
            return "Granted " + role + " on " + account + " to " + member + ".";
        });
    }

    private TemplateInstance tab(Home home) {
        context.requireSession();
        Map<String, Object> resource = api.get("/v1/" + home.name());
        String org = pages.organizationOf(home, resource);
        List<Map<String, Object>> accounts =
                list(api.get("/v1/" + home.name() + "/serviceAccounts?pageSize=100"), "accounts");
        List<Map<String, Object>> teams = home.isOrganization()
                ? list(api.get("/v1/teams?pageSize=100&parent=" + ConsoleApi.q(home.name())), "teams")
                : List.of();
        return context.page("service-accounts", "Service accounts of " + home.name())
                .data("home", home)
                .data("org", org)
                .data("accounts", accounts)
                .data("teams", teams);
    }

    private static List<Map<String, Object>> withKeyIds(List<Map<String, Object>> keys) {
        keys.forEach(key -> key.put("keyId", String.valueOf(key.get("name")).replaceAll(".*/", "")));
        return keys;
    }

    static Home homeOf(Map<String, Object> account) {
        String[] home = String.valueOf(account.get("home")).split("/", 2);
        return new Home(home[0], home[1]);
    }
}

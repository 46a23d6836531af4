package dev.tollgate.policy;

import dev.tollgate.iam.CurrentCaller;
import dev.tollgate.policy.OrgPolicyViews.Policies;
import dev.tollgate.policy.OrgPolicyViews.PolicyView;
import dev.tollgate.policy.OrgPolicyViews.SetPolicy;
import dev.tollgate.policy.OrgPolicyViews.SetSetting;
import dev.tollgate.policy.OrgPolicyViews.SettingView;
import dev.tollgate.support.RequiresCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Organization policies (docs/api.md "Organization policies and settings") and settings (§4.3) of organizations, teams and projects. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class OrgPolicyResource {

    private static final String RESOURCE = "/{collection: organizations|teams|projects}/{id}";

    private final OrgPolicyService policies;
    private final OrgSettingService settings;
    private final CurrentCaller caller;

    public OrgPolicyResource(OrgPolicyService policies, OrgSettingService settings, CurrentCaller caller) {
        this.policies = policies;
        this.settings = settings;
        this.caller = caller;
    }

    @GET
    @Path(RESOURCE + "/policies")
    public Uni<Policies> list(@PathParam("collection") String collection, @PathParam("id") String id) {
        return policies.list(caller.get(), collection + "/" + id).map(Policies::new);
    }

    @GET
    @Path(RESOURCE + "/policies/{constraint}")
    public Uni<PolicyView> get(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @PathParam("constraint") String constraint) {
        return policies.get(caller.get(), collection + "/" + id, constraint);
    }

    @PUT
    @Path(RESOURCE + "/policies/{constraint}")
    public Uni<PolicyView> set(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @PathParam("constraint") String constraint,
            SetPolicy request) {
        return policies.set(caller.get(), collection + "/" + id, constraint, request);
    }

    @DELETE
    @Path(RESOURCE + "/policies/{constraint}")
    public Uni<Map<String, Object>> delete(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @PathParam("constraint") String constraint) {
        return policies.delete(caller.get(), collection + "/" + id, constraint).replaceWith(Map.of());
    }

    @GET
    @Path(RESOURCE + "/policies/{constraint}/:getEffectivePolicy")
    public Uni<PolicyView> effective(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @PathParam("constraint") String constraint) {
        return policies.effective(caller.get(), collection + "/" + id, constraint);
    }

    @GET
    @Path(RESOURCE + "/settings/{setting}")
    public Uni<SettingView> getSetting(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @PathParam("setting") String setting) {
        return settings.get(caller.get(), collection + "/" + id, setting);
    }

    @PATCH
    @Path(RESOURCE + "/settings/{setting}")
    public Uni<SettingView> updateSetting(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @PathParam("setting") String setting,
            SetSetting request) {
        return settings.update(caller.get(), collection + "/" + id, setting, request);
    }

    @GET
    @Path(RESOURCE + "/settings/{setting}/:getEffectiveValue")
    public Uni<SettingView> effectiveSetting(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @PathParam("setting") String setting) {
        return settings.effective(caller.get(), collection + "/" + id, setting);
    }
}

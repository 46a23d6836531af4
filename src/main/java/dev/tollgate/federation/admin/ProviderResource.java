package dev.tollgate.federation.admin;

import dev.tollgate.federation.admin.FederationRequests.ProviderBody;
import dev.tollgate.federation.admin.FederationViews.Provider;
import dev.tollgate.iam.CurrentCaller;
import dev.tollgate.support.RequiresCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** OIDC providers of workload identity pools, their dry run and credential configuration (docs/api.md "Workload identity federation"). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class ProviderResource {

    static final String PROVIDERS = PoolResource.POOL + "/providers";
    static final String PROVIDER = PROVIDERS + "/{provider}";

    private final ProviderService service;
    private final CurrentCaller caller;

    public ProviderResource(ProviderService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Path(PROVIDERS)
    public Uni<Provider> create(
            @PathParam("p") String project,
            @PathParam("pool") String pool,
            @QueryParam("workloadIdentityPoolProviderId") String providerId,
            ProviderBody body) {
        return service.create(caller.get(), project, pool, providerId, body);
    }

    @GET
    @Path(PROVIDERS)
    public Uni<FederationViews.Providers> list(
            @PathParam("p") String project,
            @PathParam("pool") String pool,
            @QueryParam("pageSize") Integer pageSize,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("showDeleted") boolean showDeleted) {
        return service.list(caller.get(), project, pool, pageSize, pageToken, showDeleted);
    }

    @GET
    @Path(PROVIDER)
    public Uni<Provider> get(
            @PathParam("p") String project, @PathParam("pool") String pool, @PathParam("provider") String provider) {
        return service.get(caller.get(), project, pool, provider);
    }

    @PATCH
    @Path(PROVIDER)
    public Uni<Provider> update(
            @PathParam("p") String project,
            @PathParam("pool") String pool,
            @PathParam("provider") String provider,
            ProviderBody patch,
            @QueryParam("updateMask") String updateMask) {
        return service.update(caller.get(), project, pool, provider, patch, updateMask);
    }

    @DELETE
    @Path(PROVIDER)
    public Uni<Provider> delete(
            @PathParam("p") String project, @PathParam("pool") String pool, @PathParam("provider") String provider) {
        return service.delete(caller.get(), project, pool, provider);
    }

    @POST
    @Path(PROVIDER + "/:undelete")
    public Uni<Provider> undelete(
            @PathParam("p") String project, @PathParam("pool") String pool, @PathParam("provider") String provider) {
        return service.undelete(caller.get(), project, pool, provider);
    }

    @POST
    @Path(PROVIDER + "/:testExchange")
    public Uni<FederationViews.ExchangeReport> testExchange(
            @PathParam("p") String project,
            @PathParam("pool") String pool,
            @PathParam("provider") String provider,
            FederationRequests.TestExchange body) {
        return service.testExchange(caller.get(), project, pool, provider, body);
    }

    @GET
    @Path(PROVIDER + "/:credentialConfig")
    public Uni<Map<String, Object>> credentialConfig(
            @PathParam("p") String project,
            @PathParam("pool") String pool,
            @PathParam("provider") String provider,
            @QueryParam("serviceAccount") String serviceAccount,
            @QueryParam("credentialSource") String credentialSource,
            @QueryParam("credentialSourceFormat") String format,
            @QueryParam("credentialSourceFieldName") String fieldName) {
        return service.credentialConfig(
                caller.get(),
                project,
                pool,
                provider,
                serviceAccount,
                new CredentialConfigs.Source(credentialSource, format, fieldName));
    }
}

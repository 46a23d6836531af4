package dev.tollgate.serviceaccount;

import dev.tollgate.iam.CurrentCaller;
import dev.tollgate.serviceaccount.ServiceAccountViews.ApiKey;
import dev.tollgate.support.RequiresCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** API keys of a service account (docs/api.md "API keys") under {@code /v1/{home}/serviceAccounts/{account}/apiKeys}. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class ApiKeyResource {

    private static final String KEYS = ServiceAccountResource.ACCOUNT + "/apiKeys";
    private static final String KEY = KEYS + "/{keyId}";

    private final ApiKeyService service;
    private final CurrentCaller caller;

    public ApiKeyResource(ApiKeyService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Path(KEYS)
    public Uni<ServiceAccountViews.CreatedApiKey> create(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            ServiceAccountRequests.CreateApiKey request) {
        return service.create(caller.get(), collection + "/" + homeId, account, request);
    }

    @GET
    @Path(KEYS)
    public Uni<ServiceAccountViews.ApiKeys> list(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account) {
        return service.list(caller.get(), collection + "/" + homeId, account).map(ServiceAccountViews.ApiKeys::new);
    }

    @GET
    @Path(KEY)
    public Uni<ApiKey> get(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            @PathParam("keyId") String keyId) {
        return service.get(caller.get(), collection + "/" + homeId, account, keyId);
    }

    @DELETE
    @Path(KEY)
    public Uni<Map<String, Object>> delete(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            @PathParam("keyId") String keyId) {
        return service.delete(caller.get(), collection + "/" + homeId, account, keyId)
                .replaceWith(Map.of());
    }

    @POST
    @Path(KEY + "/:disable")
    public Uni<ApiKey> disable(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            @PathParam("keyId") String keyId) {
        return service.setDisabled(caller.get(), collection + "/" + homeId, account, keyId, true);
    }

    @POST
    @Path(KEY + "/:enable")
    public Uni<ApiKey> enable(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            @PathParam("keyId") String keyId) {
        return service.setDisabled(caller.get(), collection + "/" + homeId, account, keyId, false);
    }
}

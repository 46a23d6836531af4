package dev.tollgate.keys.account;

import dev.tollgate.iam.CurrentCaller;
import dev.tollgate.keys.account.AccountKeyViews.Key;
import dev.tollgate.support.RequiresCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** User-managed and system-managed keys of a service account (docs/api.md "Keys") under {@code /v1/{sa}/keys}. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class AccountKeyResource {

    private static final String KEYS =
            "/{collection: organizations|teams|projects}/{homeId}/serviceAccounts/{account}" + "/keys";
    private static final String KEY = KEYS + "/{keyId}";

    private final UserKeyService service;
    private final CurrentCaller caller;

    public AccountKeyResource(UserKeyService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Path(KEYS)
    public Uni<Key> create(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            AccountKeyViews.CreateKey request) {
        return service.create(caller.get(), collection + "/" + homeId, account, request);
    }

    @POST
    @Path(KEYS + "/:upload")
    public Uni<Key> upload(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            AccountKeyViews.UploadKey request) {
        return service.upload(caller.get(), collection + "/" + homeId, account, request);
    }

    @GET
    @Path(KEYS)
    public Uni<AccountKeyViews.Keys> list(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            @QueryParam("keyTypes") List<String> keyTypes) {
        return service.list(caller.get(), collection + "/" + homeId, account, keyTypes);
    }

    @GET
    @Path(KEY)
    public Uni<Key> get(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            @PathParam("keyId") String keyId,
            @QueryParam("publicKeyType") String publicKeyType) {
        return service.get(caller.get(), collection + "/" + homeId, account, keyId, publicKeyType);
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
    public Uni<Map<String, Object>> disable(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            @PathParam("keyId") String keyId) {
        return service.setDisabled(caller.get(), collection + "/" + homeId, account, keyId, true)
                .replaceWith(Map.of());
    }

    @POST
    @Path(KEY + "/:enable")
    public Uni<Map<String, Object>> enable(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            @PathParam("keyId") String keyId) {
        return service.setDisabled(caller.get(), collection + "/" + homeId, account, keyId, false)
                .replaceWith(Map.of());
    }
}

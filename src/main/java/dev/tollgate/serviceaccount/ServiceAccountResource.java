package dev.tollgate.serviceaccount;

import dev.tollgate.iam.AllowPolicy;
import dev.tollgate.iam.CurrentCaller;
import dev.tollgate.iam.IamPolicyService;
import dev.tollgate.iam.IamRequests;
import dev.tollgate.serviceaccount.ServiceAccountViews.Account;
import dev.tollgate.support.ApiException;
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

/**
 * Service accounts (docs/api.md "Service accounts") under {@code /v1/{organizations|teams|projects}/{id}/serviceAccounts}; the home
 * {@code projects/-} finds an existing account wherever it lives.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class ServiceAccountResource {

    static final String ACCOUNTS = "/{collection: organizations|teams|projects}/{homeId}/serviceAccounts";
    static final String ACCOUNT = ACCOUNTS + "/{account}";
    private static final String PERMISSION_PREFIX = "iam.serviceAccounts";

    private final ServiceAccountService service;
    private final IamPolicyService policies;
    private final CurrentCaller caller;

    public ServiceAccountResource(ServiceAccountService service, IamPolicyService policies, CurrentCaller caller) {
        this.caller = caller;
        this.service = service;
        this.policies = policies;
    }

    @POST
    @Path(ACCOUNTS)
    public Uni<Account> create(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            ServiceAccountRequests.Create request) {
        return service.create(caller.get(), collection + "/" + homeId, request).map(Account::of);
    }

    @GET
    @Path(ACCOUNTS)
    public Uni<ServiceAccountViews.Accounts> list(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @QueryParam("pageSize") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        return service.list(caller.get(), collection + "/" + homeId, pageSize, pageToken)
                .map(page -> new ServiceAccountViews.Accounts(
                        page.items().stream().map(Account::of).toList(), page.nextPageToken()));
    }

    @GET
    @Path(ACCOUNT)
    public Uni<Account> get(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account) {
        return service.get(caller.get(), collection + "/" + homeId, account).map(Account::of);
    }

    @PATCH
    @Path(ACCOUNT)
    public Uni<Account> update(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            @QueryParam("updateMask") String updateMask,
            ServiceAccountRequests.Patch request) {
        return service.update(caller.get(), collection + "/" + homeId, account, request, updateMask)
                .map(Account::of);
    }

    @DELETE
    @Path(ACCOUNT)
    public Uni<Map<String, Object>> delete(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account) {
        return service.delete(caller.get(), collection + "/" + homeId, account).replaceWith(Map.of());
    }

    @POST
    @Path(ACCOUNT + "/:undelete")
    public Uni<ServiceAccountViews.Restored> undelete(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account) {
        return service.undelete(caller.get(), collection + "/" + homeId, account)
                .map(restored -> new ServiceAccountViews.Restored(Account.of(restored)));
    }

    @POST
    @Path(ACCOUNT + "/:enable")
    public Uni<Map<String, Object>> enable(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account) {
        return service.setDisabled(caller.get(), collection + "/" + homeId, account, false)
                .replaceWith(Map.of());
    }

    @POST
    @Path(ACCOUNT + "/:disable")
    public Uni<Map<String, Object>> disable(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account) {
        return service.setDisabled(caller.get(), collection + "/" + homeId, account, true)
                .replaceWith(Map.of());
    }

    @POST
    @Path(ACCOUNT + "/:getIamPolicy")
    public Uni<IamRequests.PolicyView> getIamPolicy(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account) {
        return service.find(collection + "/" + homeId, account)
                .chain(found -> policies.get(caller.get(), found.resource(), PERMISSION_PREFIX))
                .map(IamRequests.PolicyView::of);
    }

    @POST
    @Path(ACCOUNT + "/:setIamPolicy")
    public Uni<IamRequests.PolicyView> setIamPolicy(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            IamRequests.SetIamPolicy request) {
        if (request == null || request.policy() == null) {
            throw ApiException.invalidArgument("Body must be {\"policy\":{\"bindings\":[…],\"etag\":\"…\"}}.");
        }
        AllowPolicy requested =
                new AllowPolicy(0, request.policy().bindings(), request.policy().etag());
        return service.find(collection + "/" + homeId, account)
                .chain(found -> policies.set(caller.get(), found.resource(), PERMISSION_PREFIX, requested))
                .map(IamRequests.PolicyView::of);
    }

    @POST
    @Path(ACCOUNT + "/:testIamPermissions")
    public Uni<IamRequests.Permissions> testIamPermissions(
            @PathParam("collection") String collection,
            @PathParam("homeId") String homeId,
            @PathParam("account") String account,
            IamRequests.Permissions request) {
        if (request == null) {
            throw ApiException.invalidArgument("Body must be {\"permissions\":[…]}.");
        }
        return service.find(collection + "/" + homeId, account)
                .chain(found -> policies.test(caller.get(), found.resource(), request.permissions()))
                .map(IamRequests.Permissions::new);
    }
}

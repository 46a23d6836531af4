package dev.tollgate.token.credentials;

import dev.tollgate.iam.CurrentCaller;
import dev.tollgate.support.RequiresCaller;
import dev.tollgate.token.credentials.CredentialsRequests.AccessTokenView;
import dev.tollgate.token.credentials.CredentialsRequests.GenerateAccessToken;
import dev.tollgate.token.credentials.CredentialsRequests.GenerateIdToken;
import dev.tollgate.token.credentials.CredentialsRequests.IdTokenView;
import dev.tollgate.token.credentials.CredentialsRequests.SignBlob;
import dev.tollgate.token.credentials.CredentialsRequests.SignJwt;
import dev.tollgate.token.credentials.CredentialsRequests.SignedBlobView;
import dev.tollgate.token.credentials.CredentialsRequests.SignedJwtView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The IAM Credentials API (docs/api.md "Credentials API") at {@code /v1/projects/-/serviceAccounts/{email or uniqueId}:{verb}}; any
 * project segment finds the account wherever it lives, as Google's {@code -} does.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresCaller
public class CredentialsResource {

    private final CredentialsService service;
    private final CurrentCaller caller;

    public CredentialsResource(CredentialsService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Path("/projects/{project}/serviceAccounts/{account}/:generateAccessToken")
    public Uni<AccessTokenView> generateAccessToken(@PathParam("account") String account, GenerateAccessToken request) {
        return service.generateAccessToken(caller.get(), account, request);
    }

    @POST
    @Path("/projects/{project}/serviceAccounts/{account}/:generateIdToken")
    public Uni<IdTokenView> generateIdToken(@PathParam("account") String account, GenerateIdToken request) {
        return service.generateIdToken(caller.get(), account, request);
    }

    /**
     * The same as a form ({@code audience}, {@code includeEmail}, {@code delegates} repeated): what Google's Java
     * library sends for an ID token in universes other than googleapis.com. Unknown fields ({@code useEmailAzp}) are
     * ignored as in JSON.
     */
    @POST
    @Path("/projects/{project}/serviceAccounts/{account}/:generateIdToken")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<IdTokenView> generateIdTokenForm(
            @PathParam("account") String account,
            @FormParam("delegates") List<String> delegates,
            @FormParam("audience") String audience,
            @FormParam("includeEmail") String includeEmail) {
        return service.generateIdToken(
                caller.get(),
                account,
                new GenerateIdToken(
                        delegates.isEmpty() ? null : delegates,
                        audience,
                        CredentialsRequests.formBoolean("includeEmail", includeEmail)));
    }

    @POST
    @Path("/projects/{project}/serviceAccounts/{account}/:signBlob")
    public Uni<SignedBlobView> signBlob(@PathParam("account") String account, SignBlob request) {
        return service.signBlob(caller.get(), account, request);
    }

    @POST
    @Path("/projects/{project}/serviceAccounts/{account}/:signJwt")
    public Uni<SignedJwtView> signJwt(@PathParam("account") String account, SignJwt request) {
        return service.signJwt(caller.get(), account, request);
    }
}

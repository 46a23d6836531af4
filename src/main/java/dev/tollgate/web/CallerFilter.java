package dev.tollgate.web;

import dev.tollgate.iam.BearerRefusal;
import dev.tollgate.iam.CallerAuthenticator;
import dev.tollgate.iam.CurrentCaller;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.RequiresCaller;
import dev.tollgate.support.RpcStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates the bearer credential of every request to a {@link RequiresCaller} resource. */
public class CallerFilter {

    private static final String BEARER = "Bearer ";

    private final List<CallerAuthenticator> authenticators;
    private final CurrentCaller currentCaller;

    public CallerFilter(Instance<CallerAuthenticator> authenticators, CurrentCaller currentCaller) {
        this.authenticators = authenticators.stream().toList();
        this.currentCaller = currentCaller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (!requiresCaller(resource)) {
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthenticated("Request is missing a bearer credential (Authorization: Bearer <token>).");
        }
        String bearer = header.substring(BEARER.length()).trim();
        return authenticators.stream()
                .filter(authenticator -> authenticator.accepts(bearer))
                .findFirst()
                .map(authenticator -> authenticator
                        .authenticate(bearer)
                        .invoke(currentCaller::set)
                        .replaceWith((Response) null)
                        .onFailure(ApiException.class)
                        .recoverWithItem(CallerFilter::refused))
                .orElseGet(() -> unauthenticated("The bearer credential is not a token or key this server accepts."));
    }

    private static boolean requiresCaller(ResourceInfo resource) {
        return resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(RequiresCaller.class)
                        || resource.getResourceClass().isAnnotationPresent(RequiresCaller.class));
    }

    /** RFC 6750 §3.1: a refused token gets its error code in the challenge; anything else is a plain 401. */
    private static Response refused(Throwable failure) {
        if (failure instanceof BearerRefusal refusal) {
            return Response.fromResponse(ErrorBody.response(refusal.status(), refusal.getMessage()))
                    .header("WWW-Authenticate", null)
                    .header("WWW-Authenticate", refusal.challenge())
                    .build();
        }
        return ErrorMappers.unauthenticated(failure);
    }

    private static Uni<Response> unauthenticated(String message) {
        return Uni.createFrom().item(ErrorBody.response(RpcStatus.UNAUTHENTICATED, message));
    }
}

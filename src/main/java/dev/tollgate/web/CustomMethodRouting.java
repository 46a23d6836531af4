package dev.tollgate.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Routes Google-style custom methods ({@code …/organizations/acme:getIamPolicy}, AIP-136). The router would bind
 * {@code {id}} to {@code acme:getIamPolicy} and answer 405, so before matching the trailing {@code :verb} becomes a
 * segment of its own: resources declare custom methods as {@code /organizations/{id}/:getIamPolicy}. Clients that
 * percent-encode the colon ({@code %3A}) are routed the same way.
 */
public class CustomMethodRouting {

    private static final Pattern CUSTOM_METHOD = Pattern.compile("^(.*/[^/]+?)(?::|%3[Aa])([A-Za-z]+)$");

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void route(ContainerRequestContext request, HttpServerRequest http) {
        if (!mayBeCustomMethod(http.path())) {
            // Most requests (the token endpoint's above all): no request URI is built and parsed for them.
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        Matcher matcher = CUSTOM_METHOD.matcher(path);
        if (matcher.matches()) {
            String routed = matcher.group(1) + "/:" + matcher.group(2);
            request.setRequestUri(UriBuilder.fromUri(uri).replacePath(routed).build());
        }
    }

    /** A cheap pre-check: a custom method needs a colon, plain or percent-encoded, in the path. */
    static boolean mayBeCustomMethod(String rawPath) {
        return rawPath == null || rawPath.indexOf(':') >= 0 || rawPath.indexOf('%') >= 0;
    }
}

package dev.tollgate.web;

import dev.tollgate.support.TollgateConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * One listener for every host name of the universe (docs/api.md "Universe domain and host names"). Google's client
 * libraries derive URLs from {@code universe_domain}; {@code oauth2.}, {@code sts.} and {@code iamcredentials.} use
 * paths this server already serves as they are, but {@code cloudresourcemanager.{domain}/v1/projects/{n}} would be
 * Tollgate's own project resource, with another shape: requests on that host are routed under
 * {@code /cloudresourcemanager}. The token paths of Google's own token endpoints, which some libraries hard-code,
 * are served as {@code /oauth2/token} on every host.
 */
public class UniverseHostRouting {

    static final Map<String, String> GOOGLE_TOKEN_PATHS =
            Map.of("/oauth2/v4/token", "/oauth2/token", "/o/oauth2/token", "/oauth2/token");
    private static final String RESOURCE_MANAGER_PREFIX = "/cloudresourcemanager";

    private final Optional<String> resourceManagerHost;

    public UniverseHostRouting(TollgateConfig server) {
        this.resourceManagerHost =
                server.universeHost("cloudresourcemanager").map(host -> host.toLowerCase(Locale.ROOT));
    }

    @ServerRequestFilter(preMatching = true, priority = 0)
    public void route(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        String routed = GOOGLE_TOKEN_PATHS.getOrDefault(path, path);
        if (path.startsWith("/v1/") && isResourceManagerHost(request.getHeaderString(HttpHeaders.HOST))) {
            routed = RESOURCE_MANAGER_PREFIX + path;
        }
        if (!routed.equals(path)) {
            request.setRequestUri(UriBuilder.fromUri(uri).replacePath(routed).build());
        }
    }

    boolean isResourceManagerHost(String hostHeader) {
        if (hostHeader == null || resourceManagerHost.isEmpty()) {
            return false;
        }
        int port = hostHeader.lastIndexOf(':');
        String host = port > hostHeader.lastIndexOf(']') ? hostHeader.substring(0, port) : hostHeader;
        return host.toLowerCase(Locale.ROOT).equals(resourceManagerHost.get());
    }
}

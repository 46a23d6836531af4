package dev.tollgate.web;

import dev.tollgate.support.Ids;
import dev.tollgate.support.RequestInfo;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Gives every request an id (a client's {@code X-Request-Id} when sane), echoed in the response and audited. */
public class RequestInfoFilter {

    static final String HEADER = "X-Request-Id";
    /** Compiled once: {@code String.matches} compiles its pattern on every call. */
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private final RequestInfo info;

    public RequestInfoFilter(RequestInfo info) {
        this.info = info;
    }

    @ServerRequestFilter(preMatching = true)
    public void identify(HttpServerRequest http) {
        identify(info, http);
    }

    /** Fills {@code info} for {@code http} (for routes outside RESTEasy too) and answers the request id. */
    static String identify(RequestInfo info, HttpServerRequest http) {
        String offered = http.getHeader(HEADER);
        String id = offered != null && SANE_ID.matcher(offered).matches() ? offered : Ids.hex(12);
        String ip = http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
        info.set(id, ip, truncated(http.getHeader("User-Agent")));
        return id;
    }

    @ServerResponseFilter
    public void echo(ContainerResponseContext response) {
        response.getHeaders().putSingle(HEADER, info.requestId());
    }

    private static String truncated(String userAgent) {
        return userAgent == null || userAgent.length() <= 256 ? userAgent : userAgent.substring(0, 256);
    }
}

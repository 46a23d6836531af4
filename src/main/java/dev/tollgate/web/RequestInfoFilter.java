package dev.tollgate.web;

import dev.tollgate.support.RequestInfo;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Gives every request an id (a client's {@code X-Request-Id} when sane), echoed in the response and audited. */
public class RequestInfoFilter {

    static final String HEADER = RequestInfo.HEADER;

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
        String id = RequestInfo.idFor(http.getHeader(HEADER));
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

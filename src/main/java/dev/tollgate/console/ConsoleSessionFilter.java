package dev.tollgate.console;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Reads the console session of a request before its resource runs and writes what the request changed (the message
 * for the next page, or the end of the session) before the answer leaves, so that pages, which run on worker
 * threads, never wait for the database themselves.
 */
public class ConsoleSessionFilter {

    private final ConsoleContext context;
    private final ConsoleSessions sessions;
    private final ConsoleSessionRenewal renewal;

    public ConsoleSessionFilter(ConsoleContext context, ConsoleSessions sessions, ConsoleSessionRenewal renewal) {
        this.context = context;
        this.sessions = sessions;
        this.renewal = renewal;
    }

    @ServerRequestFilter
    public Uni<Void> load(ContainerRequestContext request) {
        if (!isConsole(request)) {
            return Uni.createFrom().voidItem();
        }
        return sessions.find(
                        context.sessionCookie().orElse(null),
                        request.getMethod().equals("GET"))
                .flatMap(renewal::renewIfDue)
                .invoke(context::loaded)
                .replaceWithVoid();
    }

    @ServerResponseFilter
    public Uni<Void> save(ContainerRequestContext request) {
        if (!isConsole(request)) {
            return Uni.createFrom().voidItem();
        }
        return context.session()
                .map(session -> context.closing()
                        ? sessions.close(session)
                        : context.pendingFlash()
                                .map(flash -> sessions.flash(session, flash))
                                .orElseGet(() -> Uni.createFrom().voidItem()))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private static boolean isConsole(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.equals("/console") || path.startsWith("/console/");
    }
}

package dev.tollgate.console;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Console failures as pages, never raw JSON: not signed in → the sign-in page; a forged change → 403; an API refusal
 * that escaped a page → the error page with the server's message.
 */
public class ConsoleErrors {

    private final ConsoleContext context;

    public ConsoleErrors(ConsoleContext context) {
        this.context = context;
    }

    @ServerExceptionMapper
    public Response refused(ConsoleRefusal e) {
        if (e.kind() == ConsoleRefusal.Kind.SIGN_IN_REQUIRED) {
            return Response.seeOther(URI.create("/console/sign-in")).build();
        }
        return page(403, "Refused", e.getMessage());
    }

    @ServerExceptionMapper
    public Response apiError(ConsoleApiError e) {
        if (e.httpStatus() == 401) {
            // The session's credential stopped working (key disabled, deleted or expired; token expired).
            context.closeSession();
            return Response.seeOther(URI.create("/console/sign-in?expired=true"))
                    .build();
        }
        return page(e.httpStatus(), e.status(), e.describe());
    }

    private Response page(int status, String title, String message) {
        TemplateInstance page =
                context.page("error", title).data("message", message).data("status", status);
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.render())
                .build();
    }
}

package dev.tollgate.audit;

import dev.tollgate.support.AccessGuard;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.Page;
import dev.tollgate.support.PageTokens;
import dev.tollgate.support.RequiresCaller;
import dev.tollgate.support.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Reading the audit log of an organization, team or project (docs/api.md "Audit log"). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@RequiresCaller
public class AuditResource {

    static final String PERMISSION = "logging.logEntries.list";

    private final AuditRepository repository;
    private final AccessGuard guard;

    public AuditResource(AuditRepository repository, AccessGuard guard) {
        this.repository = repository;
        this.guard = guard;
    }

    public record Entry(
            String timestamp,
            String principal,
            String attributedUser,
            String method,
            String resource,
            String result,
            String callerIp,
            String userAgent,
            String requestId,
            String details) {}

    public record ListResponse(List<Entry> entries, String nextPageToken) {}

    @GET
    @Path("/{collection: organizations|teams|projects}/{id}/auditLogs")
    @WithSession
    public Uni<ListResponse> list(
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @QueryParam("filter") String filter,
            @QueryParam("pageSize") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        String scope = collection + "/" + id;
        AuditFilter parsed = AuditFilter.parse(filter);
        int size = PageTokens.size(pageSize);
        long before = beforeId(PageTokens.decode(pageToken));
        return guard.require(scope, PERMISSION)
                .chain(() -> repository.page(scope, parsed, before, size + 1))
                .map(rows -> Page.of(rows, size, row -> Long.toString(row.id)).map(AuditResource::entry))
                .map(page -> new ListResponse(page.items(), page.nextPageToken()));
    }

    private static long beforeId(String lastKey) {
        if (lastKey.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(lastKey);
        } catch (NumberFormatException e) {
            throw ApiException.invalidArgument("Invalid pageToken.");
        }
    }

    private static Entry entry(AuditEntryEntity row) {
        return new Entry(
                Timestamps.format(row.timestamp),
                row.principal,
                row.attributedUser,
                row.method,
                row.resource,
                row.result,
                row.callerIp,
                row.userAgent,
                row.requestId,
                row.details);
    }
}

package dev.tollgate.token;

import dev.tollgate.audit.AuditEvent;
import dev.tollgate.audit.AuditLog;
import dev.tollgate.audit.RefusalSummary;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Audit entries of the token endpoint (docs/api.md "Audit log"): every credential issued is durable before its
 * response leaves ({@link AuditLog#recordDurably}; if it cannot be written the request fails with 503
 * {@code temporarily_unavailable}). Refusals of a known account or provider are written one by one; refusals of
 * unknown callers are counted and summarized ({@link RefusalSummary}), never written one by one. Never pass a secret.
 */
@ApplicationScoped
public class TokenAudit {

    /** The audited method of the token endpoint; the grant type is in the details. */
    public static final String METHOD = "IssueToken";
    /** The resource of refusals that name no known account. */
    public static final String ENDPOINT = "oauth2/token";

    private final AuditLog log;
    private final RefusalSummary refusals;

    public TokenAudit(AuditLog log, RefusalSummary refusals) {
        this.log = log;
        this.refusals = refusals;
    }

    /**
     * A credential issued.
     *
     * @param principal who asked, e.g. {@code serviceAccount:ci@ml.team.tollgate.local} or a {@code principal://}
     * @param resource what the credential stands for, e.g. {@code teams/ml/serviceAccounts/123}
     * @param within hierarchy resources whose audit logs show the entry
     * @param details non-secret facts: key id, jti, entity, scope…
     */
    public Uni<Void> issued(String grantType, String principal, String resource, List<String> within,
            Optional<String> attributedUser, Map<String, Object> details) {
        return log.recordDurably(new AuditEvent(principal, attributedUser.orElse(null), METHOD, resource, "OK",
                within, withGrant(grantType, details)));
    }

    /**
     * A refused grant. Written (at once; the answer completes when durable, and never fails) when {@code resource}
     * is a known account or provider; a refusal against {@link #ENDPOINT} named nothing known and is only counted.
     */
    public Uni<Void> refused(String grantType, String principal, String resource, List<String> within,
            Optional<String> attributedUser, OAuthException error, Map<String, Object> details) {
        if (ENDPOINT.equals(resource)) {
            refusedUnknown(grantType, error);
            return Uni.createFrom().voidItem();
        }
        refusals.knownCaller(error.error());
        Map<String, Object> all = withGrant(grantType, details);
        all.put("errorDescription", error.description());
        return log.recordRefusal(new AuditEvent(principal, attributedUser.orElse(null), METHOD, resource,
                error.error(), within, all));
    }

    /** A refusal before any client or subject was known (unsupported grant type, malformed request): counted. */
    public void refusedUnknown(String grantType, OAuthException error) {
        refusals.unknownCaller(error.error());
    }

    private static Map<String, Object> withGrant(String grantType, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("grantType", grantType);
        all.putAll(details);
        return all;
    }
}

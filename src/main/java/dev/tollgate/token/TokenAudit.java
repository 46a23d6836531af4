package dev.tollgate.token;

import dev.tollgate.audit.AuditEvent;
import dev.tollgate.audit.AuditLog;
import dev.tollgate.support.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Audit entries of the token endpoint (contract §11): every credential issued and every refused grant, written in
 * batches ({@link AuditLog#recordLater}) so the token path never waits for the database. Never pass a secret.
 */
@ApplicationScoped
public class TokenAudit {

    /** The audited method of the token endpoint; the grant type is in the details. */
    public static final String METHOD = "IssueToken";
    /** The resource of refusals that name no known account. */
    public static final String ENDPOINT = "oauth2/token";

    private final AuditLog log;

    public TokenAudit(AuditLog log) {
        this.log = log;
    }

    /**
     * A credential issued.
     *
     * @param principal who asked, e.g. {@code serviceAccount:ci@ml.team.tollgate.local} or a {@code principal://}
     * @param resource what the credential stands for, e.g. {@code teams/ml/serviceAccounts/123}
     * @param within hierarchy resources whose audit logs show the entry
     * @param details non-secret facts: key id, jti, entity, scope…
     */
    public void issued(String grantType, String principal, String resource, List<String> within,
            Optional<String> attributedUser, Map<String, Object> details) {
        log.recordLater(new AuditEvent(principal, attributedUser.orElse(null), METHOD, resource, "OK", within,
                withGrant(grantType, details)));
    }

    /** A refused grant whose client or subject is known. */
    public void refused(String grantType, String principal, String resource, List<String> within,
            Optional<String> attributedUser, OAuthException error, Map<String, Object> details) {
        Map<String, Object> all = withGrant(grantType, details);
        all.put("errorDescription", error.description());
        log.recordLater(new AuditEvent(principal, attributedUser.orElse(null), METHOD, resource, error.error(),
                within, all));
    }

    /** A refusal before any client or subject was known (unsupported grant type, malformed request). */
    public void refusedUnknown(String grantType, OAuthException error) {
        refused(grantType, "anonymous", ENDPOINT, List.of(), Optional.empty(), error, Map.of());
    }

    private static Map<String, Object> withGrant(String grantType, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("grantType", grantType);
        all.putAll(details);
        return all;
    }
}

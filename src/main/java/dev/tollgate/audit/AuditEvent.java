package dev.tollgate.audit;

import java.util.List;
import java.util.Map;

/**
 * One audited action, as the feature that performed it describes it.
 *
 * @param principal the caller's member string
 * @param attributedUser the human the action is attributed to, or {@code null}
 * @param method the API method, e.g. {@code CreateTeam}, {@code GenerateAccessToken}
 * @param resource the resource acted on
 * @param result {@code OK} or the error status / OAuth error code
 * @param within the hierarchy resources whose audit logs show this event, e.g. {@code [organizations/o, teams/t]}
 * @param details extra non-secret facts (key id, grant type, provider…)
 */
public record AuditEvent(
        String principal,
        String attributedUser,
        String method,
        String resource,
        String result,
        List<String> within,
        Map<String, Object> details) {

    public static AuditEvent ok(String principal, String method, String resource, List<String> within) {
        return new AuditEvent(principal, null, method, resource, "OK", within, Map.of());
    }

    public AuditEvent withDetails(Map<String, Object> more) {
        return new AuditEvent(principal, attributedUser, method, resource, result, within, more);
    }
}

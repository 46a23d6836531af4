package dev.tollgate.token;

import dev.tollgate.audit.AuditEvent;
import dev.tollgate.audit.AuditLog;
import dev.tollgate.audit.RefusalSummary;
import dev.tollgate.federation.admin.ProviderDirectory;
import dev.tollgate.hierarchy.Hierarchy;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.OAuthException;
import dev.tollgate.token.TokenRefusal.Claimant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Audit entries of the token endpoint (docs/api.md "Audit log"): every credential issued is durable before its
 * response leaves ({@link AuditLog#recordDurably}; if it cannot be written the request fails with 503
 * {@code temporarily_unavailable}). Every refusal is audited once, by {@link TokenEndpoint}: a {@link TokenRefusal}
 * of a known account or provider is written in its log; any other refusal named nothing known and is counted and
 * summarized ({@link RefusalSummary}), never written one by one. Never pass a secret.
 */
@ApplicationScoped
public class TokenAudit {

    /** The audited method of the token endpoint; the grant type is in the details. */
    public static final String METHOD = "IssueToken";

    private final AuditLog log;
    private final RefusalSummary refusals;
    private final ServiceAccounts accounts;
    private final ProviderDirectory providers;
    private final Hierarchy hierarchy;

    public TokenAudit(
            AuditLog log,
            RefusalSummary refusals,
            ServiceAccounts accounts,
            ProviderDirectory providers,
            Hierarchy hierarchy) {
        this.log = log;
        this.refusals = refusals;
        this.accounts = accounts;
        this.providers = providers;
        this.hierarchy = hierarchy;
    }

    /**
     * A credential issued.
     *
     * @param principal who asked, e.g. {@code serviceAccount:ci@ml.team.tollgate.local} or a {@code principal://}
     * @param resource what the credential stands for, e.g. {@code teams/ml/serviceAccounts/123}
     * @param within hierarchy resources whose audit logs show the entry
     * @param details non-secret facts: key id, jti, entity, scope…
     */
    public Uni<Void> issued(
            String grantType,
            String principal,
            String resource,
            List<String> within,
            Optional<String> attributedUser,
            Map<String, Object> details) {
        return log.recordDurably(new AuditEvent(
                principal, attributedUser.orElse(null), METHOD, resource, "OK", within, withGrant(grantType, details)));
    }

    /**
     * A refused request: written (the answer completes when durable, and never fails) when {@code error} is a
     * {@link TokenRefusal} whose claimant exists, else counted.
     */
    public Uni<Void> refused(String grantType, OAuthException error) {
        if (!(error instanceof TokenRefusal refusal)) {
            refusals.unknownCaller(error.error());
            return Uni.createFrom().voidItem();
        }
        return subject(refusal.claimant())
                .flatMap(subject -> hierarchy
                        .lineageNames(subject.shownWithin())
                        .flatMap(within -> {
                            refusals.knownCaller(error.error());
                            Map<String, Object> details =
                                    withGrant(grantType, refusal.claimant().details());
                            details.put("errorDescription", error.description());
                            return log.recordRefusal(new AuditEvent(
                                    subject.principal(),
                                    null,
                                    METHOD,
                                    subject.resource(),
                                    error.error(),
                                    within,
                                    details));
                        }))
                .onFailure()
                .recoverWithItem(() -> {
                    refusals.unknownCaller(error.error());
                    return null;
                });
    }

    /** Whose log shows a refusal: the principal, the resource refused and the hierarchy node it hangs under. */
    private record Subject(String principal, String resource, String shownWithin) {}

    private Uni<Subject> subject(Claimant claimant) {
        if (claimant instanceof TokenRefusal.Provider provider) {
            return providers
                    .resolve(provider.audience())
                    .map(found -> new Subject("anonymous", found.resource(), found.projectResource()));
        }
        String account = ((TokenRefusal.Account) claimant).emailOrUniqueId();
        return Uni.createFrom()
                .deferred(() -> accounts.find(account))
                .map(found -> new Subject("serviceAccount:" + found.email(), found.resource(), found.home()));
    }

    private static Map<String, Object> withGrant(String grantType, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("grantType", grantType);
        all.putAll(details);
        return all;
    }
}

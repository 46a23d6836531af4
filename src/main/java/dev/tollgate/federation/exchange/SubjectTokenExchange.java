package dev.tollgate.federation.exchange;

import dev.tollgate.federation.FederationRejectedException;
import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.MappedAttributes;
import dev.tollgate.federation.OffEventLoop;
import dev.tollgate.federation.admin.IssuerPolicy;
import dev.tollgate.federation.admin.ProviderDirectory;
import dev.tollgate.federation.admin.ResolvedProvider;
import dev.tollgate.federation.verify.ExternalTokenVerifier;
import dev.tollgate.support.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Judges an external subject token for the STS exchange (RFC 8693 §2.1, docs/api.md "Token endpoint" and §8): finds the provider
 * named by the audience, verifies the token, maps its claims and applies the condition. Every failure is an
 * {@link OAuthException}: {@code invalid_request}/{@code invalid_target} for the audience, {@code unauthorized_client}
 * for a false condition, {@code invalid_grant} for any other check; none echoes the token.
 */
@ApplicationScoped
public class SubjectTokenExchange {

    private final ProviderDirectory directory;
    private final ExternalTokenVerifier verifier;
    private final IssuerPolicy issuers;
    private final OffEventLoop offLoop;

    public SubjectTokenExchange(
            ProviderDirectory directory, ExternalTokenVerifier verifier, IssuerPolicy issuers, OffEventLoop offLoop) {
        this.directory = directory;
        this.verifier = verifier;
        this.issuers = issuers;
        this.offLoop = offLoop;
    }

    public Uni<FederatedExchange> exchange(String audience, String subjectToken) {
        if (subjectToken == null || subjectToken.isBlank()) {
            return Uni.createFrom().failure(OAuthException.invalidRequest("subject_token is required."));
        }
        return directory
                .resolve(audience)
                .call(provider -> issuers.inlineKeysRefusal(provider)
                        .invoke(refusal -> refusal.ifPresent(r -> {
                            throw r.exception();
                        })))
                .flatMap(provider -> verifier.verify(provider.spec(), subjectToken)
                        // Re-resolved so that a pool or provider disabled while keys were fetched refuses at once.
                        .call(() -> directory.resolve(audience))
                        .flatMap(claims -> offLoop.run(() -> accept(provider, claims), SubjectTokenExchange::overran)))
                .onFailure(FederationRejectedException.class)
                .transform(failure ->
                        ((FederationRejectedException) failure).rejection().toOAuthException());
    }

    private static Throwable overran() {
        return new FederationRejection(
                        FederationRejection.Check.MAPPING,
                        "an evaluation that did not end in time",
                        "the attribute mapping and condition to end within their time budget")
                .exception();
    }

    private static FederatedExchange accept(ResolvedProvider provider, Map<String, Object> claims) {
        MappedAttributes mapped = provider.admit(claims);
        Optional<Instant> expiry = claims.get("exp") instanceof Number exp
                ? Optional.of(Instant.ofEpochSecond(exp.longValue()))
                : Optional.empty();
        return new FederatedExchange(provider, mapped, expiry);
    }
}

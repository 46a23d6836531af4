package dev.tollgate.federation.verify;

import dev.tollgate.federation.CheckVerdict;
import dev.tollgate.federation.FederationConfig;
import dev.tollgate.federation.FederationRejectedException;
import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.OidcProviderSpec;
import dev.tollgate.support.jose.Jws;
import dev.tollgate.support.jose.JwsChecks;
import dev.tollgate.support.jose.JwsSignatures;
import dev.tollgate.support.jose.Quoted;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.EllipticCurves;

/**
 * Verifies the OIDC tokens that workloads present for federation (RFC 8693 subject tokens, docs/api.md "Workload identity federation"): header
 * checks, then claim checks, then the signature against the issuer's keys. {@link #verify} fails fast and never
 * fetches keys for a token whose claims already fail; {@link #inspect} runs every check for a dry run.
 */
@ApplicationScoped
public class ExternalTokenVerifier {

    private final FederationConfig config;
    private final IssuerKeys issuerKeys;
    private final JwsSignatures signatures;
    private final Clock clock;

    public ExternalTokenVerifier(
            FederationConfig config, IssuerKeys issuerKeys, JwsSignatures signatures, Clock clock) {
        this.config = config;
        this.signatures = signatures;
        this.issuerKeys = issuerKeys;
        this.clock = clock;
    }

    /** The verified claims, or a failure with a {@link FederationRejectedException} naming the first failed check. */
    public Uni<Map<String, Object>> verify(OidcProviderSpec provider, String token) {
        return run(provider, token, true).map(report -> {
            report.firstRejection().ifPresent(rejection -> {
                throw rejection.exception();
            });
            return report.claims();
        });
    }

    /** Every check's verdict, for the {@code :testExchange} dry run; never fails for a bad token. */
    public Uni<VerificationReport> inspect(OidcProviderSpec provider, String token) {
        return run(provider, token, false);
    }

    private Uni<VerificationReport> run(OidcProviderSpec provider, String token, boolean failFast) {
        Jws parsed;
        try {
            parsed = TokenChecks.parse(token, config.maxTokenSize(), config.maxClaimDepth());
        } catch (FederationRejectedException e) {
            return Uni.createFrom().item(new VerificationReport(List.of(CheckVerdict.fail(e.rejection())), Map.of()));
        }
        List<CheckVerdict> verdicts = new ArrayList<>(TokenChecks.header(parsed));
        if (!allPassed(verdicts)) {
            return Uni.createFrom().item(new VerificationReport(verdicts, parsed.claims()));
        }
        verdicts.addAll(
                TokenChecks.claims(parsed, provider, clock.instant(), config.clockSkew(), config.maxTokenLifetime()));
        if (failFast && !allPassed(verdicts)) {
            return Uni.createFrom().item(new VerificationReport(verdicts, parsed.claims()));
        }
        return keysFor(provider, parsed.kid())
                .map(keys -> List.of(CheckVerdict.pass(Check.KEYS), signature(parsed, keys, provider)))
                .onFailure(FederationRejectedException.class)
                .recoverWithItem(
                        failure -> List.of(CheckVerdict.fail(((FederationRejectedException) failure).rejection())))
                .map(keyVerdicts -> {
                    verdicts.addAll(keyVerdicts);
                    return new VerificationReport(verdicts, parsed.claims());
                });
    }

    private Uni<JsonWebKeySet> keysFor(OidcProviderSpec provider, String kid) {
        return provider.jwksJson()
                .filter(json -> !json.isBlank())
                .map(issuerKeys::inlineKeys)
                .orElseGet(() -> issuerKeys.keys(provider.issuerUri(), kid));
    }

    private CheckVerdict signature(Jws token, JsonWebKeySet keys, OidcProviderSpec provider) {
        Optional<Key> key = select(keys, token.kid(), token.alg());
        if (key.isEmpty()) {
            List<String> known = keys.getJsonWebKeys().stream()
                    .map(JsonWebKey::getKeyId)
                    .limit(20)
                    .toList();
            return CheckVerdict.fail(new FederationRejection(
                    Check.SIGNATURE,
                    "kid " + FederationRejection.quoted(token.kid()) + " for " + token.alg(),
                    "a " + token.alg() + " key of " + source(provider) + ": "
                            + Quoted.list(known, JwsChecks.QUOTE_LIMIT)));
        }
        Jws.SignatureCheck checked = signatures.verify(token, key.get(), TokenChecks.ALGORITHMS);
        if (checked.keyProblem().isPresent()) {
            return CheckVerdict.fail(new FederationRejection(
                    Check.SIGNATURE,
                    "kid " + FederationRejection.quoted(token.kid()) + " whose key is unusable ("
                            + checked.keyProblem().get() + ")",
                    "a valid signature"));
        }
        if (checked.valid()) {
            return CheckVerdict.pass(Check.SIGNATURE);
        }
        return CheckVerdict.fail(new FederationRejection(
                Check.SIGNATURE,
                "a signature that does not verify with kid " + FederationRejection.quoted(token.kid()),
                "a signature by " + source(provider)));
    }

    /** The key with this id whose type fits the algorithm; a key published for another use or alg never matches. */
    static Optional<Key> select(JsonWebKeySet keys, String kid, String alg) {
        return keys.getJsonWebKeys().stream()
                .filter(key -> kid.equals(key.getKeyId()))
                .filter(key -> key.getUse() == null || "sig".equals(key.getUse()))
                .filter(key -> key.getAlgorithm() == null || alg.equals(key.getAlgorithm()))
                .filter(key -> fits(key, alg))
                .map(JsonWebKey::getKey)
                .findFirst();
    }

    private static boolean fits(JsonWebKey key, String alg) {
        if (AlgorithmIdentifiers.RSA_USING_SHA256.equals(alg)) {
            return key instanceof RsaJsonWebKey;
        }
        return key instanceof EllipticCurveJsonWebKey ec && EllipticCurves.P_256.equals(ec.getCurveName());
    }

    private static String source(OidcProviderSpec provider) {
        return provider.jwksJson().filter(json -> !json.isBlank()).isPresent()
                ? "the provider's jwksJson"
                : "issuer " + provider.issuerUri();
    }

    private static boolean allPassed(List<CheckVerdict> verdicts) {
        return verdicts.stream().allMatch(CheckVerdict::passed);
    }
}

package dev.tollgate.federation.verify;

import dev.tollgate.federation.CheckVerdict;
import dev.tollgate.federation.FederationRejection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every check's verdict on one foreign token, in the order they ran, and its claims (unverified when a check
 * failed; empty when the token could not be parsed).
 */
public record VerificationReport(List<CheckVerdict> verdicts, Map<String, Object> claims) {

    public VerificationReport {
        verdicts = List.copyOf(verdicts);
    }

    public Optional<FederationRejection> firstRejection() {
        return verdicts.stream()
                .flatMap(verdict -> verdict.rejection().stream())
                .findFirst();
    }

    public boolean passed() {
        return firstRejection().isEmpty();
    }
}

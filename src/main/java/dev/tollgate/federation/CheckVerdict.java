package dev.tollgate.federation;

import dev.tollgate.federation.FederationRejection.Check;
import java.util.Optional;

/** The outcome of one named check; a dry run reports one per check. */
public record CheckVerdict(Check check, Optional<FederationRejection> rejection) {

    public static CheckVerdict pass(Check check) {
        return new CheckVerdict(check, Optional.empty());
    }

    public static CheckVerdict fail(FederationRejection rejection) {
        return new CheckVerdict(rejection.check(), Optional.of(rejection));
    }

    static CheckVerdict of(Check check, Optional<FederationRejection> rejection) {
        return new CheckVerdict(check, rejection);
    }

    public boolean passed() {
        return rejection.isEmpty();
    }
}

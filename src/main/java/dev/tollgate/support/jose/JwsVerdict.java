package dev.tollgate.support.jose;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one named check of a JWS: passed, or failed with what the token presented and what was expected
 * (quoted and cut, never the token itself). Callers keep their own error shape: federation reports the texts as they
 * are, jwt-bearer assertions phrase their own sentence, own tokens need only {@link #passed()}.
 */
public record JwsVerdict(JwsCheck check, Optional<Failure> failure) {

    /** What was presented and what was expected. */
    public record Failure(String presented, String expected) {}

    public static JwsVerdict pass(JwsCheck check) {
        return new JwsVerdict(check, Optional.empty());
    }

    public static JwsVerdict fail(JwsCheck check, String presented, String expected) {
        return new JwsVerdict(check, Optional.of(new Failure(presented, expected)));
    }

    public boolean passed() {
        return failure.isEmpty();
    }

    /** The first failed verdict of a run, in the order the checks ran. */
    public static Optional<JwsVerdict> firstFailure(List<JwsVerdict> verdicts) {
        return verdicts.stream().filter(verdict -> !verdict.passed()).findFirst();
    }
}

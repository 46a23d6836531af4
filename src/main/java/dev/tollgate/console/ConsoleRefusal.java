package dev.tollgate.console;

/** Why a console request is not served: not signed in (→ the sign-in page) or a forged change (→ 403). */
public class ConsoleRefusal extends RuntimeException {

    public enum Kind {
        SIGN_IN_REQUIRED,
        FORBIDDEN
    }

    private final Kind kind;

    ConsoleRefusal(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static ConsoleRefusal signInRequired() {
        return new ConsoleRefusal(Kind.SIGN_IN_REQUIRED, "Sign in to continue.");
    }

    static ConsoleRefusal forbidden(String why) {
        return new ConsoleRefusal(Kind.FORBIDDEN, why);
    }

    public Kind kind() {
        return kind;
    }
}

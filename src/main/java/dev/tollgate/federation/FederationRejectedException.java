package dev.tollgate.federation;

/** The failure a verification {@code Uni} ends with; the token endpoint turns it into an OAuth error. */
public class FederationRejectedException extends RuntimeException {

    private final FederationRejection rejection;

    public FederationRejectedException(FederationRejection rejection) {
        super(rejection.description(), null, false, false);
        this.rejection = rejection;
    }

    public FederationRejection rejection() {
        return rejection;
    }
}

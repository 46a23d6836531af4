package dev.tollgate.keys.signing;

import dev.tollgate.keys.KeySets;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when a server key is loaded and ACTIVE, so no request reaches a replica that cannot sign (§12). */
@Readiness
@ApplicationScoped
public class SigningKeysReadiness implements HealthCheck {

    private final KeyRing ring;
    private final SigningProvider provider;

    public SigningKeysReadiness(KeyRing ring, SigningProvider provider) {
        this.ring = ring;
        this.provider = provider;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("signing-keys")
                .status(ring.hasActiveKey(KeySets.SERVER))
                .withData("provider", provider.name())
                .build();
    }
}

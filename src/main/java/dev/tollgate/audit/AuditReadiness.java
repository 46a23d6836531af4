package dev.tollgate.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while auditing fails: every write has failed for {@code unhealthy-after} (10 s), or an entry has waited
 * that long. Such a replica refuses its token requests (503) anyway; readiness takes it out of the load balancer.
 * It comes back by itself: the writer probes the database every second while failing.
 */
@Readiness
@ApplicationScoped
public class AuditReadiness implements HealthCheck {

    private final AuditWriter writer;
    private final AuditConfig config;
    private final Clock clock;

    public AuditReadiness(AuditWriter writer, AuditConfig config, Clock clock) {
        this.writer = writer;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        Duration failing = writer.failingSince().map(since -> Duration.between(since, clock.instant()))
                .orElse(Duration.ZERO);
        Duration oldest = writer.oldestAge();
        boolean up = failing.compareTo(config.unhealthyAfter()) < 0 && oldest.compareTo(config.unhealthyAfter()) < 0;
        return HealthCheckResponse.named("audit").status(up)
                .withData("queued", writer.queued())
                .withData("failingSeconds", failing.toSeconds())
                .withData("oldestAgeSeconds", oldest.toSeconds())
                .build();
    }
}

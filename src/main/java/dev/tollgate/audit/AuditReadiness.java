package dev.tollgate.audit;

import dev.tollgate.support.DatabaseCircuit;
import dev.tollgate.support.DatabasePool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while this replica's auditing fails though its database answers: every write has failed for
 * {@code unhealthy-after} (10 s), or an entry has waited that long. Such a replica refuses its token requests (503)
 * while its peers may not; readiness takes it out of the load balancer, and it comes back by itself (the writer
 * probes every second while failing).
 *
 * <p>While the database is unreachable (the connection circuit is open) the check stays UP and says so: every replica
 * shares that database, and one that stays in the Service still serves key documents and introspection from memory
 * and answers the rest 503 with {@code Retry-After} at once, where an empty Service would only refuse connections
 * (docs/operations.md, "Database outage").
 */
@Readiness
@ApplicationScoped
public class AuditReadiness implements HealthCheck {

    private final AuditWriter writer;
    private final AuditConfig config;
    private final DatabasePool pool;
    private final Clock clock;

    public AuditReadiness(AuditWriter writer, AuditConfig config, DatabasePool pool, Clock clock) {
        this.writer = writer;
        this.config = config;
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        Duration failing = writer.failingSince()
                .map(since -> Duration.between(since, clock.instant()))
                .orElse(Duration.ZERO);
        Duration oldest = writer.oldestAge();
        Optional<Duration> unreachable = pool.circuit()
                .flatMap(DatabaseCircuit::openSince)
                .map(since -> Duration.between(since, clock.instant()));
        boolean keeping =
                failing.compareTo(config.unhealthyAfter()) < 0 && oldest.compareTo(config.unhealthyAfter()) < 0;
        return HealthCheckResponse.named("audit")
                .status(keeping || unreachable.isPresent())
                .withData("queued", writer.queued())
                .withData("failingSeconds", failing.toSeconds())
                .withData("oldestAgeSeconds", oldest.toSeconds())
                .withData(
                        "database",
                        unreachable
                                .map(d -> "unreachable for " + d.toSeconds() + " s; credentials"
                                        + " are refused 503 until it is back")
                                .orElse("reachable"))
                .build();
    }
}

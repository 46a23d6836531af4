package dev.tollgate.audit;

import dev.tollgate.support.RequestInfo;
import dev.tollgate.support.TollgateConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Refusals of callers nobody knows (no account, key or provider matched) cost no database write each: they are counted
 * ({@code tollgate_refusals_total{reason, caller="unknown"}}) and summarized in one audit entry per
 * {@code summary-interval}, method {@link #METHOD}, in the bootstrap organization's log, with counts per reason and
 * the busiest source addresses. Refusals of known callers are audited one by one by their feature and only counted
 * here ({@code caller="known"}).
 */
@ApplicationScoped
public class RefusalSummary {

    public static final String METHOD = "SummarizeRefusals";
    static final String PRINCIPAL = "system:tollgate";
    private static final Logger LOG = Logger.getLogger(RefusalSummary.class);
    private static final int TOP_SOURCES = 10;
    private static final String OTHER_SOURCES = "(other addresses)";

    private final AuditLog log;
    private final MeterRegistry registry;
    private final AuditConfig config;
    private final Clock clock;
    private final String serverScope;
    private final AtomicReference<Window> window;

    /** Counts since {@code start}. */
    private record Window(Instant start, Map<String, LongAdder> reasons, Map<String, LongAdder> sources) {

        static Window startingAt(Instant start) {
            return new Window(start, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    public RefusalSummary(
            AuditLog log, MeterRegistry registry, AuditConfig config, Clock clock, TollgateConfig server) {
        this.log = log;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
        this.serverScope = "organizations/" + server.bootstrap().organization();
        this.window = new AtomicReference<>(Window.startingAt(clock.instant()));
    }

    /** A refusal of an unknown caller, {@code reason} an OAuth error code or rpc status: counted, not written. */
    public void unknownCaller(String reason) {
        unknownCaller(reason, source());
    }

    /** {@link #unknownCaller(String)} from {@code source}, for a refusal made before the request context exists. */
    public void unknownCaller(String reason, String source) {
        registry.counter("tollgate.refusals", "reason", reason, "caller", "unknown")
                .increment();
        Window current = window.get();
        current.reasons().computeIfAbsent(reason, ignored -> new LongAdder()).increment();
        Map<String, LongAdder> sources = current.sources();
        LongAdder count = sources.get(source);
        if (count == null) {
            count = sources.size() < config.summarySources()
                    ? sources.computeIfAbsent(source, ignored -> new LongAdder())
                    : sources.computeIfAbsent(OTHER_SOURCES, ignored -> new LongAdder());
        }
        count.increment();
    }

    /** A refusal of a known caller (audited individually elsewhere): counted only. */
    public void knownCaller(String reason) {
        registry.counter("tollgate.refusals", "reason", reason, "caller", "known")
                .increment();
    }

    @Scheduled(
            every = "${tollgate.audit.summary-interval}",
            delayed = "${tollgate.audit.summary-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> writeSummary() {
        Window closed = window.getAndSet(Window.startingAt(clock.instant()));
        if (closed.reasons().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Object> details = details(closed);
        LOG.infof("Refusals of unknown callers since %s: %s", closed.start(), details.get("refusals"));
        return log.recordDurably(
                        new AuditEvent(PRINCIPAL, null, METHOD, "oauth2/token", "OK", List.of(serverScope), details))
                .onFailure()
                .invoke(e ->
                        LOG.warnf("Could not write the refusal summary since %s: %s", closed.start(), e.getMessage()))
                .onFailure()
                .recoverWithNull();
    }

    /** The last window goes to the writer before it drains (this observer runs first). */
    void writeOnShutdown(@Observes @Priority(1000) ShutdownEvent event) {
        writeSummary().subscribe().with(ignored -> {}, ignored -> {});
    }

    private Map<String, Object> details(Window closed) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("since", closed.start().toString());
        details.put("until", clock.instant().toString());
        Map<String, Long> reasons = new LinkedHashMap<>();
        closed.reasons().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> reasons.put(entry.getKey(), entry.getValue().sum()));
        details.put("refusals", reasons);
        details.put(
                "total", reasons.values().stream().mapToLong(Long::longValue).sum());
        details.put("sourceAddresses", closed.sources().size());
        details.put(
                "topSources",
                closed.sources().entrySet().stream()
                        .map(entry -> Map.entry(entry.getKey(), entry.getValue().sum()))
                        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                        .limit(TOP_SOURCES)
                        .map(entry -> Map.of("address", entry.getKey(), "count", entry.getValue()))
                        .toList());
        return details;
    }

    private static String source() {
        if (!Arc.container().requestContext().isActive()) {
            return "";
        }
        return Arc.container().instance(RequestInfo.class).get().callerIp();
    }
}

package dev.tollgate.console;

import io.quarkus.qute.TemplateData;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions, in memory on this replica (docs/console.md explains why and what it means behind a load
 * balancer): idle and absolute expiry from {@link ConsoleConfig}, time from the injected {@link Clock}.
 */
@ApplicationScoped
public class ConsoleSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Flash> flashes = new ConcurrentHashMap<>();
    private final ConsoleConfig config;
    private final Clock clock;

    public ConsoleSessions(ConsoleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public ConsoleSession open(String credential, String principal) {
        Instant now = clock.instant();
        ConsoleSession session = new ConsoleSession(randomToken(), credential, principal, randomToken(), now, now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id, touched; empty (and forgotten) when unknown or expired. */
    public Optional<ConsoleSession> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ConsoleSession session = sessions.computeIfPresent(id, (key, found) -> expired(found, now) ? null : found.seenAt(now));
        return Optional.ofNullable(session);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
            flashes.remove(id);
        }
    }

    /** A message for the next page this session shows (post/redirect/get); never holds a secret. */
    public void flash(ConsoleSession session, Flash flash) {
        flashes.put(session.id(), flash);
    }

    public Optional<Flash> takeFlash(ConsoleSession session) {
        return Optional.ofNullable(flashes.remove(session.id()));
    }

    /** @param error whether it reports a failure (shown as an alert) or a success (a status) */
    @TemplateData
    public record Flash(boolean error, String text) {
    }

    @Scheduled(every = "1m", identity = "console-session-sweep")
    void sweep() {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> expired(session, now));
        flashes.keySet().retainAll(sessions.keySet());
    }

    private boolean expired(ConsoleSession session, Instant now) {
        return !now.isBefore(session.lastSeenAt().plus(config.idleTimeout()))
                || !now.isBefore(session.createdAt().plus(config.maxAge()));
    }

    /** 256 random bits, URL-safe. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

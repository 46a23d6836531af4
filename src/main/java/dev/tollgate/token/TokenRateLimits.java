package dev.tollgate.token;

import dev.tollgate.audit.RefusalSummary;
import dev.tollgate.support.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-replica token buckets for the token and introspection endpoints (docs/api.md "Rate limits"): one per source
 * address and one per client. Memory only, a map lookup and a short lock per request; each map tracks at most
 * {@code max-tracked} keys, forgetting idle (full) buckets first and everything if that is not enough, so rotating
 * addresses costs an attacker its own history, not the server's memory. Over the limit: 429 {@code rate_limited}
 * with {@code Retry-After}, counted and summarized with the source address like other refusals of callers not yet
 * identified ({@link RefusalSummary}): a flood costs no database write per request.
 */
@ApplicationScoped
public class TokenRateLimits {

    private final Clock clock;
    private final RefusalSummary refusals;
    private final TokenConfig.RateLimit config;
    private final Set<String> trustedProxies;
    private final Map<String, Bucket> addresses = new ConcurrentHashMap<>();
    private final Map<String, Bucket> clients = new ConcurrentHashMap<>();

    public TokenRateLimits(Clock clock, RefusalSummary refusals, TokenConfig config) {
        this.clock = clock;
        this.refusals = refusals;
        this.config = config.rateLimit();
        this.trustedProxies = Set.copyOf(this.config.trustedProxies().orElse(List.of()));
    }

    /**
     * The client's address: the TCP peer's, unless the peer is a trusted proxy; then the right-most
     * {@code X-Forwarded-For} entry that is not itself a trusted proxy.
     */
    String sourceAddress(String peer, String forwardedFor) {
        if (forwardedFor == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /** Spends one request of {@code address}; {@code rate_limited} when its bucket is empty. */
    void address(String address) {
        take(addresses, address, config.perAddress(), "source address " + address, address);
    }

    /** Spends one request of {@code client}, sent from {@code address}; {@code rate_limited} when its bucket is empty. */
    void client(String client, String address) {
        take(clients, client, config.perClient(), "client " + AccountTokenRequest.shortened(client), address);
    }

    private void take(Map<String, Bucket> buckets, String key, int perSecond, String who, String source) {
        if (!config.enabled() || key == null || key.isEmpty()) {
            return;
        }
        long now = clock.millis();
        double capacity = (double) perSecond * config.burstSeconds();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            forgetIfFull(buckets, now, perSecond, capacity);
            bucket = buckets.computeIfAbsent(key, ignored -> new Bucket(capacity, now));
        }
        long waitMillis = bucket.take(now, perSecond, capacity);
        if (waitMillis > 0) {
            refusals.unknownCaller(OAuthException.RATE_LIMITED, source);
            throw OAuthException.rateLimited(
                    "Too many token requests from " + who + " (limit " + perSecond
                            + " per second on this server); retry after the time in Retry-After.",
                    (waitMillis + 999) / 1000);
        }
    }

    private void forgetIfFull(Map<String, Bucket> buckets, long now, int perSecond, double capacity) {
        if (buckets.size() < config.maxTracked()) {
            return;
        }
        buckets.values().removeIf(bucket -> bucket.idle(now, perSecond, capacity));
        if (buckets.size() >= config.maxTracked()) {
            buckets.clear();
        }
    }

    /** A token bucket: {@code tokens} left at {@code updated} (epoch millis), refilled at the rate. */
    private static final class Bucket {

        private double tokens;
        private long updated;

        Bucket(double capacity, long now) {
            this.tokens = capacity;
            this.updated = now;
        }

        /** 0 when a token was taken; else the milliseconds until one will be there. */
        synchronized long take(long now, int perSecond, double capacity) {
            refill(now, perSecond, capacity);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * 1000 / perSecond);
        }

        synchronized boolean idle(long now, int perSecond, double capacity) {
            refill(now, perSecond, capacity);
            return tokens >= capacity;
        }

        private void refill(long now, int perSecond, double capacity) {
            if (now > updated) {
                tokens = Math.min(capacity, tokens + (now - updated) * perSecond / 1000.0);
                updated = now;
            }
        }
    }
}

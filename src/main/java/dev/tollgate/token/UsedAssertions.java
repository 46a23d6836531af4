package dev.tollgate.token;

import dev.tollgate.support.OAuthException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Makes jwt-bearer assertions single-use across replicas (RFC 7523 §3 item 7): the first use inserts (issuer, jti)
 * into {@code used_assertions}, a second insert finds the row and is {@code invalid_grant}. An assertion without a
 * {@code jti} is identified by the hash of its signature, so presenting the same JWT twice is refused too. Each
 * replica remembers the assertions it saw, answering local replays without a query; the database decides the rest
 * (one insert per grant: the price of a replica-independent answer).
 */
@ApplicationScoped
public class UsedAssertions {

    private static final Logger LOG = Logger.getLogger(UsedAssertions.class);
    static final String REPLAYED = "The assertion was already used; a jwt-bearer assertion buys one token (RFC 7523"
            + " §3). Sign a new one, with a fresh jti.";
    private static final int MAX_JTI_LENGTH = 256;

    private final Pool pool;
    private final Clock clock;
    private final TokenConfig.AssertionReplay config;
    /** Recently used assertions of this replica → their expiry (epoch seconds). */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    public UsedAssertions(Pool pool, Clock clock, TokenConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.config = config.assertionReplay();
    }

    /**
     * Records the assertion as used, or fails with {@code invalid_grant} if it was before.
     *
     * @param expiresAt after this the assertion is refused as expired anyway, so the row may go
     */
    public Uni<Void> claim(String issuer, Map<String, Object> claims, String assertion, Instant expiresAt) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String id = id(claims, assertion);
        String key = issuer + " " + id;
        long now = clock.instant().getEpochSecond();
        Long known = seen.get(key);
        if (known != null && known >= now) {
            return Uni.createFrom().failure(OAuthException.invalidGrant(REPLAYED));
        }
        return pool.preparedQuery("INSERT INTO used_assertions (issuer, jti, expires_at) VALUES ($1, $2, $3)"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(issuer, id, expiresAt.atOffset(ZoneOffset.UTC)))
                .invoke(rows -> {
                    remember(key, expiresAt.getEpochSecond(), now);
                    if (rows.rowCount() == 0) {
                        throw OAuthException.invalidGrant(REPLAYED);
                    }
                })
                .replaceWithVoid();
    }

    /** The assertion's {@code jti}, or {@code sha256:} of the whole JWT when it has none (or an unusable one). */
    static String id(Map<String, Object> claims, String assertion) {
        if (claims.get("jti") instanceof String jti && !jti.isEmpty() && jti.length() <= MAX_JTI_LENGTH) {
            return jti;
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(assertion.trim().getBytes(StandardCharsets.US_ASCII));
            return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bounded: past the size, expired entries go first and then everything (the database still answers). */
    private void remember(String key, long expiresAt, long now) {
        if (seen.size() >= config.localCacheSize()) {
            seen.values().removeIf(expiry -> expiry < now);
            if (seen.size() >= config.localCacheSize()) {
                seen.clear();
            }
        }
        seen.put(key, expiresAt);
    }

    @Scheduled(
            every = "${tollgate.token.assertion-replay.purge-interval}",
            delayed = "${tollgate.token.assertion-replay.purge-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        Instant now = clock.instant();
        seen.values().removeIf(expiry -> expiry < now.getEpochSecond());
        return pool.preparedQuery("DELETE FROM used_assertions WHERE expires_at < $1")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .onFailure()
                .invoke(e -> LOG.warnf("Could not purge used assertions: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}

package dev.tollgate.token;

import dev.tollgate.support.OAuthException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Makes jwt-bearer assertions single-use across replicas (RFC 7523 §3 item 7): the first use inserts (issuer, jti)
 * into {@code used_assertions}, a second insert finds the row and is {@code invalid_grant}. An assertion without a
 * {@code jti} is identified by the hash of its signature, so presenting the same JWT twice is refused too. Each
 * replica remembers the assertions it saw, answering local replays without a query; the database decides the rest.
 *
 * <p>Group commit: claims that arrive while an INSERT is under way wait for it to end, then go together in one
 * multi-row INSERT whose {@code RETURNING} says which rows were new. Each claim is still answered only once its row is
 * committed, so the answer stays durable and replica-independent; under load one round trip serves many grants.
 */
@ApplicationScoped
public class UsedAssertions {

    private static final Logger LOG = Logger.getLogger(UsedAssertions.class);
    static final String REPLAYED = "The assertion was already used; a jwt-bearer assertion buys one token (RFC 7523"
            + " §3). Sign a new one, with a fresh jti.";
    private static final int MAX_JTI_LENGTH = 256;
    /** Claims one INSERT carries at most; more wait for the next. */
    static final int MAX_BATCH = 256;

    static final String INSERT = "INSERT INTO used_assertions (issuer, jti, expires_at)"
            + " SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])"
            + " ON CONFLICT DO NOTHING RETURNING issuer, jti";

    private final Pool pool;
    private final Clock clock;
    private final TokenConfig.AssertionReplay config;
    /** Recently used assertions of this replica → their expiry (epoch seconds). */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    /** Claims waiting for the next INSERT, by key: a second claim of the same key before it ends is a replay. */
    private final Map<String, Claim> waiting = new ConcurrentHashMap<>();

    private final Queue<Claim> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    /** One claim of an assertion, answered on the Vert.x context it was made on. */
    private record Claim(
            String key,
            String issuer,
            String id,
            Instant expiresAt,
            UniEmitter<? super Void> answer,
            Context context) {}

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
        Long known = seen.get(key);
        if (known != null && known >= clock.instant().getEpochSecond()) {
            return Uni.createFrom().failure(OAuthException.invalidGrant(REPLAYED));
        }
        return Uni.createFrom().emitter(answer -> {
            Claim claim = new Claim(key, issuer, id, expiresAt, answer, Vertx.currentContext());
            if (waiting.putIfAbsent(key, claim) != null) {
                answer.fail(OAuthException.invalidGrant(REPLAYED));
                return;
            }
            queue.add(claim);
            writeNext(false);
        });
    }

    /** Starts the next INSERT unless one is under way ({@code after}: the one that just ended was this caller's). */
    private void writeNext(boolean after) {
        if (!after && !writing.compareAndSet(false, true)) {
            return;
        }
        List<Claim> batch = new ArrayList<>();
        for (Claim claim = queue.poll(); claim != null; claim = batch.size() < MAX_BATCH ? queue.poll() : null) {
            batch.add(claim);
        }
        if (batch.isEmpty()) {
            writing.set(false);
            // A claim queued between the empty poll and the reset would otherwise wait for the next one.
            if (!queue.isEmpty()) {
                writeNext(false);
            }
            return;
        }
        pool.preparedQuery(INSERT)
                .execute(columns(batch))
                .subscribe()
                .with(
                        rows -> {
                            Set<String> inserted = new HashSet<>();
                            rows.forEach(row -> inserted.add(row.getString(0) + " " + row.getString(1)));
                            answer(batch, inserted, null);
                            writeNext(true);
                        },
                        failure -> {
                            answer(batch, Set.of(), failure);
                            writeNext(true);
                        });
    }

    private static Tuple columns(List<Claim> batch) {
        String[] issuers = new String[batch.size()];
        String[] ids = new String[batch.size()];
        OffsetDateTime[] expiries = new OffsetDateTime[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            issuers[i] = batch.get(i).issuer();
            ids[i] = batch.get(i).id();
            expiries[i] = batch.get(i).expiresAt().atOffset(ZoneOffset.UTC);
        }
        return Tuple.of(issuers, ids, expiries);
    }

    /** Each claim's answer: accepted if its row is new, a replay if the row was there, else the INSERT's failure. */
    private void answer(List<Claim> batch, Set<String> inserted, Throwable failure) {
        long now = clock.instant().getEpochSecond();
        for (Claim claim : batch) {
            if (failure == null) {
                remember(claim.key(), claim.expiresAt().getEpochSecond(), now);
            }
            waiting.remove(claim.key(), claim);
            Runnable reply = failure != null
                    ? () -> claim.answer().fail(failure)
                    : inserted.contains(claim.key())
                            ? () -> claim.answer().complete(null)
                            : () -> claim.answer().fail(OAuthException.invalidGrant(REPLAYED));
            if (claim.context() == null || claim.context() == Vertx.currentContext()) {
                reply.run();
            } else {
                claim.context().runOnContext(ignored -> reply.run());
            }
        }
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

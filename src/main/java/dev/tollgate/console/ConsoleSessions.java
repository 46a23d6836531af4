package dev.tollgate.console;

import dev.tollgate.keys.signing.KeyVault;
import io.quarkus.qute.TemplateData;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Console sessions in PostgreSQL, so that they survive restarts and work on every replica behind a load balancer
 * (docs/console.md "Sessions"): the id hashed at rest, the credential sealed under the master key, idle and absolute
 * expiry from {@link ConsoleConfig} measured with the injected {@link Clock}.
 */
@ApplicationScoped
public class ConsoleSessions {

    private static final Logger LOG = Logger.getLogger(ConsoleSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String FIND = "UPDATE console_sessions s SET last_seen_at = $2,"
            + " flash_text = CASE WHEN $4 THEN NULL ELSE s.flash_text END,"
            + " flash_error = CASE WHEN $4 THEN NULL ELSE s.flash_error END"
            + " FROM (SELECT id_hash, flash_text, flash_error FROM console_sessions WHERE id_hash = $1 FOR UPDATE) old"
            + " WHERE s.id_hash = old.id_hash AND s.last_seen_at > $3 AND s.expires_at > $2"
            + " RETURNING s.principal, s.credential_sealed, s.credential_data_key, s.master_key_id, s.created_at,"
            + " s.expires_at, old.flash_text, old.flash_error, s.credential_expires_at, s.refresh_sealed,"
            + " s.refresh_data_key, s.refresh_master_key_id, s.refresh_uri";

    private final Pool pool;
    private final KeyVault vault;
    private final ConsoleConfig config;
    private final Clock clock;

    public ConsoleSessions(Pool pool, KeyVault vault, ConsoleConfig config, Clock clock) {
        this.pool = pool;
        this.vault = vault;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A live session and the message its previous change left for the next page, if taken.
     *
     * @param credentialExpiresAt when the credential itself expires, for a session that can renew it
     * @param renewal how to renew it: the identity provider's refresh token and token endpoint
     */
    public record Found(
            ConsoleSession session,
            Optional<Flash> flash,
            Optional<Instant> credentialExpiresAt,
            Optional<Renewal> renewal) {

        Found withSession(ConsoleSession renewed, Instant expiresAt, Renewal next) {
            return new Found(renewed, flash, Optional.of(expiresAt), Optional.of(next));
        }

        Found withFlash(Optional<Flash> taken) {
            return new Found(session, taken, credentialExpiresAt, renewal);
        }
    }

    /** What renews a session's credential: the identity provider's refresh token and its token endpoint. */
    public record Renewal(String refreshToken, String tokenUri) {

        @Override
        public String toString() {
            return "Renewal[" + tokenUri + "]";
        }
    }

    /** @param error whether it reports a failure (shown as an alert) or a success (a status) */
    @TemplateData
    public record Flash(boolean error, String text) {}

    /**
     * Opens a session for {@code principal}; it ends at the configured maximum age, or when the credential itself
     * expires if that is sooner.
     */
    public Uni<ConsoleSession> open(String credential, String principal, Optional<Instant> credentialExpiresAt) {
        return open(credential, principal, credentialExpiresAt, Optional.empty());
    }

    /**
     * Opens a session that renews its credential with {@code renewal} before {@code credentialExpiresAt}: it ends at
     * the configured maximum age (or when a renewal is refused). Without a renewal, or without a known expiry, it is
     * {@link #open(String, String, Optional)}.
     */
    public Uni<ConsoleSession> open(
            String credential, String principal, Optional<Instant> credentialExpiresAt, Optional<Renewal> renewal) {
        Instant now = clock.instant();
        Instant end = now.plus(config.maxAge());
        boolean renewable = renewal.isPresent() && credentialExpiresAt.isPresent();
        if (!renewable
                && credentialExpiresAt.isPresent()
                && credentialExpiresAt.get().isBefore(end)) {
            end = credentialExpiresAt.get();
        }
        ConsoleSession session = new ConsoleSession(randomToken(), credential, principal, now, now, end);
        KeyVault.Sealed sealed = vault.seal(binding(session.idHash()), credential.getBytes(StandardCharsets.UTF_8));
        Optional<KeyVault.Sealed> refresh = renewable
                ? Optional.of(sealRefresh(session.idHash(), renewal.get().refreshToken()))
                : Optional.empty();
        return pool.preparedQuery("INSERT INTO console_sessions (id_hash, principal, credential_sealed,"
                        + " credential_data_key, master_key_id, created_at, last_seen_at, expires_at,"
                        + " credential_expires_at, refresh_sealed, refresh_data_key, refresh_master_key_id, refresh_uri)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12)")
                .execute(Tuple.tuple()
                        .addValue(Buffer.buffer(session.idHash()))
                        .addValue(principal)
                        .addValue(Buffer.buffer(sealed.sealedPrivateKey()))
                        .addValue(Buffer.buffer(sealed.wrappedDataKey()))
                        .addValue(sealed.masterKeyId())
                        .addValue(utc(now))
                        .addValue(utc(end))
                        .addValue(renewable ? utc(credentialExpiresAt.get()) : null)
                        .addValue(refresh.map(r -> Buffer.buffer(r.sealedPrivateKey()))
                                .orElse(null))
                        .addValue(refresh.map(r -> Buffer.buffer(r.wrappedDataKey()))
                                .orElse(null))
                        .addValue(refresh.map(KeyVault.Sealed::masterKeyId).orElse(null))
                        .addValue(renewable ? renewal.get().tokenUri() : null))
                .replaceWith(session);
    }

    /**
     * Replaces the credential of {@code found}'s session with a renewed one, unless another request renewed it first
     * (then nothing changes and the answer is false: read the session again).
     */
    public Uni<Boolean> renewed(Found found, String credential, Instant credentialExpiresAt, Renewal next) {
        byte[] idHash = found.session().idHash();
        KeyVault.Sealed sealed = vault.seal(binding(idHash), credential.getBytes(StandardCharsets.UTF_8));
        KeyVault.Sealed refresh = sealRefresh(idHash, next.refreshToken());
        return pool.preparedQuery("UPDATE console_sessions SET credential_sealed = $2, credential_data_key = $3,"
                        + " master_key_id = $4, credential_expires_at = $5, refresh_sealed = $6, refresh_data_key = $7,"
                        + " refresh_master_key_id = $8 WHERE id_hash = $1 AND credential_expires_at = $9")
                .execute(Tuple.tuple()
                        .addValue(Buffer.buffer(idHash))
                        .addValue(Buffer.buffer(sealed.sealedPrivateKey()))
                        .addValue(Buffer.buffer(sealed.wrappedDataKey()))
                        .addValue(sealed.masterKeyId())
                        .addValue(utc(credentialExpiresAt))
                        .addValue(Buffer.buffer(refresh.sealedPrivateKey()))
                        .addValue(Buffer.buffer(refresh.wrappedDataKey()))
                        .addValue(refresh.masterKeyId())
                        .addValue(utc(found.credentialExpiresAt().orElseThrow())))
                .map(rows -> rows.rowCount() == 1);
    }

    private KeyVault.Sealed sealRefresh(byte[] idHash, String refreshToken) {
        return vault.seal(refreshBinding(idHash), refreshToken.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The live session with this id, touched (its idle time starts again); empty when unknown, expired or sealed
     * under a master key this server no longer has.
     *
     * @param takeFlash whether the pending message is for this request (a page), which then clears it
     */
    public Uni<Optional<Found>> find(String id, boolean takeFlash) {
        if (id == null || id.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Instant now = clock.instant();
        byte[] idHash = ConsoleSession.sha256(id);
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(Buffer.buffer(idHash), utc(now), utc(now.minus(config.idleTimeout())), takeFlash))
                .map(rows -> first(rows).flatMap(row -> found(id, idHash, row, now, takeFlash)));
    }

    private Optional<Found> found(String id, byte[] idHash, Row row, Instant now, boolean takeFlash) {
        String credential;
        Optional<Renewal> renewal = Optional.empty();
        try {
            credential = unseal(binding(idHash), row, "credential_sealed", "credential_data_key", "master_key_id");
            if (row.getBuffer("refresh_sealed") != null) {
                renewal = Optional.of(new Renewal(
                        unseal(
                                refreshBinding(idHash),
                                row,
                                "refresh_sealed",
                                "refresh_data_key",
                                "refresh_master_key_id"),
                        row.getString("refresh_uri")));
            }
        } catch (IllegalStateException e) {
            LOG.debugf("A console session of %s does not open: %s", row.getString("principal"), e.getMessage());
            return Optional.empty();
        }
        ConsoleSession session = new ConsoleSession(
                id,
                credential,
                row.getString("principal"),
                row.getOffsetDateTime("created_at").toInstant(),
                now,
                row.getOffsetDateTime("expires_at").toInstant());
        String text = row.getString("flash_text");
        Optional<Flash> flash = takeFlash && text != null
                ? Optional.of(new Flash(Boolean.TRUE.equals(row.getBoolean("flash_error")), text))
                : Optional.empty();
        Optional<Instant> credentialExpiresAt = Optional.ofNullable(row.getOffsetDateTime("credential_expires_at"))
                .map(OffsetDateTime::toInstant);
        return Optional.of(new Found(session, flash, credentialExpiresAt, renewal));
    }

    private String unseal(String binding, Row row, String sealed, String dataKey, String masterKeyId) {
        return new String(
                vault.open(
                        binding,
                        new KeyVault.Sealed(
                                row.getBuffer(sealed).getBytes(),
                                row.getBuffer(dataKey).getBytes(),
                                row.getString(masterKeyId))),
                StandardCharsets.UTF_8);
    }

    /** A message for the next page this session shows (post/redirect/get); never holds a secret. */
    public Uni<Void> flash(ConsoleSession session, Flash flash) {
        return pool.preparedQuery("UPDATE console_sessions SET flash_error = $2, flash_text = $3 WHERE id_hash = $1")
                .execute(Tuple.of(Buffer.buffer(session.idHash()), flash.error(), flash.text()))
                .replaceWithVoid();
    }

    public Uni<Void> close(ConsoleSession session) {
        return pool.preparedQuery("DELETE FROM console_sessions WHERE id_hash = $1")
                .execute(Tuple.of(Buffer.buffer(session.idHash())))
                .replaceWithVoid();
    }

    @Scheduled(
            every = "1m",
            identity = "console-session-sweep",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        Instant now = clock.instant();
        return pool.preparedQuery("DELETE FROM console_sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
                .execute(Tuple.of(utc(now), utc(now.minus(config.idleTimeout()))))
                .onFailure()
                .invoke(e -> LOG.warnf("Could not sweep expired console sessions: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Binds the sealed credential to its row: copied into another row, it does not open. */
    private static String binding(byte[] idHash) {
        return "console-session/" + HexFormat.of().formatHex(idHash);
    }

    /** The same for the refresh token, which must not open as the credential either. */
    private static String refreshBinding(byte[] idHash) {
        return binding(idHash) + "/refresh";
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** 256 random bits, URL-safe. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

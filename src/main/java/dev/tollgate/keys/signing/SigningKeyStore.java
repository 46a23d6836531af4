package dev.tollgate.keys.signing;

import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.keys.KeyTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * SQL for {@code signing_keys} and {@code key_ids}. Every method runs on the {@link SqlClient} it is given, so the
 * rotator's steps share one transaction and tests can drive replicas with their own pools. Plain SQL rather than
 * Hibernate because the rotator must own its transaction and its advisory lock.
 */
public final class SigningKeyStore {

    private static final String COLUMNS = "kid, key_set, algorithm, public_key, certificate, sealed_private_key, "
            + "wrapped_data_key, master_key_id, publish_at, activate_at, retire_at, delete_at";

    public Uni<List<StoredKey>> list(SqlClient client, String keySet) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM signing_keys WHERE key_set = $1")
                .execute(Tuple.of(keySet))
                .map(rows -> map(rows));
    }

    public Uni<List<StoredKey>> list(SqlClient client, Collection<String> keySets) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM signing_keys WHERE key_set = ANY($1)")
                .execute(Tuple.of(keySets.toArray(String[]::new)))
                .map(rows -> map(rows));
    }

    /** Key sets whose newest key already signs (a successor is due) or that hold a key past its deletion time. */
    public Uni<List<String>> dueKeySets(SqlClient client, Instant now) {
        return client.preparedQuery("SELECT key_set FROM signing_keys GROUP BY key_set "
                        + "HAVING max(activate_at) <= $1 OR min(delete_at) <= $1")
                .execute(Tuple.of(at(now)))
                .map(rows -> {
                    List<String> keySets = new ArrayList<>();
                    rows.forEach(row -> keySets.add(row.getString(0)));
                    return keySets;
                });
    }

    /** Takes the key set's rotation lock for this transaction unless another replica holds it. */
    public Uni<Boolean> tryLock(SqlClient client, String keySet) {
        return client.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext('tollgate.keys'), hashtext($1))")
                .execute(Tuple.of(keySet))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Waits for the key set's rotation lock; released when the transaction ends. */
    public Uni<Void> lock(SqlClient client, String keySet) {
        return client.preparedQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('tollgate.keys'), hashtext($1))")
                .execute(Tuple.of(keySet))
                .replaceWithVoid();
    }

    /** Inserts the key and registers its kid forever; a reused kid fails on the primary key of {@code key_ids}. */
    public Uni<Void> insert(SqlClient client, StoredKey key) {
        KeyTimes times = key.times();
        Tuple values = Tuple.tuple(List.of(
                key.kid(),
                key.keySet(),
                key.algorithm().name(),
                Buffer.buffer(key.publicKey()),
                key.certificatePem(),
                Buffer.buffer(key.sealed().sealedPrivateKey()),
                Buffer.buffer(key.sealed().wrappedDataKey()),
                key.sealed().masterKeyId(),
                at(times.publishAt()),
                at(times.activateAt()),
                at(times.retireAt()),
                at(times.deleteAt())));
        return client.preparedQuery("INSERT INTO key_ids (kid, key_set, created_at) VALUES ($1, $2, $3)")
                .execute(Tuple.of(key.kid(), key.keySet(), at(times.publishAt())))
                .chain(() -> client.preparedQuery("INSERT INTO signing_keys (" + COLUMNS + ") VALUES "
                                + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                        .execute(values))
                .replaceWithVoid();
    }

    public Uni<Void> updateTimes(SqlClient client, String kid, KeyTimes times) {
        return client.preparedQuery(
                        "UPDATE signing_keys SET activate_at = $2, retire_at = $3, delete_at = $4 " + "WHERE kid = $1")
                .execute(Tuple.of(kid, at(times.activateAt()), at(times.retireAt()), at(times.deleteAt())))
                .replaceWithVoid();
    }

    public Uni<Void> updateSealed(SqlClient client, String kid, KeyVault.Sealed sealed) {
        return client.preparedQuery("UPDATE signing_keys SET wrapped_data_key = $2, master_key_id = $3 WHERE kid = $1")
                .execute(Tuple.of(kid, Buffer.buffer(sealed.wrappedDataKey()), sealed.masterKeyId()))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, String kid) {
        return client.preparedQuery("DELETE FROM signing_keys WHERE kid = $1")
                .execute(Tuple.of(kid))
                .replaceWithVoid();
    }

    /** Kids of keys still wrapped under another master key than {@code masterKeyId}. */
    public Uni<List<String>> wrappedUnderOtherMasterKeys(SqlClient client, String masterKeyId) {
        return client.preparedQuery("SELECT kid FROM signing_keys WHERE master_key_id <> $1")
                .execute(Tuple.of(masterKeyId))
                .map(rows -> {
                    List<String> kids = new ArrayList<>();
                    rows.forEach(row -> kids.add(row.getString(0)));
                    return kids;
                });
    }

    public Uni<StoredKey> lockKey(SqlClient client, String kid) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM signing_keys WHERE kid = $1 FOR UPDATE")
                .execute(Tuple.of(kid))
                .map(rows -> map(rows).stream().findFirst().orElse(null));
    }

    private static List<StoredKey> map(Iterable<Row> rows) {
        List<StoredKey> keys = new ArrayList<>();
        for (Row row : rows) {
            keys.add(new StoredKey(
                    row.getString("kid"),
                    row.getString("key_set"),
                    KeyAlgorithm.valueOf(row.getString("algorithm")),
                    row.getBuffer("public_key").getBytes(),
                    row.getString("certificate"),
                    new KeyVault.Sealed(
                            row.getBuffer("sealed_private_key").getBytes(),
                            row.getBuffer("wrapped_data_key").getBytes(),
                            row.getString("master_key_id")),
                    new KeyTimes(
                            instant(row, "publish_at"),
                            instant(row, "activate_at"),
                            instant(row, "retire_at"),
                            instant(row, "delete_at"))));
        }
        return keys;
    }

    private static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column).toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

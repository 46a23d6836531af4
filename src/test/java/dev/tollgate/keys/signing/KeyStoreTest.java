package dev.tollgate.keys.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.keys.KeySets;
import dev.tollgate.support.Ids;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KeyStoreTest {

    @Inject
    Pool pool;

    @Inject
    KeyRing ring;

    @Inject
    KeyVault vault;

    @Test
    void keyTableWhenReadDirectlyThenNoPrivateKeyMaterialInClear() {
        ring.ensureLoaded(KeySets.SERVER).await().indefinitely();
        List<LoadedKey> keys = ring.loaded(KeySets.SERVER);
        assertFalse(keys.isEmpty());
        List<byte[]> columns = new ArrayList<>();
        for (Row row :
                pool.query("SELECT * FROM signing_keys").execute().await().indefinitely()) {
            for (int i = 0; i < row.size(); i++) {
                Object value = row.getValue(i);
                if (value instanceof Buffer buffer) {
                    columns.add(buffer.getBytes());
                } else if (value != null) {
                    columns.add(value.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        for (LoadedKey key : keys) {
            byte[] pkcs8 = key.privateKey().getEncoded();
            byte[] exponent =
                    ((RSAPrivateCrtKey) key.privateKey()).getPrivateExponent().toByteArray();
            List<byte[]> secrets = List.of(
                    pkcs8,
                    exponent,
                    Base64.getEncoder().encode(pkcs8),
                    HexFormat.of().formatHex(pkcs8).getBytes(StandardCharsets.US_ASCII),
                    Arrays.copyOfRange(exponent, exponent.length - 64, exponent.length));
            for (byte[] column : columns) {
                for (byte[] secret : secrets) {
                    assertEquals(-1, indexOf(column, secret), "private material of " + key.kid() + " in clear");
                }
            }
        }
    }

    @Test
    void sealedKeyWhenMovedToAnotherKidThenDoesNotOpen() {
        byte[] secret = Ids.randomBytes(64);
        String kid = Ids.hex(20);
        KeyVault.Sealed sealed = vault.seal(kid, secret);
        assertArrayEquals(secret, vault.open(kid, sealed));
        assertThrows(IllegalStateException.class, () -> vault.open(Ids.hex(20), sealed));
    }

    @Test
    void masterKeyWhenRotatedThenOldKeysOpenAndRewrapMovesThem() {
        byte[] oldMaster = Ids.randomBytes(32);
        byte[] newMaster = Ids.randomBytes(32);
        KeyVault before = new KeyVault(oldMaster, List.of());
        String kid = Ids.hex(20);
        KeyVault.Sealed sealed = before.seal(kid, "pkcs8".getBytes(StandardCharsets.UTF_8));
        KeyVault newOnly = new KeyVault(newMaster, List.of());
        assertThrows(IllegalStateException.class, () -> newOnly.open(kid, sealed));
        KeyVault during = new KeyVault(newMaster, List.of(oldMaster));
        KeyVault.Sealed rewrapped = during.rewrap(kid, sealed);
        assertEquals(during.currentMasterKeyId(), rewrapped.masterKeyId());
        assertTrue(!rewrapped.masterKeyId().equals(sealed.masterKeyId()));
        assertArrayEquals("pkcs8".getBytes(StandardCharsets.UTF_8), newOnly.open(kid, rewrapped));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

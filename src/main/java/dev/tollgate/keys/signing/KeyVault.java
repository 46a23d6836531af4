package dev.tollgate.keys.signing;

import dev.tollgate.support.Ids;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Envelope encryption of private keys at rest. Each private key is sealed with AES-256-GCM under its own random data
 * key; the data key is wrapped with AES-256-GCM under a key-encryption key derived (HKDF-SHA256) from the master key.
 * Both ciphertexts are bound to the key id, so a sealed key copied into another row does not open. Rotating the
 * master key only re-wraps the 60-byte data keys.
 */
public final class KeyVault {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKey current;
    private final Map<String, MasterKey> byId = new LinkedHashMap<>();

    /** A private key as stored: its ciphertext, its wrapped data key and which master key wrapped that. */
    public record Sealed(byte[] sealedPrivateKey, byte[] wrappedDataKey, String masterKeyId) {}

    private record MasterKey(String id, SecretKeySpec keyEncryptionKey) {}

    /** {@code current} seals; {@code current} and {@code previous} (32-byte master keys) open. */
    public KeyVault(byte[] current, List<byte[]> previous) {
        this.current = derive(current);
        byId.put(this.current.id(), this.current);
        for (byte[] key : previous) {
            MasterKey old = derive(key);
            byId.putIfAbsent(old.id(), old);
        }
    }

    public String currentMasterKeyId() {
        return current.id();
    }

    public Sealed seal(String kid, byte[] pkcs8) {
        byte[] dataKey = Ids.randomBytes(32);
        try {
            byte[] sealed = encrypt(new SecretKeySpec(dataKey, "AES"), pkcs8, aad("private-key", kid, ""));
            return new Sealed(sealed, wrap(kid, dataKey, current), current.id());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The PKCS#8 bytes of a sealed key; fails when the master key that wrapped it is not configured. */
    public byte[] open(String kid, Sealed sealed) {
        byte[] dataKey = unwrap(kid, sealed);
        try {
            return decrypt(new SecretKeySpec(dataKey, "AES"), sealed.sealedPrivateKey(), aad("private-key", kid, ""));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The same sealed key with its data key wrapped under the current master key (master-key rotation). */
    public Sealed rewrap(String kid, Sealed sealed) {
        byte[] dataKey = unwrap(kid, sealed);
        try {
            return new Sealed(sealed.sealedPrivateKey(), wrap(kid, dataKey, current), current.id());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private byte[] unwrap(String kid, Sealed sealed) {
        MasterKey master = byId.get(sealed.masterKeyId());
        if (master == null) {
            throw new IllegalStateException("Key " + kid + " is wrapped under master key " + sealed.masterKeyId()
                    + ", which is not configured (tollgate.keys.previous-master-keys)");
        }
        return decrypt(master.keyEncryptionKey(), sealed.wrappedDataKey(), aad("data-key", kid, master.id()));
    }

    private static byte[] wrap(String kid, byte[] dataKey, MasterKey master) {
        return encrypt(master.keyEncryptionKey(), dataKey, aad("data-key", kid, master.id()));
    }

    private static byte[] encrypt(SecretKeySpec key, byte[] plain, byte[] aad) {
        byte[] iv = Ids.randomBytes(IV_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            byte[] encrypted = cipher.doFinal(plain);
            return ByteBuffer.allocate(IV_BYTES + encrypted.length)
                    .put(iv)
                    .put(encrypted)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    private static byte[] decrypt(SecretKeySpec key, byte[] sealed, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed key does not open: wrong master key or tampered row", e);
        }
    }

    private static byte[] aad(String purpose, String kid, String masterKeyId) {
        return ("tollgate/" + purpose + "/" + kid + "/" + masterKeyId).getBytes(StandardCharsets.UTF_8);
    }

    private static MasterKey derive(byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("A master key must be 32 bytes, got " + masterKey.length);
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(
                masterKey,
                "tollgate".getBytes(StandardCharsets.UTF_8),
                "key-encryption-key v1".getBytes(StandardCharsets.UTF_8)));
        byte[] kek = new byte[32];
        hkdf.generateBytes(kek, 0, kek.length);
        return new MasterKey(idOf(masterKey), new SecretKeySpec(kek, "AES"));
    }

    /** A public fingerprint of a master key: 16 hex characters of HMAC-SHA256(master key, "master key id"). */
    private static String idOf(byte[] masterKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            byte[] digest = mac.doFinal("tollgate master key id".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

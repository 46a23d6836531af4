package dev.tollgate.keys.signing;

import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.keys.KeyTimes;
import dev.tollgate.keys.Pem;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/** Makes new system-managed keys: key pair, key id, self-signed certificate, sealed private half. CPU-heavy. */
public final class KeyMaker {

    /** Certificates outlive any possible key life (pending ≤ 14 days, active ≤ 14 days, then retention). */
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(90);

    private final KeyVault vault;

    public KeyMaker(KeyVault vault) {
        this.vault = vault;
    }

    /** Blocking (RSA generation takes ~100 ms): call it through {@code Vertx#executeBlocking}. */
    public StoredKey make(String keySet, KeyAlgorithm algorithm, KeyTimes times) {
        KeyPair pair = algorithm.generate();
        byte[] publicKey = pair.getPublic().getEncoded();
        String kid = kidOf(pair.getPublic());
        String certificate = selfSignedCertificate(pair, algorithm, kid, times.publishAt());
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        try {
            return new StoredKey(kid, keySet, algorithm, publicKey, certificate, vault.seal(kid, pkcs8), times);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * The key id: SHA-1 of the public key's SubjectPublicKeyInfo as 40 lowercase hex characters. Deriving it from
     * the key means a key can never be published under two ids.
     */
    public static String kidOf(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String selfSignedCertificate(KeyPair pair, KeyAlgorithm algorithm, String kid, Instant notBefore) {
        Instant from = notBefore.minus(Duration.ofHours(1));
        return Pem.selfSignedCertificate(
                pair, algorithm.certificateSignature(), kid, from, from.plus(CERTIFICATE_VALIDITY));
    }
}

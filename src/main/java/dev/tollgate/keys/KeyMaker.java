package dev.tollgate.keys;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import dev.tollgate.support.Ids;

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
        X500Name name = new X500Name("CN=" + kid);
        Instant from = notBefore.minus(Duration.ofHours(1));
        try {
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, new BigInteger(1, Ids.randomBytes(16)),
                    Date.from(from), Date.from(from.plus(CERTIFICATE_VALIDITY)), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm.certificateSignature()).build(pair.getPrivate()));
            StringWriter pem = new StringWriter();
            try (PemWriter writer = new PemWriter(pem)) {
                writer.writeObject(new PemObject("CERTIFICATE", holder.getEncoded()));
            }
            return pem.toString();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot sign a certificate for key " + kid, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.tollgate.keys.account;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Key pairs and self-signed certificates for upload tests, good and bad. */
final class TestCertificates {

    private TestCertificates() {}

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(KeyPair pair, Instant notBefore, Instant notAfter) {
        try {
            X500Name name = new X500Name("CN=upload-test");
            String algorithm = pair.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] der = new JcaX509v3CertificateBuilder(
                            name,
                            BigInteger.valueOf(System.nanoTime()),
                            Date.from(notBefore),
                            Date.from(notAfter),
                            name,
                            pair.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate()))
                    .getEncoded();
            StringWriter text = new StringWriter();
            try (PemWriter writer = new PemWriter(text)) {
                writer.writeObject(new PemObject("CERTIFICATE", der));
            }
            return text.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pemValidNow(KeyPair pair) {
        Instant now = Instant.now();
        return pem(pair, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}

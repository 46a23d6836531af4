package dev.tollgate.keys;

import dev.tollgate.support.Ids;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text (RFC 7468) and the self-signed certificates of user-managed keys. */
public final class Pem {

    private Pem() {}

    public static String encode(String type, byte[] der) {
        StringWriter pem = new StringWriter();
        try (PemWriter writer = new PemWriter(pem)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pem.toString();
    }

    /**
     * A self-signed certificate for {@code pair} with subject {@code CN=subject}, signed with {@code signature}
     * (e.g. {@code SHA256withRSA}), valid from {@code notBefore} to {@code notAfter}.
     */
    public static String selfSignedCertificate(
            KeyPair pair, String signature, String subject, Instant notBefore, Instant notAfter) {
        X500Name name = new X500Name("CN=" + subject);
        try {
            byte[] der = new JcaX509v3CertificateBuilder(
                            name,
                            new BigInteger(1, Ids.randomBytes(16)),
                            Date.from(notBefore),
                            Date.from(notAfter),
                            name,
                            pair.getPublic())
                    .build(new JcaContentSignerBuilder(signature).build(pair.getPrivate()))
                    .getEncoded();
            return encode("CERTIFICATE", der);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot sign a certificate for " + subject, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

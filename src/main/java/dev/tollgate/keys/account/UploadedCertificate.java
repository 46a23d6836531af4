package dev.tollgate.keys.account;

import dev.tollgate.keys.Pem;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.Timestamps;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate uploaded with {@code keys:upload} (docs/api.md "Keys"), checked strictly: base64 of exactly one PEM
 * {@code CERTIFICATE} block and nothing else, a well-formed X.509 certificate with no trailing bytes, an RSA key of
 * 2048 to 4096 bits, valid now.
 */
record UploadedCertificate(X509Certificate certificate, RSAPublicKey publicKey, String pem) {

    /** Uploads larger than this (base64 characters) are refused before decoding. */
    static final int MAX_UPLOAD_CHARS = 64 * 1024;

    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 4096;

    private static final Pattern PEM = Pattern.compile(
            "\\A\\s*-----BEGIN CERTIFICATE-----\\r?\\n([A-Za-z0-9+/=\\r\\n]+?)\\r?\\n?-----END CERTIFICATE-----\\s*\\z");

    static UploadedCertificate parse(String publicKeyData, Instant now) {
        String pem = pemText(publicKeyData);
        byte[] der = der(pem);
        X509Certificate certificate = certificate(der);
        RSAPublicKey key = rsaKey(certificate);
        requireInDate(certificate, now);
        return new UploadedCertificate(certificate, key, Pem.encode("CERTIFICATE", der));
    }

    private static String pemText(String publicKeyData) {
        if (publicKeyData == null || publicKeyData.isBlank()) {
            throw ApiException.invalidArgument("publicKeyData is required: base64 of a PEM X.509 certificate.");
        }
        if (publicKeyData.length() > MAX_UPLOAD_CHARS) {
            throw ApiException.invalidArgument("publicKeyData has " + publicKeyData.length() + " characters; at most "
                    + MAX_UPLOAD_CHARS + " are accepted (one PEM certificate).");
        }
        try {
            return new String(Base64.getMimeDecoder().decode(publicKeyData.strip()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("publicKeyData is not base64; expected base64 of a PEM certificate.");
        }
    }

    private static byte[] der(String pem) {
        Matcher matcher = PEM.matcher(pem);
        if (!matcher.matches()) {
            throw ApiException.invalidArgument("publicKeyData does not hold exactly one PEM block '-----BEGIN "
                    + "CERTIFICATE-----' … '-----END CERTIFICATE-----' with nothing else around it.");
        }
        try {
            return Base64.getMimeDecoder().decode(matcher.group(1));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("The PEM certificate's body is not base64.");
        }
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            X509Certificate certificate = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            if (!Arrays.equals(certificate.getEncoded(), der)) {
                throw ApiException.invalidArgument(
                        "The certificate is followed by extra bytes or is not in DER " + "form.");
            }
            return certificate;
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.invalidArgument("publicKeyData is not a well-formed X.509 certificate.");
        }
    }

    private static RSAPublicKey rsaKey(X509Certificate certificate) {
        if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa)) {
            throw ApiException.invalidArgument("The certificate holds a "
                    + certificate.getPublicKey().getAlgorithm() + " key; an RSA key (KEY_ALG_RSA_2048) is expected.");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
            throw ApiException.invalidArgument("The certificate's RSA key has " + bits + " bits; " + MIN_RSA_BITS
                    + " to " + MAX_RSA_BITS + " bits are accepted.");
        }
        return rsa;
    }

    private static void requireInDate(X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (!notAfter.isAfter(now)) {
            throw ApiException.invalidArgument(
                    "The certificate expired at " + Timestamps.format(notAfter) + "; upload a certificate valid now.");
        }
        if (notBefore.isAfter(now)) {
            throw ApiException.invalidArgument("The certificate is valid only from " + Timestamps.format(notBefore)
                    + "; upload a certificate valid now.");
        }
    }
}

package dev.tollgate.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** JWS algorithms of system-managed keys (RFC 7518 §3.3 and §3.4). */
public enum KeyAlgorithm {
    RS256("RSA", "SHA256withRSA", "SHA256withRSA"),
    // P1363 format yields the raw R||S pair that JWS wants (RFC 7518 §3.4); certificates keep DER.
    ES256("EC", "SHA256withECDSAinP1363Format", "SHA256withECDSA");

    private final String keyType;
    private final String jwsSignature;
    private final String certificateSignature;

    KeyAlgorithm(String keyType, String jwsSignature, String certificateSignature) {
        this.keyType = keyType;
        this.jwsSignature = jwsSignature;
        this.certificateSignature = certificateSignature;
    }

    /** JCA key algorithm ({@code RSA}, {@code EC}), also the JWK {@code kty}. */
    public String keyType() {
        return keyType;
    }

    /** JCA name of the signature a JWS with this {@code alg} carries. */
    public String jwsSignature() {
        return jwsSignature;
    }

    public String certificateSignature() {
        return certificateSignature;
    }

    /** A fresh key pair: RSA 2048 or P-256. Slow for RSA (~100 ms): call it off the event loop. */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
            if (this == RS256) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a " + this + " key pair", e);
        }
    }
}

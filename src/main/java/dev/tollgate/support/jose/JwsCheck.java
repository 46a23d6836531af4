package dev.tollgate.support.jose;

/** The named steps of the JWS pipeline, in the order {@link Jws} describes. */
public enum JwsCheck {
    FORMAT,
    TYPE,
    KID,
    ALG,
    KEY_HEADERS,
    SIGNATURE,
    ISSUER,
    AUDIENCE,
    EXPIRY,
    NOT_BEFORE,
    ISSUED_AT,
    LIFETIME
}

package dev.tollgate.token;

import java.time.Instant;

/** A signed token; never log {@link #token()}, log {@link #jti()} instead. */
public record MintedToken(String token, Instant expiresAt, String jti) {

    @Override
    public String toString() {
        return "MintedToken[jti=" + jti + ", expiresAt=" + expiresAt + "]";
    }
}

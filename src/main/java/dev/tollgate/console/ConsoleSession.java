package dev.tollgate.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

/**
 * A signed-in console user. The browser holds the random {@code id} in an HttpOnly cookie, never the credential; the
 * database holds the id's hash and the sealed credential ({@link ConsoleSessions}).
 *
 * @param credential what the console presents to {@code /v1} as {@code Authorization: Bearer} for this user
 * @param principal  who signed in, as IAM names them ({@code serviceAccount:…} or {@code user:…})
 * @param expiresAt  the absolute end: the configured maximum age, or the credential's own expiry when sooner
 */
public record ConsoleSession(
        String id, String credential, String principal, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {

    /** This session with a renewed {@code credential}. */
    ConsoleSession withCredential(String renewed) {
        return new ConsoleSession(id, renewed, principal, createdAt, lastSeenAt, expiresAt);
    }

    /** The synchronizer token every form of this session carries, derived from the id so that it needs no storage. */
    public String csrfToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("tollgate console csrf\0" + id));
    }

    /** How the session is found in the database: the cookie's value is never stored. */
    byte[] idHash() {
        return sha256(id);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ConsoleSession[" + principal + "]";
    }
}

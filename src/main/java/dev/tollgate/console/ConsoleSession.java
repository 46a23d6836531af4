package dev.tollgate.console;

import java.time.Instant;

/**
 * A signed-in console user, held on the server only: the browser holds the random {@code id} in an HttpOnly cookie,
 * never the credential.
 *
 * @param credential what the console presents to {@code /v1} as {@code Authorization: Bearer} for this user
 * @param principal  who signed in, as IAM names them ({@code serviceAccount:…})
 * @param csrfToken  the synchronizer token every form of this session carries
 */
public record ConsoleSession(String id, String credential, String principal, String csrfToken, Instant createdAt,
        Instant lastSeenAt) {

    ConsoleSession seenAt(Instant now) {
        return new ConsoleSession(id, credential, principal, csrfToken, createdAt, now);
    }

    @Override
    public String toString() {
        return "ConsoleSession[" + principal + "]";
    }
}

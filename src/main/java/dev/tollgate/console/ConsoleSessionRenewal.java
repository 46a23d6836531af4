package dev.tollgate.console;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps a console session signed in with the identity provider usable for its whole life (docs/console.md
 * "Sessions"): when its access token expires within {@link #AHEAD}, the first request renews it with the refresh
 * token. Two requests (or replicas) may renew at once: the second to write, or the second refused because the provider
 * rotated the refresh token, reads the session again and uses the first one's renewal. A refused
 * renewal ends the session once the token has expired: the person signs in again.
 */
@ApplicationScoped
public class ConsoleSessionRenewal {

    static final Duration AHEAD = Duration.ofSeconds(60);

    private final ConsoleSessions sessions;
    private final IdentityProviderTokens tokens;
    private final Clock clock;

    public ConsoleSessionRenewal(ConsoleSessions sessions, IdentityProviderTokens tokens, Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** {@code found} with a credential valid for at least {@link #AHEAD} when it can be renewed; else as it was. */
    public Uni<Optional<ConsoleSessions.Found>> renewIfDue(Optional<ConsoleSessions.Found> found) {
        if (found.isEmpty()
                || found.get().renewal().isEmpty()
                || found.get().credentialExpiresAt().isEmpty()) {
            return Uni.createFrom().item(found);
        }
        ConsoleSessions.Found session = found.get();
        Instant expiresAt = session.credentialExpiresAt().get();
        if (clock.instant().plus(AHEAD).isBefore(expiresAt)) {
            return Uni.createFrom().item(found);
        }
        ConsoleSessions.Renewal renewal = session.renewal().get();
        return tokens.renew(renewal).flatMap(renewed -> {
            if (renewed.isEmpty()) {
                // A rotated refresh token is refused to the second request: the first may have renewed meanwhile.
                return reread(session).flatMap(reread -> {
                    if (reread.isPresent()
                            && !reread.get().credentialExpiresAt().equals(Optional.of(expiresAt))) {
                        return Uni.createFrom().item(reread);
                    }
                    return clock.instant().isBefore(expiresAt)
                            ? Uni.createFrom().item(found)
                            : ended(session);
                });
            }
            ConsoleSessions.Renewal next =
                    new ConsoleSessions.Renewal(renewed.get().refreshToken(), renewal.tokenUri());
            return sessions.renewed(
                            session, renewed.get().accessToken(), renewed.get().expiresAt(), next)
                    .flatMap(written -> written
                            ? Uni.createFrom()
                                    .item(Optional.of(session.withSession(
                                            session.session()
                                                    .withCredential(
                                                            renewed.get().accessToken()),
                                            renewed.get().expiresAt(),
                                            next)))
                            : reread(session));
        });
    }

    /** The session as stored now, with the message for the page that the first read took. */
    private Uni<Optional<ConsoleSessions.Found>> reread(ConsoleSessions.Found session) {
        return sessions.find(session.session().id(), false)
                .map(reread -> reread.map(again -> again.withFlash(session.flash())));
    }

    private Uni<Optional<ConsoleSessions.Found>> ended(ConsoleSessions.Found session) {
        return sessions.close(session.session()).replaceWith(Optional.empty());
    }
}

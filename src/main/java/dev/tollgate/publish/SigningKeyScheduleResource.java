package dev.tollgate.publish;

import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.PublishedKey;
import dev.tollgate.keys.signing.KeyRing;
import dev.tollgate.support.RequiresCaller;
import dev.tollgate.support.Timestamps;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The life cycle of the server's published signing keys (docs/api.md "Signing-key schedule"): the same keys as the
 * JWKS, with when each is published, signs, retires and disappears. Public facts only; any authenticated caller.
 */
@Path("/v1/signingKeys")
@Produces(MediaType.APPLICATION_JSON)
@RequiresCaller
public class SigningKeyScheduleResource {

    private final KeyRing ring;
    private final Clock clock;

    public SigningKeyScheduleResource(KeyRing ring, Clock clock) {
        this.ring = ring;
        this.clock = clock;
    }

    /** One published key and its four times (RFC 3339). */
    public record SigningKey(
            String kid,
            String algorithm,
            String state,
            String publishTime,
            String activateTime,
            String retireTime,
            String deleteTime) {

        static SigningKey of(PublishedKey key, Instant now) {
            var times = key.times();
            return new SigningKey(
                    key.kid(),
                    key.algorithm().name(),
                    times.stateAt(now).name(),
                    Timestamps.format(times.publishAt()),
                    Timestamps.format(times.activateAt()),
                    Timestamps.format(times.retireAt()),
                    Timestamps.format(times.deleteAt()));
        }
    }

    public record SigningKeys(List<SigningKey> signingKeys) {}

    @GET
    public Uni<SigningKeys> list() {
        return ring.ensureLoaded(KeySets.SERVER).map(ignored -> {
            Instant now = clock.instant();
            return new SigningKeys(ring.published(KeySets.SERVER).stream()
                    .map(key -> SigningKey.of(key, now))
                    .toList());
        });
    }
}

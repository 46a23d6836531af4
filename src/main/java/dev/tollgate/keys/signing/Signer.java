package dev.tollgate.keys.signing;

import dev.tollgate.support.ApiException;
import dev.tollgate.support.RpcStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The only signer of tokens and blobs (RFC 7515 compact serialisation). It picks among the key set's ACTIVE keys by
 * the rotation weights, from memory only; load the key set first ({@link KeyRing#ensureLoaded}).
 */
@ApplicationScoped
public class Signer {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyRing ring;
    private final Clock clock;
    private final KeySchedule schedule;

    public Signer(KeyRing ring, Clock clock, KeySchedule schedule) {
        this.ring = ring;
        this.clock = clock;
        this.schedule = schedule;
    }

    /**
     * A compact JWS over {@code claimsJson} (used verbatim) with header {@code alg} and {@code kid} of the chosen key
     * plus {@code headerExtras} (e.g. {@code typ: at+jwt}); extras cannot override {@code alg} or {@code kid}.
     */
    public String signJwt(String keySet, Map<String, Object> headerExtras, String claimsJson) {
        LoadedKey key = choose(keySet);
        byte[] header = key.signer().protectedHeader(headerExtras);
        byte[] claims = BASE64URL.encode(claimsJson.getBytes(StandardCharsets.UTF_8));
        // header.claims.signature as ASCII bytes; the signing input is the first two parts.
        int inputLength = header.length + 1 + claims.length;
        byte[] input = new byte[inputLength];
        System.arraycopy(header, 0, input, 0, header.length);
        input[header.length] = '.';
        System.arraycopy(claims, 0, input, header.length + 1, claims.length);
        byte[] signature = BASE64URL.encode(key.signer().sign(input, inputLength));
        byte[] jws = Arrays.copyOf(input, inputLength + 1 + signature.length);
        jws[inputLength] = '.';
        System.arraycopy(signature, 0, jws, inputLength + 1, signature.length);
        return new String(jws, StandardCharsets.ISO_8859_1);
    }

    /** A signature over {@code payload} (SHA256withRSA for RSA keys) and the id of the key that made it. */
    public SignedBlob signBlob(String keySet, byte[] payload) {
        LoadedKey key = choose(keySet);
        return new SignedBlob(key.kid(), key.signer().sign(payload, payload.length));
    }

    LoadedKey choose(String keySet) {
        Instant now = clock.instant();
        List<LoadedKey> loaded = ring.loaded(keySet);
        LoadedKey only = null;
        List<LoadedKey> active = null;
        for (LoadedKey key : loaded) {
            if (!key.times().activeAt(now)) {
                continue;
            }
            if (only == null) {
                only = key;
            } else {
                if (active == null) {
                    active = new ArrayList<>(loaded.size());
                    active.add(only);
                }
                active.add(key);
            }
        }
        if (only == null) {
            throw new ApiException(
                    RpcStatus.UNAVAILABLE,
                    "No signing key of key set " + keySet + " is active on this " + "server yet; retry shortly.");
        }
        if (active == null) {
            return only;
        }
        Instant[] activations =
                active.stream().map(key -> key.times().activateAt()).toArray(Instant[]::new);
        return active.get(
                schedule.pick(activations, now, ThreadLocalRandom.current().nextDouble()));
    }
}

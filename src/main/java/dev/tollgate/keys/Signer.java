package dev.tollgate.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.RpcStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The only signer of tokens and blobs (RFC 7515 compact serialisation). It picks among the key set's ACTIVE keys by
 * the rotation weights, from memory only; load the key set first ({@link KeyRing#ensureLoaded}).
 */
@ApplicationScoped
public class Signer {

    private static final ObjectMapper JSON = new ObjectMapper();
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
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", key.published().algorithm().name());
        header.put("kid", key.kid());
        headerExtras.forEach(header::putIfAbsent);
        String signingInput = BASE64URL.encodeToString(json(header)) + "."
                + BASE64URL.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        byte[] signature = sign(key, signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + BASE64URL.encodeToString(signature);
    }

    /** A signature over {@code payload} (SHA256withRSA for RSA keys) and the id of the key that made it. */
    public SignedBlob signBlob(String keySet, byte[] payload) {
        LoadedKey key = choose(keySet);
        return new SignedBlob(key.kid(), sign(key, payload));
    }

    LoadedKey choose(String keySet) {
        Instant now = clock.instant();
        List<LoadedKey> active = ring.loaded(keySet).stream().filter(key -> key.times().activeAt(now)).toList();
        if (active.isEmpty()) {
            throw new ApiException(RpcStatus.UNAVAILABLE, "No signing key of key set " + keySet + " is active on this "
                    + "server yet; retry shortly.");
        }
        if (active.size() == 1) {
            return active.get(0);
        }
        Instant[] activations = active.stream().map(key -> key.times().activateAt()).toArray(Instant[]::new);
        return active.get(schedule.pick(activations, now, ThreadLocalRandom.current().nextDouble()));
    }

    private static byte[] sign(LoadedKey key, byte[] input) {
        try {
            Signature signature = Signature.getInstance(key.published().algorithm().jwsSignature());
            signature.initSign(key.privateKey());
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing with key " + key.kid() + " failed", e);
        }
    }

    private static byte[] json(Map<String, Object> header) {
        try {
            return JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A JWS header value is not JSON-serialisable", e);
        }
    }
}

package dev.tollgate.keys.signing;

import dev.tollgate.keys.KeyAlgorithm;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Signing keys: custody, life cycle and rotation. {@link RotationPolicy} checks these at start-up. */
@ConfigMapping(prefix = "tollgate.keys")
public interface KeysConfig {

    /** Algorithm of the server's token-signing keys. Default {@code RS256}; {@code ES256} selectable. */
    @WithDefault("RS256")
    KeyAlgorithm algorithm();

    /** Minimum time a key is published before it signs (PENDING). Default 6h. */
    @WithDefault("6h")
    Duration prepublish();

    /** Minimum time a key stays published after it last signed (RETIRED). Default 12h. */
    @WithDefault("12h")
    Duration postpublish();

    /** Lower bound of a key's random ACTIVE span. Default 3 days. */
    @WithDefault("3d")
    Duration activeMin();

    /** Upper bound of a key's random ACTIVE span; never more than 14 days. Default 7 days. */
    @WithDefault("7d")
    Duration activeMax();

    /** Window over which signing traffic moves from a key to its successor. Default 6h. */
    @WithDefault("6h")
    Duration overlap();

    /** Longest lifetime of a token the server signs; the token endpoint enforces it. Default 12h. */
    @WithDefault("12h")
    Duration maxTokenLifetime();

    /** {@code max-age} of the published key documents; at most {@code prepublish - reload-interval}. Default 1h. */
    @WithDefault("1h")
    Duration jwksMaxAge();

    /** How often each replica re-reads its key sets even without a change notification. Default 5 minutes. */
    @WithDefault("5m")
    Duration reloadInterval();

    /** How often the rotator looks for due key sets. Default 1 minute. */
    @WithDefault("1m")
    Duration rotationInterval();

    /**
     * JCA provider of the server's signatures: {@code auto} (AmazonCorrettoCryptoProvider where its native library
     * loads, else the JDK), {@code jdk} or {@code accp} (fail at start if it does not load). Default {@code auto}.
     */
    @WithDefault("auto")
    CryptoProvider cryptoProvider();

    /** The current master key, base64 of 32 bytes. Default none (then the file, then a generated file). */
    Optional<String> masterKey();

    /** A file holding the current master key in base64. Default none. */
    Optional<Path> masterKeyFile();

    /** Former master keys (base64), still accepted to unwrap keys during a master-key rotation. Default none. */
    Optional<List<String>> previousMasterKeys();
}

package dev.tollgate.keys;

import java.security.PublicKey;

/**
 * The public half of a key as the publishing documents need it. It holds no private material, so renderers built on
 * it cannot leak any.
 */
public record PublishedKey(
        String kid, KeyAlgorithm algorithm, PublicKey publicKey, String certificatePem, KeyTimes times) {}

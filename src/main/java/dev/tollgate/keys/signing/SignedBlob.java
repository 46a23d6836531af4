package dev.tollgate.keys.signing;

/** A signature over caller-supplied bytes and the id of the key that made it. */
public record SignedBlob(String keyId, byte[] signature) {}

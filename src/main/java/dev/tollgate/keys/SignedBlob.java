package dev.tollgate.keys;

/** A signature over caller-supplied bytes and the id of the key that made it. */
public record SignedBlob(String keyId, byte[] signature) {}

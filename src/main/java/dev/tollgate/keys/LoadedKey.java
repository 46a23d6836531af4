package dev.tollgate.keys;

import java.security.PrivateKey;

/** A key held in memory for signing: parsed once at load, reused for every signature. Never leaves this package. */
record LoadedKey(PublishedKey published, PrivateKey privateKey) {

    String kid() {
        return published.kid();
    }

    KeyTimes times() {
        return published.times();
    }

    LoadedKey withTimes(KeyTimes times) {
        return new LoadedKey(new PublishedKey(published.kid(), published.algorithm(), published.publicKey(),
                published.certificatePem(), times), privateKey);
    }
}

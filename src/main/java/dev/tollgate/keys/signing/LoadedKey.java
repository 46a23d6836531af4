package dev.tollgate.keys.signing;

import dev.tollgate.keys.KeyTimes;
import dev.tollgate.keys.PublishedKey;
import java.security.PrivateKey;

/** A key held in memory for signing: opened once at load, reused for every signature. Never leaves this package. */
record LoadedKey(PublishedKey published, KeySigner signer) {

    String kid() {
        return published.kid();
    }

    PrivateKey privateKey() {
        return signer.privateKey();
    }

    KeyTimes times() {
        return published.times();
    }

    LoadedKey withTimes(KeyTimes times) {
        return new LoadedKey(
                new PublishedKey(
                        published.kid(),
                        published.algorithm(),
                        published.publicKey(),
                        published.certificatePem(),
                        times),
                signer);
    }
}

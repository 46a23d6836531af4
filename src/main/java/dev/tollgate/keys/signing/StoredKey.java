package dev.tollgate.keys.signing;

import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.keys.KeyTimes;

/** A row of {@code signing_keys}: public half, certificate, sealed private half and life-cycle times. */
public record StoredKey(
        String kid,
        String keySet,
        KeyAlgorithm algorithm,
        byte[] publicKey,
        String certificatePem,
        KeyVault.Sealed sealed,
        KeyTimes times) {

    StoredKey withTimes(KeyTimes newTimes) {
        return new StoredKey(kid, keySet, algorithm, publicKey, certificatePem, sealed, newTimes);
    }

    StoredKey withSealed(KeyVault.Sealed newSealed) {
        return new StoredKey(kid, keySet, algorithm, publicKey, certificatePem, newSealed, times);
    }
}

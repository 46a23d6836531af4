package dev.tollgate.support.jose;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * The signature step of the JWS pipeline (RFC 7515 §5.2) on a chosen JCA provider: RS256 (RFC 7518 §3.3), the
 * algorithm of every jwt-bearer assertion and of most subject tokens, is verified by the provider directly, a native one
 * (AmazonCorrettoCryptoProvider) when the server signs with it, else the JDK. Each key is translated to the provider's
 * own key object once, not per token: its initialised signature objects are kept and reused. Anything else (ES256, a key of another type or under 2048 bits, a {@code crit}
 * header) goes through {@link Jws#verify(Key, Set)} as before, which also words every key problem. Thread-safe.
 */
public final class JwsSignatures {

    /** The JDK's providers: what {@link Jws#verify(Key, Set)} uses. */
    public static final JwsSignatures JDK = new JwsSignatures(Optional.empty());

    /** jose4j's floor for RSA keys, kept so that a small key gets its words, not a verdict. */
    private static final int MIN_RSA_BITS = 2048;

    private static final String RS256_JCA = "SHA256withRSA";
    /** Distinct keys whose signature objects are kept; past it they start over (the keys come from bounded caches). */
    private static final int MAX_KEYS = 4096;

    private final Provider provider;
    /** Per key, signature objects initialised for it (a JCA signature returns to that state after {@code verify}). */
    private final Map<PublicKey, Queue<Signature>> verifiers = new ConcurrentHashMap<>();

    /** Verifies on {@code provider}; the JDK's providers when empty or when it has no RS256 signature. */
    public JwsSignatures(Optional<Provider> provider) {
        this.provider = provider.filter(p -> p.getService("Signature", RS256_JCA) != null)
                .orElse(null);
    }

    /** The provider that verifies RS256: its name, or {@code JDK}. */
    public String providerName() {
        return provider == null ? "JDK" : provider.getName();
    }

    /** Whether {@code key} verifies {@code token}'s signature, with {@code alg} restricted to {@code algorithms}. */
    public Jws.SignatureCheck verify(Jws token, Key key, Set<String> algorithms) {
        if (!AlgorithmIdentifiers.RSA_USING_SHA256.equals(token.alg())
                || !algorithms.contains(AlgorithmIdentifiers.RSA_USING_SHA256)
                || !(key instanceof RSAPublicKey rsa)
                || rsa.getModulus().bitLength() < MIN_RSA_BITS
                || token.header("crit") != null) {
            return token.verify(key, algorithms);
        }
        byte[] signature = token.signature();
        if (signature.length != (rsa.getModulus().bitLength() + 7) / 8) {
            return new Jws.SignatureCheck(false, Optional.empty());
        }
        return new Jws.SignatureCheck(verifies(rsa, token.signingInput(), signature), Optional.empty());
    }

    private boolean verifies(RSAPublicKey key, byte[] input, byte[] signature) {
        Queue<Signature> idle = verifiers.get(key);
        if (idle == null) {
            if (verifiers.size() >= MAX_KEYS) {
                verifiers.clear();
            }
            idle = verifiers.computeIfAbsent(key, ignored -> new ConcurrentLinkedQueue<>());
        }
        Signature verifier = idle.poll();
        try {
            if (verifier == null) {
                verifier = newVerifier(key);
            }
            verifier.update(input);
            boolean valid = verifier.verify(signature);
            idle.offer(verifier);
            return valid;
        } catch (GeneralSecurityException e) {
            // A malformed signature is a signature that does not verify; a verifier that threw is not reused.
            return false;
        }
    }

    private Signature newVerifier(RSAPublicKey key) throws GeneralSecurityException {
        Signature verifier =
                provider == null ? Signature.getInstance(RS256_JCA) : Signature.getInstance(RS256_JCA, provider);
        verifier.initVerify(key);
        return verifier;
    }
}

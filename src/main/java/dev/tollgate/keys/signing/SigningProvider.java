package dev.tollgate.keys.signing;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.support.jose.JwsSignatures;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The JCA provider behind every signature {@link Signer} makes, and behind the RS256 verification of foreign JWTs
 * (jwt-bearer assertions, federation subject tokens: {@link JwsSignatures}). RSA signing costs the JDK about 1 ms of CPU; AWS-LC
 * through AmazonCorrettoCryptoProvider (shipped in the default build) does it about four times faster. Where its native
 * library does not load (another OS or architecture), {@code auto} falls back to the JDK; the choice is logged at
 * start and shown in the {@code signing-keys} readiness check.
 */
@ApplicationScoped
public class SigningProvider {

    private static final Logger LOG = Logger.getLogger(SigningProvider.class);

    private final Optional<Provider> provider;

    @Inject
    public SigningProvider(KeysConfig config) {
        this(config.cryptoProvider());
    }

    SigningProvider(CryptoProvider choice) {
        this.provider = resolve(choice);
        LOG.infof(
                "Signatures are made by %s (tollgate.keys.crypto-provider=%s)",
                name(), choice.name().toLowerCase(Locale.ROOT));
    }

    /** The signing provider's name and version, or {@code JDK}. */
    public String name() {
        return provider.map(p -> p.getName() + " " + p.getVersionStr()).orElse("JDK");
    }

    /** A signer for one private key: the key translated to the provider once, signature objects reused. */
    KeySigner forKey(String kid, KeyAlgorithm algorithm, PrivateKey privateKey) {
        return new KeySigner(kid, algorithm, privateKey, provider);
    }

    /** Verification of foreign JWS signatures on the same provider as signing. */
    @Produces
    @Singleton
    JwsSignatures verification() {
        return new JwsSignatures(provider);
    }

    private static Optional<Provider> resolve(CryptoProvider choice) {
        if (choice == CryptoProvider.JDK) {
            return Optional.empty();
        }
        Throwable error = accpLoadingError();
        if (error == null) {
            return Optional.of(AmazonCorrettoCryptoProvider.INSTANCE);
        }
        if (choice == CryptoProvider.ACCP) {
            throw new ConfigurationException("tollgate.keys.crypto-provider=accp, but AmazonCorrettoCryptoProvider did"
                    + " not load on this machine: " + error);
        }
        LOG.infof("AmazonCorrettoCryptoProvider is not available on this machine (%s); the JDK signs", error);
        return Optional.empty();
    }

    private static Throwable accpLoadingError() {
        try {
            return AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
        } catch (LinkageError | RuntimeException e) {
            return e;
        }
    }
}

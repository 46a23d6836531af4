package dev.tollgate.serviceaccount;

import dev.tollgate.support.Ids;
import dev.tollgate.support.TollgateConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Hashes API keys as HMAC-SHA256 under a server-side pepper, so a copy of the database alone cannot test guesses.
 * API keys carry ≥256 random bits, so a fast keyed hash is enough; a password KDF would only slow every request.
 * Hashes made under a previous pepper ({@code previous-api-key-peppers}) still match, and say so, so that they can be
 * rewritten under the current one.
 */
@ApplicationScoped
public class ApiKeyHasher {

    private static final Logger LOG = Logger.getLogger(ApiKeyHasher.class);
    private static final String ALGORITHM = "HmacSHA256";
    static final String PEPPER_FILE = "api-key-pepper";

    private final ServiceAccountConfig config;
    private final TollgateConfig server;
    private volatile SecretKeySpec pepper;
    private volatile List<SecretKeySpec> previousPeppers = List.of();
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public ApiKeyHasher(ServiceAccountConfig config, TollgateConfig server) {
        this.config = config;
        this.server = server;
    }

    void onStart(@Observes @Priority(5) StartupEvent event) {
        pepper = new SecretKeySpec(loadPepper(), ALGORITHM);
        previousPeppers = config.previousApiKeyPeppers().orElse(List.of()).stream()
                .map(previous -> new SecretKeySpec(checked(previous, "previous-api-key-peppers"), ALGORITHM))
                .toList();
    }

    /** Under which pepper {@code keyString} hashes to {@code expected}. */
    enum Match {
        CURRENT,
        PREVIOUS,
        NONE
    }

    byte[] hash(String keyString) {
        Mac mac = macs.get();
        return mac.doFinal(keyString.getBytes(StandardCharsets.US_ASCII));
    }

    Match match(String keyString, byte[] expected) {
        if (MessageDigest.isEqual(hash(keyString), expected)) {
            return Match.CURRENT;
        }
        for (SecretKeySpec previous : previousPeppers) {
            if (MessageDigest.isEqual(mac(previous).doFinal(keyString.getBytes(StandardCharsets.US_ASCII)), expected)) {
                return Match.PREVIOUS;
            }
        }
        return Match.NONE;
    }

    private Mac newMac() {
        return mac(pepper);
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private byte[] loadPepper() {
        if (config.apiKeyPepper().isPresent()) {
            return checked(config.apiKeyPepper().get(), "api-key-pepper");
        }
        Path file = server.dataDir().resolve(PEPPER_FILE);
        try {
            if (!Files.exists(file)) {
                writePrivately(file, Base64.getEncoder().encodeToString(Ids.randomBytes(32)));
                LOG.infof(
                        "Generated the API-key pepper in %s (set tollgate.service-accounts.api-key-pepper to share"
                                + " one across replicas)",
                        file);
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the API-key pepper " + file, e);
        }
    }

    private static byte[] checked(String pepper, String setting) {
        if (pepper.length() < 32) {
            throw new ConfigurationException(
                    "tollgate.service-accounts." + setting + " must be at least 32 characters.");
        }
        return pepper.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code content} to {@code file} readable by the owner only, atomically. */
    static void writePrivately(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(
                file.toAbsolutePath().getParent(),
                ".tmp-",
                "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

package dev.tollgate.serviceaccount;

import dev.tollgate.support.Ids;
import dev.tollgate.support.TollgateConfig;
import io.quarkus.runtime.StartupEvent;
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
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Hashes API keys as HMAC-SHA256 under a server-side pepper, so a copy of the database alone cannot test guesses.
 * API keys carry ≥256 random bits, so a fast keyed hash is enough; a password KDF would only slow every request.
 */
@ApplicationScoped
public class ApiKeyHasher {

    private static final Logger LOG = Logger.getLogger(ApiKeyHasher.class);
    private static final String ALGORITHM = "HmacSHA256";
    static final String PEPPER_FILE = "api-key-pepper";

    private final ServiceAccountConfig config;
    private final TollgateConfig server;
    private volatile SecretKeySpec pepper;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public ApiKeyHasher(ServiceAccountConfig config, TollgateConfig server) {
        this.config = config;
        this.server = server;
    }

    void onStart(@Observes @Priority(5) StartupEvent event) {
        pepper = new SecretKeySpec(loadPepper(), ALGORITHM);
    }

    byte[] hash(String keyString) {
        Mac mac = macs.get();
        return mac.doFinal(keyString.getBytes(StandardCharsets.US_ASCII));
    }

    boolean matches(String keyString, byte[] expected) {
        return MessageDigest.isEqual(hash(keyString), expected);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(pepper);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private byte[] loadPepper() {
        if (config.apiKeyPepper().isPresent()) {
            String configured = config.apiKeyPepper().get();
            if (configured.length() < 32) {
                throw new IllegalStateException("tollgate.service-accounts.api-key-pepper must be at least 32 characters.");
            }
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        Path file = server.dataDir().resolve(PEPPER_FILE);
        try {
            if (!Files.exists(file)) {
                writePrivately(file, Base64.getEncoder().encodeToString(Ids.randomBytes(32)));
                LOG.infof("Generated the API-key pepper in %s (set tollgate.service-accounts.api-key-pepper to share"
                        + " one across replicas)", file);
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the API-key pepper " + file, e);
        }
    }

    /** Writes {@code content} to {@code file} readable by the owner only, atomically. */
    static void writePrivately(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".tmp-", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

package dev.tollgate.keys.signing;

import dev.tollgate.support.Ids;
import dev.tollgate.support.TollgateConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Finds the master key: {@code tollgate.keys.master-key}, else {@code tollgate.keys.master-key-file}, else
 * {@code <data-dir>/master.key}, generated on first start. Runs once at start-up on the main thread (file I/O).
 */
@ApplicationScoped
public class MasterKeys {

    private static final Logger LOG = Logger.getLogger(MasterKeys.class);

    @Produces
    @Singleton
    KeyVault vault(KeysConfig config, TollgateConfig tollgate) {
        byte[] current = config.masterKey()
                .map(MasterKeys::decode)
                .orElseGet(() -> config.masterKeyFile()
                        .map(MasterKeys::read)
                        .orElseGet(() -> readOrGenerate(tollgate.dataDir().resolve("master.key"))));
        List<byte[]> previous = config.previousMasterKeys().orElse(List.of()).stream()
                .map(MasterKeys::decode)
                .toList();
        KeyVault vault = new KeyVault(current, previous);
        LOG.infof("Signing keys are sealed under master key %s", vault.currentMasterKeyId());
        return vault;
    }

    static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The master key is not valid base64");
        }
        if (key.length != 32) {
            throw new ConfigurationException(
                    "The master key must be 32 bytes (44 base64 characters), got " + key.length);
        }
        return key;
    }

    private static byte[] read(Path file) {
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the master key file " + file, e);
        }
    }

    private static byte[] readOrGenerate(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        byte[] key = Ids.randomBytes(32);
        try {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a new master key to " + file, e);
        }
        LOG.warnf(
                "Generated a new master key in %s. Back it up: without it the signing keys cannot be opened. "
                        + "Every replica must use the same master key: set tollgate.keys.master-key or "
                        + "tollgate.keys.master-key-file on all of them.",
                file);
        return key;
    }
}

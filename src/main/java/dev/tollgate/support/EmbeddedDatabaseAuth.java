package dev.tollgate.support;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Password authentication for the embedded PostgreSQL. The library's initdb trusts every local connection as superuser
 * (any local account could run shell commands through {@code COPY ... PROGRAM}); before each start this sets a generated
 * password on {@code postgres} in single-user mode (no listener is open) and rewrites {@code pg_hba.conf} to accept only
 * SCRAM-SHA-256, so a fresh directory and one left by an older version end up the same.
 */
final class EmbeddedDatabaseAuth {

    static final String PASSWORD_FILE = "db-password";
    static final String SUPERUSER = "postgres";

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseAuth.class);
    private static final String HBA = """
            # Written by Tollgate: password (SCRAM) authentication only; the password is in db-password.
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private EmbeddedDatabaseAuth() {}

    /** Called by the library between initdb and the server's start: the directory is locked and no server runs. */
    static void secure(File directory, String password) {
        Path dataDir = directory.toPath();
        try {
            Path hba = dataDir.resolve("pg_hba.conf");
            boolean passwordKnown = Files.exists(dataDir.resolve(PASSWORD_FILE))
                    && readPassword(dataDir).equals(password);
            if (passwordKnown && Files.readString(hba).equals(HBA)) {
                return;
            }
            if (!passwordKnown) {
                writePassword(dataDir, password);
            }
            LOG.infof("Setting password authentication (SCRAM) on the embedded PostgreSQL in %s", dataDir);
            setPassword(dataDir, password);
            Path next = dataDir.resolve("pg_hba.conf.next");
            Files.writeString(next, HBA);
            Files.move(next, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set password authentication in " + dataDir, e);
        }
    }

    static String readPassword(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve(PASSWORD_FILE), StandardCharsets.US_ASCII)
                .strip();
    }

    private static void writePassword(Path dataDir, String password) throws IOException {
        Path next = dataDir.resolve(PASSWORD_FILE + ".next");
        Files.deleteIfExists(next);
        Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(next, password + "\n", StandardCharsets.US_ASCII);
        Files.move(
                next,
                dataDir.resolve(PASSWORD_FILE),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Single-user mode reads statements from standard input and opens no socket, so nothing can race the change. */
    private static void setPassword(Path dataDir, String password) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // the same way the library runs PostgreSQL when we are root
        }
        command.addAll(List.of(
                binaries().resolve("bin/postgres").toString(),
                "--single",
                "-D",
                dataDir.toString(),
                "-c",
                "password_encryption=scram-sha-256",
                SUPERUSER));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(
                    ("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'\n").getBytes(StandardCharsets.US_ASCII));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("ERROR")) {
                process.destroyForcibly();
                throw new IOException("Setting the password in single-user mode failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while setting the password", e);
        }
    }

    /**
     * Where the library unpacked its PostgreSQL binaries. It does not expose the path, but its (idempotent, cached)
     * preparation step returns it; {@code EmbeddedDatabaseAuthAttackTest} fails if a library upgrade changes that.
     */
    static Path binaries() {
        try {
            Method prepare =
                    EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            prepare.setAccessible(true);
            return ((File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null)).toPath();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot locate the embedded PostgreSQL binaries", e);
        }
    }
}

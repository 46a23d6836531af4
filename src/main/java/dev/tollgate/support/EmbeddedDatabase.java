package dev.tollgate.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * An embedded PostgreSQL for zero-setup runs. It is started only when no reactive datasource URL is
 * configured, keeps its data under {@code tollgate.data-dir}, and points Quarkus at itself through
 * system properties before the application reads its runtime configuration. It listens on loopback only and accepts
 * only SCRAM password logins ({@link EmbeddedDatabaseAuth}); a server or lock left by a killed JVM is cleared at start
 * ({@link EmbeddedDatabaseRecovery}). A {@code <directory>.lock} file keeps two JVMs off one directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";

    private static volatile EmbeddedDatabase running;

    private final CompletableFuture<Server> server;
    private final int port;
    private final String password;
    private final FileChannel lockChannel;
    private boolean closed;

    private EmbeddedDatabase(CompletableFuture<Server> server, int port, String password, FileChannel lockChannel) {
        this.server = server;
        this.port = port;
        this.password = password;
        this.lockChannel = lockChannel;
    }

    /** A started PostgreSQL and the process that stops it should this JVM be killed (null without {@code sh}). */
    private record Server(EmbeddedPostgres postgres, Process watchdog) {}

    public static EmbeddedDatabase startUnlessConfigured() {
        Optional<String> configured = setting(REACTIVE_URL);
        if (configured.isPresent()) {
            LOG.infof("Using the configured PostgreSQL at %s", withoutCredentials(configured.get()));
            return new EmbeddedDatabase(CompletableFuture.completedFuture(null), 0, null, null);
        }
        Path dataDir = Path.of(setting("tollgate.data-dir").orElse("data")).toAbsolutePath();
        EmbeddedDatabase database = begin(dataDir.resolve("postgres"), false, false, true, true);
        running = database;
        LOG.infof(
                "Using the embedded PostgreSQL on port %d with its data in %s (set %s to use your own server)",
                database.port(), dataDir.resolve("postgres"), "QUARKUS_DATASOURCE_REACTIVE_URL");
        database.exportConnectionSettings();
        return database;
    }

    /**
     * Waits until the server that {@link #startUnlessConfigured} started in the background accepts logins (returns at
     * once when there is none), and throws what stopped it from starting.
     */
    public static void awaitRunning() {
        EmbeddedDatabase database = running;
        if (database != null) {
            database.server();
        }
    }

    /**
     * Starts a server on a free port; {@code clean} wipes the directory first (tests). Without {@code shutdownHook}
     * the caller stops it, which the server does only after its own shutdown has written what it buffered.
     */
    public static EmbeddedDatabase start(Path directory, boolean clean, boolean shutdownHook) {
        return start(directory, clean, shutdownHook, false);
    }

    /**
     * {@code durable} turns {@code synchronous_commit} back on (the library turns it off for tests): a commit, such as
     * an audit entry, is on disk before the server answers.
     */
    private static EmbeddedDatabase start(Path directory, boolean clean, boolean shutdownHook, boolean durable) {
        EmbeddedDatabase database = begin(directory, clean, shutdownHook, durable, false);
        try {
            database.server();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * Locks the directory and settles its password and port on the calling thread; the server itself starts on a
     * thread of its own when {@code background} is set, so that the application boots meanwhile (a start's first
     * connection waits for it through {@link #awaitRunning}).
     */
    private static EmbeddedDatabase begin(
            Path directory, boolean clean, boolean shutdownHook, boolean durable, boolean background) {
        FileChannel lockChannel = null;
        try {
            Path dataDir = directory.toAbsolutePath().normalize();
            Files.createDirectories(dataDir);
            lockChannel = lock(dataDir);
            EmbeddedDatabaseRecovery.clearLeftovers(dataDir);
            Path passwordFile = dataDir.resolve(EmbeddedDatabaseAuth.PASSWORD_FILE);
            String password =
                    !clean && Files.exists(passwordFile) ? EmbeddedDatabaseAuth.readPassword(dataDir) : newPassword();
            int port = freePort();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(clean)
                    .setRegisterShutdownHook(shutdownHook)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setConnectConfig("password", password)
                    .setDataDirectoryCustomizer(dir -> EmbeddedDatabaseAuth.secure(dir, password));
            CompletableFuture<Server> server = new CompletableFuture<>();
            Runnable starting = () -> startServer(builder, dataDir, server);
            if (background) {
                Thread thread = new Thread(starting, "embedded-postgres-start");
                thread.setDaemon(true);
                thread.start();
            } else {
                starting.run();
            }
            return new EmbeddedDatabase(server, port, password, lockChannel);
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + directory, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static void startServer(EmbeddedPostgres.Builder builder, Path dataDir, CompletableFuture<Server> server) {
        try {
            EmbeddedPostgres postgres = builder.start();
            server.complete(new Server(
                    postgres, EmbeddedDatabaseRecovery.watchdog(dataDir).orElse(null)));
        } catch (IOException e) {
            server.completeExceptionally(
                    new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dataDir, e));
        } catch (RuntimeException | Error e) {
            server.completeExceptionally(e);
        }
    }

    /** The library picks a port the same way when given none; picking it here lets the settings go out at once. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Held for the server's life; the kernel drops it when the JVM dies, however it dies. */
    private static FileChannel lock(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolveSibling(dataDir.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(
                    "Another process uses the embedded PostgreSQL in " + dataDir + " (it holds " + lockFile + ")");
        }
        return channel;
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing the lock file failed", e);
            }
        }
    }

    /** The superuser's password (also in {@code db-password}, mode 0600, in the data directory). */
    public String password() {
        return password;
    }

    public String username() {
        return EmbeddedDatabaseAuth.SUPERUSER;
    }

    public int port() {
        return port;
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port() + "/postgres";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    private void exportConnectionSettings() {
        System.setProperty(REACTIVE_URL, reactiveUrl());
        System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl());
        System.setProperty("quarkus.datasource.username", username());
        System.setProperty("quarkus.datasource.password", password);
    }

    private static Optional<String> setting(String property) {
        String env = property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
        return Optional.ofNullable(System.getProperty(property))
                .or(() -> Optional.ofNullable(System.getenv(env)))
                .filter(value -> !value.isBlank());
    }

    private static String withoutCredentials(String url) {
        return url.replaceAll("//[^@/]*@", "//");
    }

    /** Stops the server that {@link #startUnlessConfigured} started, if any; called last during shutdown. */
    public static void stopRunning() {
        EmbeddedDatabase database = running;
        if (database != null) {
            database.close();
        }
    }

    /** The running server; waits for a start in the background and throws what made it fail. */
    private Server server() {
        try {
            return server.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (lockChannel == null || closed) {
            return;
        }
        closed = true;
        Server started = server.exceptionally(failure -> null).join();
        if (started != null) {
            if (started.watchdog() != null) {
                started.watchdog().destroy();
            }
            try {
                started.postgres().close();
            } catch (IOException e) {
                LOG.warn("The embedded PostgreSQL did not stop cleanly", e);
            }
        }
        closeQuietly(lockChannel);
    }
}

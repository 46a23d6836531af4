package dev.tollgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * What a {@code kill -9} of the JVM leaves behind. PostgreSQL has no parent-death signal, so its server outlives a killed
 * JVM: a watchdog process stops it within a second, and the next start stops any server still running on the
 * directory (and removes a {@code postmaster.pid} that names a dead process or someone else's, which PostgreSQL itself
 * would take for a running server).
 */
final class EmbeddedDatabaseRecovery {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseRecovery.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private EmbeddedDatabaseRecovery() {}

    /** Runs with the directory's lock held, so a server found here is not another live Tollgate's. */
    static void clearLeftovers(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            long pid = lines.isEmpty() ? -1 : parsePid(lines.get(0));
            Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
            if (process.isPresent() && process.get().isAlive() && isServerOf(pid, dataDir)) {
                LOG.warnf("An embedded PostgreSQL (pid %d) outlived its JVM on %s; stopping it", pid, dataDir);
                stop(process.get());
            }
            if (Files.deleteIfExists(pidFile)) {
                LOG.infof("Removed the stale postmaster.pid of pid %d in %s", pid, dataDir);
            }
            removeSocketLock(lines, pid);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot inspect " + pidFile, e);
        }
    }

    private static long parsePid(String line) {
        try {
            return Long.parseLong(line.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The postmaster's command line names its data directory, and it runs with that directory as working directory. */
    static boolean isServerOf(long pid, Path dataDir) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String commandLine = Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
            if (!commandLine.contains("postgres")) {
                return false;
            }
            if (commandLine.contains(dataDir.toString())) {
                return true;
            }
            return Files.readSymbolicLink(proc.resolve("cwd")).equals(dataDir.toRealPath());
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** SIGINT is PostgreSQL's fast shutdown: it rolls back open transactions and writes a checkpoint. */
    private static void stop(ProcessHandle server) throws IOException {
        signal("INT", server.pid());
        if (!awaitExit(server, STOP_WAIT)) {
            LOG.warnf("PostgreSQL (pid %d) did not stop in %s; killing it", server.pid(), STOP_WAIT);
            server.destroyForcibly();
            awaitExit(server, STOP_WAIT);
        }
    }

    private static void signal(String signal, long pid) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while signalling " + pid, e);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Line 4 of postmaster.pid is the port and line 5 the socket directory; the socket's lock file names the pid. */
    private static void removeSocketLock(List<String> lines, long pid) throws IOException {
        if (lines.size() < 5 || lines.get(4).isBlank()) {
            return;
        }
        Path socketLock =
                Path.of(lines.get(4).strip()).resolve(".s.PGSQL." + lines.get(3).strip() + ".lock");
        if (Files.isRegularFile(socketLock)
                && Files.readAllLines(socketLock).stream()
                                .findFirst()
                                .map(EmbeddedDatabaseRecovery::parsePid)
                                .orElse(-1L)
                        == pid) {
            Files.deleteIfExists(socketLock);
            Files.deleteIfExists(
                    socketLock.resolveSibling(".s.PGSQL." + lines.get(3).strip()));
        }
    }

    /**
     * Starts a process that stops the server once this JVM is gone, however it went (a shutdown hook does not run on
     * {@code kill -9}). Best effort: without {@code sh} the next start still stops the orphan.
     */
    static Optional<Process> watchdog(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            String script = "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
                    + "grep -q postgres /proc/\"$2\"/cmdline 2>/dev/null && kill -INT \"$2\"";
            ProcessBuilder builder = new ProcessBuilder(
                    "sh",
                    "-c",
                    script,
                    "tollgate-pg-watchdog",
                    Long.toString(ProcessHandle.current().pid()),
                    lines.get(0).strip());
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
            return Optional.of(builder.start());
        } catch (IOException | RuntimeException e) {
            LOG.debugf("No watchdog for the embedded PostgreSQL: %s", e.getMessage());
            return Optional.empty();
        }
    }
}

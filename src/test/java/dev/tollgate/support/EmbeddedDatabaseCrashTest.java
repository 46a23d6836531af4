package dev.tollgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL after its JVM was killed with {@code kill -9}, and with a stale {@code postmaster.pid}. */
class EmbeddedDatabaseCrashTest {

    /** Runs in a child JVM: starts the server on the directory, prints the postmaster's pid, waits to be killed. */
    public static void main(String[] args) throws Exception {
        EmbeddedDatabase.start(Path.of(args[0]), false, false);
        String pid =
                Files.readAllLines(Path.of(args[0], "postmaster.pid")).get(0).strip();
        System.out.println("READY " + pid);
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }

    @Test
    void startAfterJvmAndWatchdogKilledThenOrphanStoppedAndServerStarts(@TempDir Path temp) throws Exception {
        Path dataDir = temp.resolve("postgres");
        Process child = startChild(dataDir);
        long orphan = readyPid(child);
        child.descendants().filter(p -> p.pid() != orphan && !isPostgres(p)).forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        child.waitFor(30, TimeUnit.SECONDS);
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "the server outlived its JVM");

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, false, true)) {
            assertEquals(1, selectOne(database));
            assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "the orphan was stopped");
        }
    }

    @Test
    void jvmKilledThenWatchdogStopsServer(@TempDir Path temp) throws Exception {
        Path dataDir = temp.resolve("postgres");
        Process child = startChild(dataDir);
        long server = readyPid(child);
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);

        ProcessHandle handle = ProcessHandle.of(server).orElse(null);
        if (handle != null) {
            handle.onExit().get(20, TimeUnit.SECONDS);
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, false, true)) {
            assertEquals(1, selectOne(database));
        }
    }

    @Test
    void startWhenPidFileNamesLiveUnrelatedProcessThenStarts(@TempDir Path temp) throws Exception {
        Path dataDir = temp.resolve("postgres");
        EmbeddedDatabase.start(dataDir, false, true).close();
        long unrelated = ProcessHandle.current().pid(); // alive, and not a postgres: a reused pid
        Files.write(
                dataDir.resolve("postmaster.pid"),
                List.of(
                        Long.toString(unrelated),
                        dataDir.toString(),
                        "1700000000",
                        "5999",
                        "/tmp",
                        "localhost",
                        "  1234567     98304",
                        "ready   "));

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, false, true)) {
            assertEquals(1, selectOne(database));
        }
    }

    private static Process startChild(Path dataDir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedDatabaseCrashTest.class.getName(),
                        dataDir.toString())
                .redirectErrorStream(true)
                .start();
    }

    private static long readyPid(Process child) throws Exception {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("READY ")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        throw new AssertionError("the child JVM exited before its database was ready");
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info()
                .command()
                .map(command -> command.contains("postgres"))
                .orElse(false);
    }

    private static int selectOne(EmbeddedDatabase database) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                ResultSet rows = connection.createStatement().executeQuery("SELECT 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}

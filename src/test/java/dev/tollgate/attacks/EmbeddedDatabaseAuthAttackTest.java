package dev.tollgate.attacks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.support.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threat: a local account on the machine running Tollgate's default (embedded) PostgreSQL logs in as its superuser
 * without a password and runs shell commands as the database's OS user ({@code COPY ... TO PROGRAM}). The server must
 * accept only SCRAM logins with the generated password, listen on loopback only, and convert a data directory that an
 * older version left in trust mode.
 */
class EmbeddedDatabaseAuthAttackTest {

    private static EmbeddedDatabase database;
    private static Path dataDir;

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("tollgate-auth-attack").resolve("postgres");
        database = EmbeddedDatabase.start(dataDir, false, true);
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void tcpLoginWithoutPasswordThenRefused() {
        SQLException refused =
                assertThrows(SQLException.class, () -> connect(database, null).close());
        assertThat(refused.getMessage(), containsString("password"));
    }

    @Test
    void tcpLoginWithWrongPasswordThenRefused() {
        SQLException refused = assertThrows(
                SQLException.class, () -> connect(database, "postgres").close());
        assertThat(refused.getMessage(), containsString("password authentication failed"));
    }

    @Test
    void tcpLoginWithGeneratedPasswordThenWorksAndPasswordFileIsOwnerOnly() throws Exception {
        Path passwordFile = dataDir.resolve("db-password");
        assertThat(Files.readString(passwordFile).strip(), equalTo(database.password()));
        assertThat(database.password().length(), greaterThan(30));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)), equalTo("rw-------"));
        try (Connection connection = connect(database, database.password())) {
            assertThat(query(connection, "SHOW password_encryption"), equalTo("scram-sha-256"));
        }
    }

    @Test
    void socketLoginWithoutPasswordThenRefused() throws Exception {
        String socketDir;
        try (Connection connection = connect(database, database.password())) {
            socketDir = query(connection, "SHOW unix_socket_directories")
                    .split(",")[0]
                    .strip();
        }
        Process psql = new ProcessBuilder(
                        "psql",
                        "-h",
                        socketDir,
                        "-p",
                        Integer.toString(database.port()),
                        "-U",
                        "postgres",
                        "-w",
                        "-d",
                        "postgres",
                        "-c",
                        "COPY (SELECT 1) TO PROGRAM 'true'")
                .redirectErrorStream(true)
                .start();
        String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output, psql.waitFor(), not(equalTo(0)));
        assertThat(output, containsString("password"));
    }

    @Test
    void serverListensOnLoopbackOnly() throws Exception {
        try (Connection connection = connect(database, database.password())) {
            assertThat(query(connection, "SHOW listen_addresses"), equalTo("localhost"));
        }
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
        if (external.isPresent()) {
            try (Socket socket = new Socket()) {
                assertThrows(
                        IOException.class,
                        () -> socket.connect(new InetSocketAddress(external.get(), database.port()), 2000));
            }
        }
    }

    @Test
    void startOnTrustModeDirectoryOfOlderVersionThenPasswordRequiredAndDataKept(@TempDir Path temp) throws Exception {
        Path legacy = temp.resolve("postgres");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                        .setDataDirectory(legacy)
                        .setCleanDataDirectory(false)
                        .start();
                Connection connection = old.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
        }
        assertThat(Files.readString(legacy.resolve("pg_hba.conf")), containsString("trust"));

        try (EmbeddedDatabase migrated = EmbeddedDatabase.start(legacy, false, true)) {
            assertThrows(SQLException.class, () -> connect(migrated, null).close());
            try (Connection connection = connect(migrated, migrated.password())) {
                assertThat(query(connection, "SELECT id FROM kept"), equalTo("42"));
            }
            assertThat(
                    Files.readAllLines(legacy.resolve("pg_hba.conf")).stream()
                            .filter(line -> !line.isBlank() && !line.startsWith("#"))
                            .toList(),
                    everyItem(endsWith("scram-sha-256")));
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(legacy, false, true);
                Connection connection = connect(again, again.password())) {
            assertThat(
                    again.password(),
                    equalTo(Files.readString(legacy.resolve("db-password")).strip()));
            assertThat(query(connection, "SELECT count(*) FROM kept"), equalTo("1"));
        }
    }

    private static Connection connect(EmbeddedDatabase db, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(db.jdbcUrl(), properties);
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}

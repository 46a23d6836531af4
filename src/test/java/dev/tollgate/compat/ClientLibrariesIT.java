package dev.tollgate.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compatibility suite (docs/clients.md "Compatibility matrix"): {@code compat/run.sh} starts the packaged server
 * (failsafe runs after {@code package}) with TLS and drives the Node, Python and Go client libraries against it, one
 * line per check. Java's library is covered in the Maven suite itself ({@code KeyFileClientTest},
 * {@code IdentityPoolCredentialsTest}).
 */
class ClientLibrariesIT {

    private static final long SUITE_TIMEOUT_MINUTES = 10;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    @Test
    void suiteWhenRunAgainstPackagedServerThenNoCheckFails() throws IOException, InterruptedException {
        Path output = Files.createTempFile("compat", ".txt");
        Process suite = new ProcessBuilder("bash", "compat/run.sh")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = suite.waitFor(SUITE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            suite.destroy(); // run.sh stops the server, proxy and issuer it started
            suite.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        lines.forEach(System.out::println);
        List<String> failed =
                lines.stream().filter(line -> line.startsWith("FAIL")).toList();
        assertTrue(finished, "compat/run.sh did not finish within " + SUITE_TIMEOUT_MINUTES + " minutes");
        assertEquals(List.of(), failed, "failing compatibility checks");
        assertTrue(
                lines.stream().anyMatch(line -> line.startsWith("PASS")),
                "no check passed:\n" + String.join("\n", lines));
        assertEquals(0, suite.exitValue(), "compat/run.sh failed:\n" + String.join("\n", lines));
    }
}

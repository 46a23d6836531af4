package dev.tollgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM memory options of docs/operations.md, "Memory", are written in three places: README's start command
 * ({@code bin/tollgate}, which the benchmarks also read), the container image's environment ({@code pom.xml}, Jib) and
 * the Kubernetes deployment. A change to one that misses another would ship an untested memory configuration.
 */
class MemoryOptionsTest {

    @Test
    void theImageAndTheKubernetesDeploymentRunWithTheStartCommandsMemoryOptions() throws IOException {
        String startCommand = Files.readString(Path.of("bin/tollgate"));
        String memoryOptions = only(startCommand, "(?m)^MEMORY_OPTS=\"([^\"]+)\"$");
        String arenas = only(startCommand, "MALLOC_ARENA_MAX=\"\\$\\{MALLOC_ARENA_MAX:-(\\d+)\\}\"");

        String pom = Files.readString(Path.of("pom.xml"));
        assertEquals(memoryOptions, only(pom, "<JAVA_TOOL_OPTIONS>([^<]+)</JAVA_TOOL_OPTIONS>"), "pom.xml (image)");
        assertEquals(arenas, only(pom, "<MALLOC_ARENA_MAX>([^<]+)</MALLOC_ARENA_MAX>"), "pom.xml (image)");

        JsonNode container = new YAMLMapper()
                .readTree(Path.of("k8s/base/deployment.yaml").toFile())
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
        assertEquals(memoryOptions, environment(container, "JAVA_TOOL_OPTIONS"), "k8s/base/deployment.yaml");
        assertEquals(arenas, environment(container, "MALLOC_ARENA_MAX"), "k8s/base/deployment.yaml");
    }

    private static String only(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no " + regex);
        }
        String found = matcher.group(1);
        if (matcher.find()) {
            throw new AssertionError("more than one " + regex);
        }
        return found;
    }

    private static String environment(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        throw new AssertionError(name + " is not set");
    }
}

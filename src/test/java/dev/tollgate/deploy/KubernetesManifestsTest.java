package dev.tollgate.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The manifests under {@code k8s/}: every file parses, each kustomization lists files that exist, and the rendered
 * base and HA overlay keep the invariants docs/operations.md promises (rendered with {@code kubectl kustomize} when
 * kubectl is installed; the HA deployment's own patch is checked either way).
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper YAML = new YAMLMapper();

    @Test
    void everyManifestParsesAndEveryKustomizationResourceExists() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(path -> path.toString().endsWith(".yaml")).toList();
        }
        assertThat(files, not(empty()));
        for (Path file : files) {
            List<JsonNode> documents = documents(Files.readString(file));
            assertFalse(documents.isEmpty(), file.toString());
            documents.forEach(document -> assertTrue(
                    document.has("apiVersion") && document.has("kind"),
                    file + " has a document without apiVersion and kind"));
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                for (JsonNode resource : documents.get(0).path("resources")) {
                    assertTrue(Files.exists(file.resolveSibling(resource.asText())), file + " lists " + resource);
                }
                for (JsonNode patch : documents.get(0).path("patches")) {
                    if (patch.has("path")) {
                        assertTrue(
                                Files.exists(
                                        file.resolveSibling(patch.get("path").asText())),
                                file + " patch");
                    }
                }
            }
        }
    }

    @Test
    void baseDeploymentIsNonRootReadOnlyProbedSizedAndReadsItsSecrets() throws IOException {
        List<JsonNode> base = render("base");
        JsonNode pod = only(base, "Deployment", "tollgate")
                .path("spec")
                .path("template")
                .path("spec");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        JsonNode container = pod.path("containers").get(0);
        assertTrue(
                container.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertFalse(container
                .path("securityContext")
                .path("allowPrivilegeEscalation")
                .asBoolean(true));
        assertEquals(
                "/q/health/ready",
                container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals(
                "/q/health/live",
                container.path("livenessProbe").path("httpGet").path("path").asText());
        assertFalse(container.path("resources").path("requests").path("cpu").isMissingNode());
        assertFalse(container.path("resources").path("requests").path("memory").isMissingNode());
        assertFalse(container.path("resources").path("limits").path("memory").isMissingNode());
        assertThat(
                secretKeys(container),
                hasItems(
                        "tollgate-keys/master-key",
                        "tollgate-keys/api-key-pepper",
                        "tollgate-db-app/password",
                        "tollgate-db-app/username",
                        "tollgate-db-app/host"));
        List<String> mounts = new ArrayList<>();
        container
                .path("volumeMounts")
                .forEach(mount -> mounts.add(mount.path("mountPath").asText()));
        assertThat(mounts, hasItems("/tmp"));
        assertEquals(1, kinds(base, "NetworkPolicy").size());
        assertEquals(1, kinds(base, "PodDisruptionBudget").size());
        assertTrue(find(base, "Secret", "tollgate-db-app").isPresent(), "the base carries a managed-PostgreSQL Secret");
    }

    @Test
    void haOverlayRunsThreeSpreadReplicasKeepsQuorumAndUsesCloudNativePgWithBackups() throws IOException {
        List<JsonNode> ha = render("overlays/ha");
        JsonNode deployment = only(ha, "Deployment", "tollgate");
        assertEquals(3, deployment.path("spec").path("replicas").asInt());
        JsonNode rolling = deployment.path("spec").path("strategy").path("rollingUpdate");
        assertEquals(0, rolling.path("maxUnavailable").asInt(-1));
        assertEquals(1, rolling.path("maxSurge").asInt());
        JsonNode antiAffinity = deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("affinity")
                .path("podAntiAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution")
                .get(0);
        assertEquals("kubernetes.io/hostname", antiAffinity.path("topologyKey").asText());
        assertEquals(
                "tollgate",
                antiAffinity
                        .path("labelSelector")
                        .path("matchLabels")
                        .path("app")
                        .asText());
        assertEquals(
                2,
                only(ha, "PodDisruptionBudget", "tollgate")
                        .path("spec")
                        .path("minAvailable")
                        .asInt());

        JsonNode cluster = only(ha, "Cluster", "tollgate-db");
        assertEquals("postgresql.cnpg.io/v1", cluster.path("apiVersion").asText());
        assertEquals(3, cluster.path("spec").path("instances").asInt());
        assertFalse(cluster.path("spec")
                .path("backup")
                .path("barmanObjectStore")
                .path("destinationPath")
                .asText()
                .isBlank());
        assertEquals(
                "tollgate-db",
                only(ha, "ScheduledBackup", "tollgate-db-daily")
                        .path("spec")
                        .path("cluster")
                        .path("name")
                        .asText());
        assertTrue(find(ha, "Secret", "tollgate-db-app").isEmpty(), "the operator writes tollgate-db-app");
        assertThat(
                kinds(ha, "NetworkPolicy").stream()
                        .map(policy -> policy.path("metadata").path("name").asText())
                        .toList(),
                containsInAnyOrder("tollgate", "tollgate-db"));
    }

    /** {@code kubectl kustomize} when installed; otherwise the directory's own files plus the base's, unpatched. */
    private static List<JsonNode> render(String directory) throws IOException {
        Optional<String> rendered = kubectlKustomize(K8S.resolve(directory));
        if (rendered.isPresent()) {
            return documents(rendered.get());
        }
        List<JsonNode> all = new ArrayList<>();
        List<JsonNode> deleted = new ArrayList<>();
        for (JsonNode patch : documents(Files.readString(K8S.resolve(directory).resolve("kustomization.yaml")))
                .get(0)
                .path("patches")) {
            if (patch.path("patch").asText().contains("$patch: delete")) {
                deleted.addAll(documents(patch.path("patch").asText()));
            }
        }
        for (Path dir : directory.equals("base")
                ? List.of(K8S.resolve("base"))
                : List.of(K8S.resolve("base"), K8S.resolve(directory))) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
                        .sorted()
                        .toList()) {
                    all.addAll(documents(Files.readString(file)));
                }
            }
        }
        return mergeByName(all).stream()
                .filter(document -> find(deleted, document.path("kind").asText(), name(document))
                        .isEmpty())
                .toList();
    }

    /** Without kubectl: a later document of the same kind and name (the overlay's patch) wins field by field. */
    private static List<JsonNode> mergeByName(List<JsonNode> documents) throws IOException {
        List<JsonNode> merged = new ArrayList<>();
        for (JsonNode document : documents) {
            if (document.path("kind").asText().equals("Kustomization")) {
                continue;
            }
            Optional<JsonNode> earlier = find(merged, document.path("kind").asText(), name(document));
            if (earlier.isPresent()) {
                YAML.readerForUpdating(earlier.get()).readValue(document);
            } else {
                merged.add(document.deepCopy());
            }
        }
        return merged;
    }

    private static Optional<String> kubectlKustomize(Path directory) {
        try {
            String kubectl = System.getProperty("tollgate-test.kubectl", "kubectl"); // a missing path: the fallback
            Process process = new ProcessBuilder(kubectl, "kustomize", directory.toString()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return Optional.of(output);
            }
            throw new AssertionError("kubectl kustomize " + directory + " failed: "
                    + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty(); // kubectl not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        ObjectReader reader = YAML.readerFor(JsonNode.class);
        try (var parser = new YAMLFactory().createParser(yaml)) {
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(reader.readValues(parser), 0), false)
                    .map(JsonNode.class::cast)
                    .filter(node -> node != null && !node.isNull() && !node.isEmpty())
                    .toList();
        }
    }

    private static List<String> secretKeys(JsonNode container) {
        List<String> keys = new ArrayList<>();
        container.path("env").forEach(env -> {
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                keys.add(ref.path("name").asText() + "/" + ref.path("key").asText());
            }
        });
        return keys;
    }

    private static List<JsonNode> kinds(List<JsonNode> documents, String kind) {
        return documents.stream()
                .filter(document -> document.path("kind").asText().equals(kind))
                .toList();
    }

    private static Optional<JsonNode> find(List<JsonNode> documents, String kind, String name) {
        return kinds(documents, kind).stream()
                .filter(document -> name(document).equals(name))
                .findFirst();
    }

    private static JsonNode only(List<JsonNode> documents, String kind, String name) {
        assertThat(
                kind + " " + name,
                kinds(documents, kind).stream()
                        .filter(d -> name(d).equals(name))
                        .count(),
                equalTo(1L));
        return find(documents, kind, name).orElseThrow();
    }

    private static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }
}

package dev.tollgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The universe overlay (docs/operations.md "Universe domain, DNS and ingress"): the ingress sends the issuer's host and
 * every service host of the configured universe domain to the one Service, with TLS for each.
 */
class UniverseIngressManifestTest {

    private static final Path OVERLAY = Path.of("k8s/overlays/universe");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void ingressRoutesIssuerAndEveryServiceHostOfTheUniverseToTheOneService() throws IOException {
        JsonNode config = YAML.readTree(
                        OVERLAY.resolve("configmap-universe.yaml").toFile())
                .path("data");
        String domain = config.path("TOLLGATE_UNIVERSE_DOMAIN").asText();
        String issuerHost = config.path("TOLLGATE_ISSUER").asText().replaceFirst("^https://", "");
        Set<String> expected = new TreeSet<>(List.of(
                issuerHost,
                "oauth2." + domain,
                "sts." + domain,
                "iamcredentials." + domain,
                "cloudresourcemanager." + domain));

        JsonNode ingress = YAML.readTree(OVERLAY.resolve("ingress.yaml").toFile());
        Set<String> routed = new TreeSet<>();
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            routed.add(rule.path("host").asText());
            JsonNode path = rule.path("http").path("paths").get(0);
            assertEquals("/", path.path("path").asText());
            assertEquals(
                    "tollgate",
                    path.path("backend").path("service").path("name").asText());
        }
        List<String> tls = new ArrayList<>();
        ingress.path("spec").path("tls").get(0).path("hosts").forEach(host -> tls.add(host.asText()));

        assertEquals(expected, routed);
        assertEquals(expected, new TreeSet<>(tls));
    }
}

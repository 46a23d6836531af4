package dev.tollgate.support;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fails the start on a public name no client could use: every token's {@code iss} and every URL the server prints is
 * built from {@code tollgate.issuer}, and Google's client libraries put {@code tollgate.universe.domain} and
 * {@code tollgate.iam-domain} into host names and emails as they are. A value such as {@code tollgate.example.com:443}
 * or {@code https://example.com} would otherwise surface only as a client failing to verify or reach anything. Quarkus
 * prints a {@link ConfigurationException}'s message alone, without a stack trace.
 */
@ApplicationScoped
public class ServerSettingsCheck {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    void check(@Observes @Priority(Integer.MIN_VALUE + 1) StartupEvent event, TollgateConfig server) {
        List<String> problems =
                problems(server.issuer(), server.iamDomain(), server.universe().domain());
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
    }

    static List<String> problems(String issuer, String iamDomain, Optional<String> universeDomain) {
        List<String> problems = new ArrayList<>();
        issuerProblem(issuer).ifPresent(problems::add);
        domainProblem("tollgate.iam-domain", iamDomain).ifPresent(problems::add);
        universeDomain
                .flatMap(domain -> domainProblem("tollgate.universe.domain", domain))
                .ifPresent(problems::add);
        return problems;
    }

    private static Optional<String> issuerProblem(String issuer) {
        String problem = "tollgate.issuer (" + issuer + ") must be an http or https URL with a host and without query,"
                + " fragment or user info, such as https://tollgate.example.com";
        try {
            URI uri = new URI(issuer);
            boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            boolean plain = uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            return web && uri.getHost() != null && plain ? Optional.empty() : Optional.of(problem);
        } catch (URISyntaxException e) {
            return Optional.of(problem);
        }
    }

    private static Optional<String> domainProblem(String setting, String domain) {
        return DOMAIN.matcher(domain).matches()
                ? Optional.empty()
                : Optional.of(setting + " (" + domain + ") must be a lower-case DNS name without scheme, port or path,"
                        + " such as tollgate.example.com");
    }
}

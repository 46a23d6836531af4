package dev.tollgate.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Server-wide settings; each feature has its own mapping for the rest. */
@ConfigMapping(prefix = "tollgate")
public interface TollgateConfig {

    /** Public base URL; every absolute URL the server prints is built from it. Default {@code http://localhost:8080}. */
    @WithDefault("http://localhost:8080")
    String issuer();

    /** Domain of service-account emails and federated principals. Default {@code tollgate.local}. */
    @WithDefault("tollgate.local")
    String iamDomain();

    /** Where the embedded database, the generated master key and the bootstrap key live. Default {@code data}. */
    @WithDefault("data")
    Path dataDir();

    Bootstrap bootstrap();

    Universe universe();

    interface Bootstrap {
        /** Organization created on first start with an empty database. Default {@code default}. */
        @WithDefault("default")
        String organization();

        /** Members granted {@code roles/admin} on it, e.g. {@code user:alice@example.com}. Default none. */
        Optional<List<String>> admins();

        /** Where the first start writes the API key of {@code bootstrap-admin}. Default {@code <data-dir>/bootstrap-admin.key}. */
        Optional<Path> apiKeyFile();
    }

    /**
     * Google's "universe": the domain its client libraries derive service host names from ({@code oauth2.{domain}},
     * {@code sts.{domain}}, {@code iamcredentials.{domain}}, {@code cloudresourcemanager.{domain}}; docs/api.md
     * "Universe domain and host names").
     */
    interface Universe {
        /**
         * The universe domain key files and credential configurations name, whose service host names reach this
         * server. Default none: key files say {@code googleapis.com}, credential configurations the IAM domain.
         */
        Optional<String> domain();
    }

    /** The host name of a service of the universe, e.g. {@code oauth2.example.com}; empty without a universe. */
    default Optional<String> universeHost(String service) {
        return universe().domain().map(domain -> service + "." + domain);
    }

    /** The issuer without a trailing slash. */
    default String baseUrl() {
        String issuer = issuer();
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}

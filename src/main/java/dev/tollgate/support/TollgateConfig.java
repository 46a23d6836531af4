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

    interface Bootstrap {
        /** Organization created on first start with an empty database. Default {@code default}. */
        @WithDefault("default")
        String organization();

        /** Members granted {@code roles/admin} on it, e.g. {@code user:alice@example.com}. Default none. */
        Optional<List<String>> admins();

        /** Where the first start writes the API key of {@code bootstrap-admin}. Default {@code <data-dir>/bootstrap-admin.key}. */
        Optional<Path> apiKeyFile();
    }

    /** The issuer without a trailing slash. */
    default String baseUrl() {
        String issuer = issuer();
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}

package dev.tollgate.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The external OIDC identity provider for human users (quarkus-oidc's default tenant is built from it). */
@ConfigMapping(prefix = "tollgate.users")
public interface UsersConfig {

    /** Whether users' tokens are accepted. Default false. */
    @WithDefault("false")
    boolean enabled();

    /** The provider's issuer URL; tokens must carry it as {@code iss}. */
    Optional<String> issuer();

    /** The {@code aud} users' tokens must carry. Default {@code tollgate}. */
    @WithDefault("tollgate")
    String audience();

    /** The claim that names the user; the caller becomes {@code user:{value}}. Default {@code email}. */
    @WithDefault("email")
    String emailClaim();
}

package dev.tollgate.federation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/** Claim sets of real identity providers (src/test/resources/idp-claims) and a default configuration for unit tests. */
public final class Fixtures {

    public static final String GITHUB = "github-actions.json";
    public static final String GITLAB = "gitlab-ci.json";
    public static final String KUBERNETES = "kubernetes-projected-sa.json";

    private Fixtures() {}

    public static Map<String, Object> claims(String fixture) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/idp-claims/" + fixture)) {
            return JsonUtil.parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static FederationConfig config(int costLimit) {
        return config(costLimit, Set.of());
    }

    public static FederationConfig config(int costLimit, Set<String> allowedPrivateHosts) {
        return new FederationConfig() {
            public boolean allowInsecureIssuers() {
                return false;
            }

            public Optional<Set<String>> allowedPrivateHosts() {
                return Optional.of(allowedPrivateHosts);
            }

            public int maxClaimDepth() {
                return 16;
            }

            public Duration clockSkew() {
                return Duration.ofSeconds(60);
            }

            public Duration maxTokenLifetime() {
                return Duration.ofHours(48);
            }

            public int maxTokenSize() {
                return 16384;
            }

            public Duration deletedRetention() {
                return Duration.ofDays(30);
            }

            public Jwks jwks() {
                return null;
            }

            public Cel cel() {
                return new Cel() {
                    public int costLimit() {
                        return costLimit;
                    }

                    public int maxExpressionLength() {
                        return 4096;
                    }

                    public int maxComprehensionNesting() {
                        return 2;
                    }

                    public int maxValueSize() {
                        return 16384;
                    }

                    public Duration timeout() {
                        return Duration.ofMillis(500);
                    }
                };
            }
        };
    }
}

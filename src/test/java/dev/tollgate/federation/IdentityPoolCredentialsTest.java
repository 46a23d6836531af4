package dev.tollgate.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdentityPoolCredentials;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.TestIdentityProviders;
import dev.tollgate.testing.TestIssuer;
import dev.tollgate.testing.TestTls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Google client (google-auth-library-oauth2-http {@link IdentityPoolCredentials}) against Tollgate over
 * HTTPS: a GitHub Actions-shaped token in a file, the {@code external_account} configuration served by
 * {@code :credentialConfig}, {@code refresh()} → a federated access token that Tollgate accepts as a caller, and with
 * {@code service_account_impersonation_url} the service account's own token through {@code generateAccessToken}.
 */
@QuarkusTest
class IdentityPoolCredentialsTest {

    private static final String REPOSITORY = "octo-org/octo-repo";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @TempDir
    Path directory;

    private final TestIssuer github = TestIdentityProviders.issuer("github");
    private FederationApi api;
    private String pool;
    private String provider;

    @BeforeEach
    void setUp() {
        api = FederationApi.freshProject();
        pool = api.createPool();
        provider = api.createProvider(
                pool,
                FederationApi.oidc(
                        github.url(),
                        List.of(),
                        Map.of("google.subject", "assertion.sub", "attribute.repository", "assertion.repository"),
                        "assertion.repository_owner == 'octo-org'"));
    }

    @Test
    void refreshWhenGithubTokenInFileThenFederatedTokenThatActsAsCaller() throws IOException {
        Api.bind(
                "projects/" + api.projectId,
                "roles/viewer",
                "principalSet://iam.tollgate.local/projects/"
                        + api.projectNumber + "/locations/global/workloadIdentityPools/" + pool
                        + "/attribute.repository/"
                        + REPOSITORY);
        GoogleCredentials credentials = credentials(githubToken(Map.of()), null);
        assertThat(credentials instanceof IdentityPoolCredentials, equalTo(true));

        credentials.refresh();
        AccessToken token = credentials.getAccessToken();

        assertThat(token.getExpirationTime().toInstant().isAfter(Instant.now().plusSeconds(3000)), equalTo(true));
        Map<String, Object> claims = FederatedTokenTest.payload(token.getTokenValue());
        assertThat(
                claims.get("sub"),
                equalTo("principal://iam.tollgate.local/projects/" + api.projectNumber
                        + "/locations/global/workloadIdentityPools/" + pool
                        + "/subject/repo:octo-org/octo-repo:environment:prod"));
        assertThat((String) claims.get("scope"), startsWith("https://www.googleapis.com/auth/cloud-platform"));
        given().auth()
                .oauth2(token.getTokenValue())
                .contentType("application/json")
                .body(Map.of("permissions", List.of("projects.get")))
                .post("/v1/projects/" + api.projectId + ":testIamPermissions")
                .then()
                .statusCode(200)
                .body("permissions", hasItem("projects.get"));
    }

    @Test
    void refreshWhenImpersonationUrlThenServiceAccountToken() throws IOException {
        FederationApi.Account account = FederationApi.createServiceAccount();
        Api.bind(
                account.resource(),
                "roles/iam.workloadIdentityUser",
                "principalSet://iam.tollgate.local/projects/"
                        + api.projectNumber + "/locations/global/workloadIdentityPools/" + pool
                        + "/attribute.repository/"
                        + REPOSITORY);
        GoogleCredentials credentials = credentials(githubToken(Map.of()), account.email());

        credentials.refresh();
        AccessToken token = credentials.getAccessToken();

        Map<String, Object> claims = FederatedTokenTest.payload(token.getTokenValue());
        assertThat(claims.get("sub"), equalTo(account.uniqueId()));
        assertThat(claims.get("email"), equalTo(account.email()));
        assertThat(token.getExpirationTime().toInstant().isAfter(Instant.now().plusSeconds(3000)), equalTo(true));
    }

    @Test
    void refreshWhenPrincipalNotBoundToAccountThenClientFails() throws IOException {
        FederationApi.Account account = FederationApi.createServiceAccount();
        GoogleCredentials credentials = credentials(githubToken(Map.of()), account.email());
        IOException e = assertThrows(IOException.class, credentials::refresh);
        assertThat(String.valueOf(status(e)), equalTo("403"));
    }

    @Test
    void refreshWhenConditionRejectsTokenThenClientFailsWithUnauthorizedClient() throws IOException {
        GoogleCredentials credentials = credentials(githubToken(Map.of("repository_owner", "someone-else")), null);
        IOException e = assertThrows(IOException.class, credentials::refresh);
        assertThat(e.getMessage().contains("unauthorized_client"), equalTo(true));
    }

    /**
     * The configuration Tollgate serves (with {@code service_account_impersonation_url} when {@code serviceAccount}
     * is given), pointed at the HTTPS listener of the test, read by the Google client.
     */
    private GoogleCredentials credentials(String subjectToken, String serviceAccount) throws IOException {
        Path tokenFile = directory.resolve("github-token");
        Files.writeString(tokenFile, subjectToken);
        var request = Api.asAdmin().queryParam("credentialSource", "file:" + tokenFile);
        if (serviceAccount != null) {
            request = request.queryParam("serviceAccount", serviceAccount);
        }
        String config = request.get(api.provider(pool, provider) + ":credentialConfig")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String tokenUrl = JsonPath.from(config).getString("token_url");
        String base = tokenUrl.substring(0, tokenUrl.indexOf("/v1/token"));
        String httpsBase = https.toString().replaceAll("/$", "");
        HttpTransportFactory transport = () -> {
            try {
                return new NetHttpTransport.Builder()
                        .trustCertificates(TestTls.trustStore())
                        .build();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
        return GoogleCredentials.fromStream(
                new ByteArrayInputStream(config.replace(base, httpsBase).getBytes(StandardCharsets.UTF_8)), transport);
    }

    /** The HTTP status the client failed with, from the cause chain. */
    private static Integer status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException http) {
                return http.getStatusCode();
            }
        }
        throw new AssertionError("no HTTP status in " + failure, failure);
    }

    private String githubToken(Map<String, Object> overrides) {
        Map<String, Object> claims = github.fresh(Fixtures.claims(Fixtures.GITHUB));
        claims.put("aud", api.audience(pool, provider));
        claims.putAll(overrides);
        return github.sign("RS256", Map.of(), claims);
    }
}

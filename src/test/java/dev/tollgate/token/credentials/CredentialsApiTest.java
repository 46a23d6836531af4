package dev.tollgate.token.credentials;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.iam.AllowPolicy;
import dev.tollgate.iam.AllowPolicyStore;
import dev.tollgate.iam.Caller;
import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.PublishedKey;
import dev.tollgate.keys.signing.KeyRing;
import dev.tollgate.serviceaccount.TestServiceAccounts;
import dev.tollgate.support.ApiException;
import dev.tollgate.support.RpcStatus;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.OnVertx;
import dev.tollgate.testing.TestClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CredentialsApiTest {

    private static final String TOKEN_CREATOR = "roles/iam.serviceAccountTokenCreator";
    private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    @Inject
    AllowPolicyStore policies;

    @Inject
    KeyRing ring;

    @Inject
    TestClock clock;

    @Inject
    CredentialsService service;

    /** One organization and team for the class: callers and accounts are fresh per test, so tests stay apart. */
    private static String org;

    private static String team;
    /** The account of the signing tests, whose first use makes its system-managed keys (RSA key generation). */
    private static Account signingAccount;

    private String caller;
    private Account target;

    @BeforeEach
    void setUp() {
        if (org == null) {
            org = Api.createOrganization();
            team = Api.createTeam(org);
            signingAccount = inTeam(team);
        }
        caller = Api.uniqueId("alice") + "@example.com";
        target = inTeam(team);
    }

    /** A service account created over HTTP; {@code resource()} is what its IAM policy hangs on. */
    record Account(String name, String email, String uniqueId, String home) {

        static Account of(JsonPath created, String home) {
            return new Account(
                    created.getString("name"), created.getString("email"), created.getString("uniqueId"), home);
        }

        String resource() {
            return home + "/serviceAccounts/" + uniqueId;
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    // generateAccessToken

    @Test
    void generateAccessTokenWhenTokenCreatorThenTokenVerifiesWithPublishedKeys() throws Exception {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        Map<String, Object> body = call(
                        caller,
                        target.email(),
                        "generateAccessToken",
                        Map.of("scope", List.of(SCOPE), "lifetime", "1800s"))
                .statusCode(200)
                .body("expireTime", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .extract()
                .jsonPath()
                .getMap("");

        JwtClaims claims = serverTokens().processToClaims((String) body.get("accessToken"));
        assertEquals(target.uniqueId(), claims.getSubject());
        assertEquals(target.email(), claims.getStringClaimValue("email"));
        assertEquals(SCOPE, claims.getStringClaimValue("scope"));
        assertEquals(org, claims.getStringClaimValue("org"));
        assertEquals(team, claims.getStringClaimValue("team"));
        assertEquals("user:" + caller, claims.getClaimValue("act", Map.class).get("sub"));
        assertEquals(
                Instant.parse((String) body.get("expireTime")).getEpochSecond(),
                claims.getExpirationTime().getValue());
        assertEquals(
                1800,
                claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization((String) body.get("accessToken"));
        assertEquals("at+jwt", jws.getHeader("typ"));
    }

    @Test
    void generateAccessTokenWhenUniqueIdInPathAndAnyProjectThenOk() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        Api.as(caller)
                .urlEncodingEnabled(false)
                .body(Map.of("scope", List.of(SCOPE)))
                .post("/v1/projects/whatever/serviceAccounts/" + target.uniqueId() + "%3AgenerateAccessToken")
                .then()
                .statusCode(200)
                .body("accessToken", matchesPattern("[^.]+\\.[^.]+\\.[^.]+"));
    }

    @Test
    void generateAccessTokenWhenOrgScopedAccountThenTokenWritesToDefaultTeam() throws Exception {
        Account orgAccount = Account.of(TestServiceAccounts.orgScoped(org, team), "organizations/" + org);
        Api.bind("organizations/" + org, TOKEN_CREATOR, "user:" + caller);

        String token = call(caller, orgAccount.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(200)
                .extract()
                .path("accessToken");

        JwtClaims claims = serverTokens().processToClaims(token);
        assertEquals(team, claims.getStringClaimValue("team"));
        assertEquals(
                3600,
                claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
    }

    @Test
    void generateAccessTokenWhenAccountLevelBindingThenOkAndOtherAccountsDenied() {
        bindOn(target, TOKEN_CREATOR, "user:" + caller);
        Account other = inTeam(team);

        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(200);
        call(caller, other.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
    }

    @Test
    void generateAccessTokenWhenNoBindingThenPermissionDenied() {
        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"))
                .body("error.message", containsString("iam.serviceAccounts.getAccessToken"));
    }

    @Test
    void generateAccessTokenWhenOnlyServiceAccountUserThenPermissionDenied() {
        Api.bind("teams/" + team, "roles/iam.serviceAccountUser", "user:" + caller);

        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
    }

    @Test
    void generateAccessTokenWhenScopeMissingThenInvalidArgument() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        call(caller, target.email(), "generateAccessToken", Map.of("lifetime", "60s"))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void generateAccessTokenWhenLifetimeOverOneHourThenInvalidArgumentNamingLimit() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE), "lifetime", "3601s"))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("3600s"))
                .body("error.message", containsString("iam.allowServiceAccountCredentialLifetimeExtension"));
    }

    @Test
    void generateAccessTokenWhenLifetimeOverTwelveHoursThenInvalidArgument() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE), "lifetime", "43201s"))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("43200s"));
    }

    @Test
    void generateAccessTokenWhenLifetimeMalformedThenInvalidArgument() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        for (String lifetime : List.of("1h", "0s", "-5s", "3600")) {
            call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE), "lifetime", lifetime))
                    .statusCode(400)
                    .body("error.status", equalTo("INVALID_ARGUMENT"));
        }
    }

    @Test
    void generateAccessTokenWhenPolicyListsAccountThenTwelveHoursAllowed() throws Exception {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);
        Api.asAdmin()
                .body(Map.of(
                        "spec",
                        Map.of("rules", List.of(Map.of("values", Map.of("allowedValues", List.of(target.email())))))))
                .put("/v1/organizations/" + org + "/policies/iam.allowServiceAccountCredentialLifetimeExtension")
                .then()
                .statusCode(200);

        String token = call(
                        caller,
                        target.email(),
                        "generateAccessToken",
                        Map.of("scope", List.of(SCOPE), "lifetime", "43200s"))
                .statusCode(200)
                .extract()
                .path("accessToken");

        JwtClaims claims = serverTokens().processToClaims(token);
        assertEquals(
                43200,
                claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE), "lifetime", "43201s"))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    // delegation

    @Test
    void generateAccessTokenWhenDelegationChainCompleteThenOk() throws Exception {
        Account first = inTeam(team);
        Account second = inTeam(team);
        bindOn(first, TOKEN_CREATOR, "user:" + caller);
        bindOn(second, TOKEN_CREATOR, "serviceAccount:" + first.email());
        bindOn(target, TOKEN_CREATOR, "serviceAccount:" + second.email());

        String token = call(
                        caller,
                        target.email(),
                        "generateAccessToken",
                        Map.of(
                                "scope",
                                List.of(SCOPE),
                                "delegates",
                                List.of("projects/-/serviceAccounts/" + first.email(), second.uniqueId())))
                .statusCode(200)
                .extract()
                .path("accessToken");

        assertEquals(target.uniqueId(), serverTokens().processToClaims(token).getSubject());
    }

    @Test
    void generateAccessTokenWhenDelegateLacksPermissionOnTargetThenPermissionDeniedNamingLink() {
        Account delegate = inTeam(team);
        bindOn(delegate, TOKEN_CREATOR, "user:" + caller);
        bindOn(target, "roles/iam.serviceAccountUser", "serviceAccount:" + delegate.email());

        call(
                        caller,
                        target.email(),
                        "generateAccessToken",
                        Map.of("scope", List.of(SCOPE), "delegates", List.of(delegate.email())))
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"))
                .body("error.message", containsString("link 2 of 2"))
                .body("error.message", containsString("serviceAccount:" + delegate.email()));
    }

    @Test
    void generateAccessTokenWhenCallerLacksImplicitDelegationOnFirstDelegateThenPermissionDenied() {
        Account delegate = inTeam(team);
        bindOn(delegate, "roles/iam.serviceAccountOpenIdTokenCreator", "user:" + caller);
        bindOn(target, TOKEN_CREATOR, "serviceAccount:" + delegate.email());
        bindOn(target, TOKEN_CREATOR, "user:" + caller);

        call(
                        caller,
                        target.email(),
                        "generateAccessToken",
                        Map.of("scope", List.of(SCOPE), "delegates", List.of(delegate.email())))
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"))
                .body("error.message", containsString("iam.serviceAccounts.implicitDelegation"))
                .body("error.message", containsString("link 1 of 2"));
    }

    @Test
    void generateAccessTokenWhenDelegateUnknownThenNotFound() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        call(
                        caller,
                        target.email(),
                        "generateAccessToken",
                        Map.of("scope", List.of(SCOPE), "delegates", List.of("nobody@nowhere.team.tollgate.local")))
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
    }

    @Test
    void generateAccessTokenWhenDelegateDisabledThenFailedPrecondition() {
        Account delegate = inTeam(team);
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);
        Api.bind("teams/" + team, TOKEN_CREATOR, "serviceAccount:" + delegate.email());
        disable(delegate);

        call(
                        caller,
                        target.email(),
                        "generateAccessToken",
                        Map.of("scope", List.of(SCOPE), "delegates", List.of(delegate.email())))
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString("is disabled"));
    }

    @Test
    void generateAccessTokenWhenDelegateMalformedThenInvalidArgument() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        call(
                        caller,
                        target.email(),
                        "generateAccessToken",
                        Map.of("scope", List.of(SCOPE), "delegates", List.of("not-an-account")))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    // target state and authentication

    @Test
    void generateAccessTokenWhenTargetDisabledThenFailedPrecondition() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);
        disable(target);

        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", containsString("is disabled"));
    }

    @Test
    void generateAccessTokenWhenTargetDisabledAndCallerUnauthorizedThenPermissionDenied() {
        disable(target);

        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
    }

    @Test
    void generateAccessTokenWhenTargetDeletedOrUnknownThenNotFound() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);
        Api.asAdmin().delete("/v1/" + target.name()).then().statusCode(200);

        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        call(caller, "999999999999999999999", "signBlob", Map.of("payload", "aGk="))
                .statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
    }

    @Test
    void credentialsWhenNoOrForgedBearerThenUnauthenticated() {
        for (String verb : List.of("generateAccessToken", "generateIdToken", "signBlob", "signJwt")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of())
                    .post("/v1/projects/-/serviceAccounts/" + target.email() + ":" + verb)
                    .then()
                    .statusCode(401)
                    .body("error.status", equalTo("UNAUTHENTICATED"));
        }
        given().auth()
                .oauth2("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
                .contentType(ContentType.JSON)
                .body(Map.of("scope", List.of(SCOPE)))
                .post("/v1/projects/-/serviceAccounts/" + target.email() + ":generateAccessToken")
                .then()
                .statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void generateAccessTokenWhenRefusedAndWhenIssuedThenAudited() throws Exception {
        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(403);
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);
        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(200);

        List<Map<String, Object>> entries = auditEntries("GenerateAccessToken", 2);
        assertEquals(
                List.of("OK", "PERMISSION_DENIED"),
                entries.stream().map(e -> e.get("result")).toList());
        entries.forEach(entry -> {
            assertEquals("user:" + caller, entry.get("principal"));
            assertEquals(target.name(), entry.get("resource"));
            assertFalse(((String) entry.get("details")).contains("eyJ"), "no token in the audit log");
        });
    }

    @Test
    void generateAccessTokenWhenFederatedPrincipalBoundAsWorkloadIdentityUserThenOkButNoSigning() throws Throwable {
        String pool = "principalSet://iam.tollgate.local/projects/123/locations/global/workloadIdentityPools/"
                + Api.uniqueId("pool");
        Caller federated = Caller.federated(
                pool.replace("principalSet://", "principal://") + "/subject/repo:o/r", Set.of(pool + "/*"));
        bindOn(target, "roles/iam.workloadIdentityUser", pool + "/*");

        CredentialsRequests.AccessTokenView view = OnVertx.await(() -> service.generateAccessToken(
                federated, target.email(), new CredentialsRequests.GenerateAccessToken(null, List.of(SCOPE), null)));

        assertEquals(
                target.uniqueId(),
                serverTokens().processToClaims(view.accessToken()).getSubject());
        ApiException denied = assertThrows(
                ApiException.class,
                () -> OnVertx.await(() ->
                        service.signBlob(federated, target.email(), new CredentialsRequests.SignBlob(null, "aGk="))));
        assertEquals(RpcStatus.PERMISSION_DENIED, denied.status());
    }

    // machine callers

    @Test
    void generateAccessTokenWhenCallerIsServiceAccountByApiKeyThenOkWithoutActor() throws Exception {
        Account ci = inTeam(team);
        String apiKey = TestServiceAccounts.apiKey(ci.name());
        bindOn(target, TOKEN_CREATOR, "serviceAccount:" + ci.email());
        Account other = inTeam(team);

        String token = TestServiceAccounts.withKey(apiKey)
                .body(Map.of("scope", List.of(SCOPE)))
                .post("/v1/projects/-/serviceAccounts/" + target.email() + ":generateAccessToken")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");

        JwtClaims claims = serverTokens().processToClaims(token);
        assertEquals(target.uniqueId(), claims.getSubject());
        assertFalse(claims.hasClaim("act"), "machine callers are not attributed");
        TestServiceAccounts.withKey(apiKey)
                .body(Map.of("scope", List.of(SCOPE)))
                .post("/v1/projects/-/serviceAccounts/" + other.email() + ":generateAccessToken")
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"))
                .body("error.message", containsString("serviceAccount:" + ci.email()));
    }

    @Test
    void generateIdTokenWhenCallerHoldsClientCredentialsAccessTokenThenOk() throws Exception {
        Account ci = inTeam(team);
        String apiKey = TestServiceAccounts.apiKey(ci.name());
        bindOn(target, "roles/iam.serviceAccountOpenIdTokenCreator", "serviceAccount:" + ci.email());
        String accessToken = given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", ci.email())
                .formParam("client_secret", apiKey)
                .post("/oauth2/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");

        String token = given().auth()
                .oauth2(accessToken)
                .contentType(ContentType.JSON)
                .body(Map.of("audience", "https://service.example"))
                .post("/v1/projects/-/serviceAccounts/" + target.uniqueId() + ":generateIdToken")
                .then()
                .statusCode(200)
                .extract()
                .path("token");

        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKeyResolver(serverKeys())
                .setExpectedAudience("https://service.example")
                .setRequireExpirationTime()
                .build()
                .processToClaims(token);
        assertEquals(target.uniqueId(), claims.getSubject());
        given().auth()
                .oauth2(accessToken)
                .contentType(ContentType.JSON)
                .body(Map.of("payload", "aGk="))
                .post("/v1/projects/-/serviceAccounts/" + target.uniqueId() + ":signBlob")
                .then()
                .statusCode(403)
                .body("error.status", equalTo("PERMISSION_DENIED"));
    }

    @Test
    void generateAccessTokenWhenIssuedThenAccountLastUsedTimeSetAndNotWhenRefused() {
        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(403);
        Api.asAdmin().get("/v1/" + target.name()).then().statusCode(200).body("lastUsedTime", nullValue());

        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);
        call(caller, target.email(), "generateAccessToken", Map.of("scope", List.of(SCOPE)))
                .statusCode(200);

        Api.asAdmin().get("/v1/" + target.name()).then().statusCode(200).body("lastUsedTime", notNullValue());
    }

    // generateIdToken

    @Test
    void generateIdTokenWhenIncludeEmailAsStringAndUnknownFieldThenTokenWithEmail() throws Exception {
        Api.bind("teams/" + team, "roles/iam.serviceAccountOpenIdTokenCreator", "user:" + caller);

        String token = call(
                        caller,
                        target.email(),
                        "generateIdToken",
                        Map.of("audience", "https://service.example", "includeEmail", "true", "useEmailAzp", true))
                .statusCode(200)
                .extract()
                .path("token");

        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKeyResolver(serverKeys())
                .setExpectedAudience("https://service.example")
                .setRequireExpirationTime()
                .build()
                .processToClaims(token);
        assertEquals(target.uniqueId(), claims.getSubject());
        assertEquals(target.uniqueId(), claims.getStringClaimValue("azp"));
        assertEquals(target.email(), claims.getStringClaimValue("email"));
        assertEquals(Boolean.TRUE, claims.getClaimValue("email_verified"));
    }

    @Test
    void generateIdTokenWhenFormBodyAsJavaLibrarySendsThenTokenWithEmail() throws Exception {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);
        String path = "/v1/projects/-/serviceAccounts/" + target.email() + ":generateIdToken";

        String token = Api.as(caller)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("audience", "https://service.example")
                .formParam("includeEmail", "true")
                .formParam("useEmailAzp", "true")
                .post(path)
                .then()
                .statusCode(200)
                .extract()
                .path("token");

        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKeyResolver(serverKeys())
                .setExpectedAudience("https://service.example")
                .build()
                .processToClaims(token);
        assertEquals(target.email(), claims.getClaimValueAsString("email"));
        Api.as(caller)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("audience", "a")
                .formParam("includeEmail", "yes")
                .post(path)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        Api.as(caller)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("includeEmail", "true")
                .post(path)
                .then()
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void generateIdTokenWhenIncludeEmailFalseThenNoEmail() throws Exception {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        String token = call(
                        caller, target.email(), "generateIdToken", Map.of("audience", "aud-1", "includeEmail", "false"))
                .statusCode(200)
                .extract()
                .path("token");

        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKeyResolver(serverKeys())
                .setExpectedAudience("aud-1")
                .build()
                .processToClaims(token);
        assertFalse(claims.hasClaim("email"));
    }

    @Test
    void generateIdTokenWhenAudienceMissingThenInvalidArgument() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        call(caller, target.email(), "generateIdToken", Map.of("includeEmail", true))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void generateIdTokenWhenOnlyAccessTokenPermissionMissingThenStillNeedsOpenIdPermission() {
        Api.bind("teams/" + team, "roles/iam.serviceAccountUser", "user:" + caller);

        call(caller, target.email(), "generateIdToken", Map.of("audience", "a"))
                .statusCode(403)
                .body("error.message", containsString("iam.serviceAccounts.getOpenIdToken"));
    }

    // signBlob

    @Test
    void signBlobWhenTokenCreatorThenSignatureVerifiesWithAccountKey() throws Exception {
        target = signingAccount;
        bindOn(target, TOKEN_CREATOR, "user:" + caller);
        byte[] payload = "the bytes to sign".getBytes(StandardCharsets.UTF_8);

        Map<String, Object> body = call(
                        caller,
                        target.email(),
                        "signBlob",
                        Map.of("payload", Base64.getEncoder().encodeToString(payload)))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");

        PublishedKey key = accountKey((String) body.get("keyId"));
        Signature verifier = Signature.getInstance(key.algorithm().jwsSignature());
        verifier.initVerify(key.publicKey());
        verifier.update(payload);
        assertTrue(verifier.verify(Base64.getDecoder().decode((String) body.get("signedBlob"))));
    }

    @Test
    void signBlobWhenPayloadNotBase64OrMissingThenInvalidArgument() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        call(caller, target.email(), "signBlob", Map.of("payload", "not base64!"))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        call(caller, target.email(), "signBlob", Map.of())
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void signBlobWhenOnlyOpenIdTokenCreatorThenPermissionDenied() {
        Api.bind("teams/" + team, "roles/iam.serviceAccountOpenIdTokenCreator", "user:" + caller);

        call(caller, target.email(), "signBlob", Map.of("payload", "aGk="))
                .statusCode(403)
                .body("error.message", containsString("iam.serviceAccounts.signBlob"));
    }

    // signJwt

    @Test
    void signJwtWhenExpAndIatMissingThenDefaultedAndSignedByAccountKey() throws Exception {
        target = signingAccount;
        bindOn(target, TOKEN_CREATOR, "user:" + caller);
        long now = clock.instant().getEpochSecond();

        Map<String, Object> body = call(
                        caller,
                        target.email(),
                        "signJwt",
                        Map.of("payload", "{\"iss\":\"" + target.email() + "\",\"aud\":\"x\"}"))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization((String) body.get("signedJwt"));
        assertEquals(body.get("keyId"), jws.getKeyIdHeaderValue());
        jws.setKey(accountKey((String) body.get("keyId")).publicKey());
        assertTrue(jws.verifySignature());
        JwtClaims claims = JwtClaims.parse(jws.getPayload());
        assertEquals(target.email(), claims.getIssuer());
        long exp = claims.getExpirationTime().getValue();
        assertTrue(exp >= now + 3600 && exp <= now + 3605, "exp " + exp + " is now+1h");
        long iat = claims.getIssuedAt().getValue();
        assertTrue(iat >= now && iat <= now + 5, "iat " + iat + " is now");
    }

    @Test
    void signJwtWhenExpMoreThanTwelveHoursAheadThenInvalidArgument() {
        target = signingAccount;
        bindOn(target, TOKEN_CREATOR, "user:" + caller);
        long now = clock.instant().getEpochSecond();

        call(caller, target.email(), "signJwt", Map.of("payload", "{\"exp\":" + (now + 12 * 3600 + 60) + "}"))
                .statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        call(caller, target.email(), "signJwt", Map.of("payload", "{\"exp\":" + (now + 11 * 3600) + "}"))
                .statusCode(200);
    }

    @Test
    void signJwtWhenExpWithinTwelveHoursOfMovedClockThenAccepted() {
        target = signingAccount;
        bindOn(target, TOKEN_CREATOR, "user:" + caller);
        long farExp = clock.instant().plus(Duration.ofHours(20)).getEpochSecond();
        call(caller, target.email(), "signJwt", Map.of("payload", "{\"exp\":" + farExp + "}"))
                .statusCode(400);

        clock.advance(Duration.ofHours(10));

        call(caller, target.email(), "signJwt", Map.of("payload", "{\"exp\":" + farExp + "}"))
                .statusCode(200);
    }

    @Test
    void signJwtWhenPayloadNotJsonObjectThenInvalidArgument() {
        Api.bind("teams/" + team, TOKEN_CREATOR, "user:" + caller);

        for (String payload :
                List.of("not json", "[1,2]", "\"text\"", "{\"a\":1} trailing", "{\"exp\":\"soon\"}", "")) {
            call(caller, target.email(), "signJwt", Map.of("payload", payload))
                    .statusCode(400)
                    .body("error.status", equalTo("INVALID_ARGUMENT"));
        }
    }

    // helpers

    private static Account inTeam(String team) {
        return Account.of(TestServiceAccounts.create("teams/" + team, null), "teams/" + team);
    }

    private static void disable(Account account) {
        Api.asAdmin().post("/v1/" + account.name() + ":disable").then().statusCode(200);
    }

    private static ValidatableResponse call(String email, String account, String verb, Map<String, ?> body) {
        return Api.as(email)
                .body(body)
                .post("/v1/projects/-/serviceAccounts/" + account + ":" + verb)
                .then();
    }

    private void bindOn(Account account, String role, String member) {
        try {
            OnVertx.await(() -> Panache.withTransaction(() -> policies.get(account.resource())
                    .flatMap(policy -> {
                        List<AllowPolicy.Binding> bindings = new ArrayList<>(policy.bindings());
                        bindings.add(new AllowPolicy.Binding(role, List.of(member)));
                        return policies.put(account.resource(), bindings);
                    })));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwksVerificationKeyResolver serverKeys() throws Exception {
        String jwks =
                given().get("/oauth2/v3/certs").then().statusCode(200).extract().asString();
        return new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys());
    }

    private static JwtConsumer serverTokens() throws Exception {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(serverKeys())
                .setSkipDefaultAudienceValidation()
                .setRequireExpirationTime()
                .setRequireSubject()
                .build();
    }

    private PublishedKey accountKey(String kid) {
        return ring.published(KeySets.serviceAccount(target.uniqueId())).stream()
                .filter(key -> key.kid().equals(kid))
                .findFirst()
                .orElseThrow(() -> new AssertionError("key " + kid + " is not published for the account"));
    }

    private List<Map<String, Object>> auditEntries(String method, int expected) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            String filter = "method=\"" + method + "\" AND principal=\"user:" + caller + "\"";
            List<Map<String, Object>> entries = Api.asAdmin()
                    .queryParam("filter", filter)
                    .get("/v1/teams/" + team + "/auditLogs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("entries");
            if (entries.size() >= expected) {
                return entries;
            }
            Thread.sleep(100); // the token path's audit records are written in batches every second
        }
        throw new AssertionError("expected " + expected + " audit entries for " + method);
    }
}

package dev.tollgate.token;

import static dev.tollgate.audit.AuditFixtures.count;
import static dev.tollgate.token.TokenFixtures.clientCredentials;
import static dev.tollgate.token.TokenFixtures.form;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.audit.AuditFixtures;
import dev.tollgate.audit.RefusalSummary;
import dev.tollgate.testing.Api;
import dev.tollgate.testing.KeyFileHolder;
import dev.tollgate.token.TokenFixtures.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of the token endpoint is audited once, in one shape (docs/api.md "Audit log"): in the log of the
 * account or provider it names when it names a known one, else counted in the refusal summary.
 */
@QuarkusTest
class TokenRefusalAuditTest {

    private static final String REFUSALS = "select count(*) from audit_log where method = 'IssueToken'"
            + " and principal = ? and result = ? and ? = any(within)"
            + " and details::jsonb->>'grantType' = ? and details::jsonb->>'errorDescription' is not null";

    @Inject
    RefusalSummary summary;

    @Test
    void jwtBearerWhenAssertionMissingThenRefusalSummarized() throws Exception {
        summary.writeSummary().await().indefinitely();

        form().formParam("grant_type", KeyFileHolder.GRANT_TYPE)
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));

        summary.writeSummary().await().indefinitely();
        JsonPath written = AuditFixtures.lastRefusalSummary();
        assertEquals(1, written.getInt("total"));
        assertEquals(1, written.getInt("refusals.invalid_request"));
    }

    @Test
    void clientCredentialsWhenWrongSecretOfKnownAccountThenOneEntryInItsLog() throws Exception {
        String org = Api.createOrganization();
        Account account = TokenFixtures.orgScoped(org, Api.createTeam(org));
        String wrong = account.apiKey().substring(0, account.apiKey().length() - 1)
                + (account.apiKey().endsWith("A") ? "B" : "A");

        form().formParam("grant_type", "client_credentials")
                .formParam("client_id", account.email())
                .formParam("client_secret", wrong)
                .post("/oauth2/token")
                .then()
                .statusCode(401);

        assertEquals(1, refusals(account.email(), "invalid_client", "organizations/" + org, "client_credentials"));
    }

    @Test
    void clientCredentialsWhenKeyOfAnotherAccountThenOneEntryInTheKeyOwnersLog() throws Exception {
        String org = Api.createOrganization();
        Account account = TokenFixtures.orgScoped(org, Api.createTeam(org));
        Account owner = TokenFixtures.orgScoped(org, Api.createTeam(org));

        form().formParam("grant_type", "client_credentials")
                .formParam("client_id", account.email())
                .formParam("client_secret", owner.apiKey())
                .post("/oauth2/token")
                .then()
                .statusCode(401);

        assertEquals(1, refusals(owner.email(), "invalid_client", "organizations/" + org, "client_credentials"));
        assertEquals(0, refusals(account.email(), "invalid_client", "organizations/" + org, "client_credentials"));
    }

    @Test
    void clientCredentialsWhenEntityOutsideReachThenOneEntryWithKeyId() throws Exception {
        String team = Api.createTeam(Api.createOrganization());
        Account account = TokenFixtures.teamScoped(team);
        String elsewhere = Api.createTeam(Api.createOrganization());

        clientCredentials(account, Map.of("entity", "teams/" + elsewhere))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_target"));

        assertEquals(1, refusals(account.email(), "invalid_target", "teams/" + team, "client_credentials"));
        assertEquals(
                1,
                count(
                        "select count(*) from audit_log where principal = ? and result = 'invalid_target'"
                                + " and details::jsonb->>'keyId' = ?",
                        "serviceAccount:" + account.email(),
                        account.keyId()));
    }

    @Test
    void jwtBearerWhenFormContradictsSignedClaimThenOneEntryInAccountLog() throws Exception {
        KeyFileHolder holder = KeyFileHolder.create();

        KeyFileHolder.grant(holder.sign(claims -> claims.setClaim("scope", "read.only")), Map.of("scope", "other"))
                .statusCode(400)
                .body("error", equalTo("invalid_request"));

        assertEquals(
                1, refusals(holder.email(), "invalid_request", "teams/" + holder.team(), KeyFileHolder.GRANT_TYPE));
    }

    @Test
    void jwtBearerWhenAssertionReplayedThenOneEntryWithKeyId() throws Exception {
        KeyFileHolder holder = KeyFileHolder.create();
        String assertion = holder.sign(claims -> {});
        KeyFileHolder.grant(assertion, Map.of()).statusCode(200);

        KeyFileHolder.grant(assertion, Map.of()).statusCode(400).body("error", equalTo("invalid_grant"));

        assertEquals(1, refusals(holder.email(), "invalid_grant", "teams/" + holder.team(), KeyFileHolder.GRANT_TYPE));
        assertEquals(
                1,
                count(
                        "select count(*) from audit_log where principal = ? and result = 'invalid_grant'"
                                + " and details::jsonb->>'keyId' = ?",
                        "serviceAccount:" + holder.email(),
                        holder.kid()));
    }

    private static long refusals(String email, String error, String within, String grantType) throws Exception {
        return count(REFUSALS, "serviceAccount:" + email, error, within, grantType);
    }
}

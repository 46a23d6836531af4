package dev.tollgate.attacks;

import static dev.tollgate.testing.KeyFileHolder.grant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.testing.KeyFileHolder;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: a jwt-bearer assertion seen once (a log, a proxy, a compromised build step) is presented again within its
 * lifetime, or before its {@code nbf}, or with form parameters that change what its signed claims say.
 */
@QuarkusTest
class JwtBearerReplayAttackTest {

    @Inject
    Pool pool;

    private KeyFileHolder holder;

    @BeforeEach
    void setUp() throws Exception {
        holder = KeyFileHolder.create();
    }

    @Test
    void tokenWhenAssertionWithJtiReplayedThenInvalidGrantAndNoToken() throws Exception {
        String jti = "replay-" + System.nanoTime();
        grant(holder.sign(claims -> claims.setJwtId(jti)), Map.of()).statusCode(200);
        grant(holder.sign(claims -> claims.setJwtId(jti)), Map.of())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("already used"))
                .body("access_token", nullValue());
        // The claim is in the shared table, which every replica consults.
        assertEquals(
                1L,
                pool.preparedQuery("SELECT count(*) FROM used_assertions WHERE issuer = $1 AND jti = $2")
                        .execute(Tuple.of(holder.email(), jti))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getLong(0));
    }

    @Test
    void tokenWhenSameAssertionWithoutJtiReplayedThenInvalidGrant() throws Exception {
        String assertion = holder.sign(claims -> {});
        grant(assertion, Map.of()).statusCode(200);
        grant(assertion, Map.of())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("access_token", nullValue());
    }

    @Test
    void tokenWhenTheSameAssertionArrivesManyTimesAtOnceThenOneTokenAndTheOthersWithTheirOwnAlsoServed()
            throws Exception {
        String jti = "burst-" + System.nanoTime();
        String replayed = holder.sign(claims -> claims.setJwtId(jti));
        List<String> assertions = new ArrayList<>(Collections.nCopies(8, replayed));
        for (int i = 0; i < 8; i++) {
            String own = jti + "-" + i;
            assertions.add(holder.sign(claims -> claims.setJwtId(own)));
        }
        Collections.shuffle(assertions);

        ExecutorService callers = Executors.newFixedThreadPool(assertions.size());
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String assertion : assertions) {
                answers.add(callers.submit(
                        () -> grant(assertion, Map.of()).extract().statusCode()));
            }
            int issued = 0;
            for (Future<Integer> answer : answers) {
                issued += answer.get() == 200 ? 1 : 0;
            }
            // Eight distinct assertions and one of the eight copies.
            assertEquals(9, issued);
        } finally {
            callers.shutdown();
        }
    }

    @Test
    void tokenWhenAnotherReplicaAlreadyUsedTheAssertionThenInvalidGrant() throws Exception {
        String jti = "elsewhere-" + System.nanoTime();
        pool.preparedQuery("INSERT INTO used_assertions (issuer, jti, expires_at) VALUES ($1, $2, $3)")
                .execute(Tuple.of(
                        holder.email(), jti, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)))
                .await()
                .indefinitely();

        grant(holder.sign(claims -> claims.setJwtId(jti)), Map.of())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("already used"))
                .body("access_token", nullValue());
    }

    @Test
    void tokenWhenNotBeforeInFutureThenInvalidGrant() throws Exception {
        long inTenMinutes = Instant.now().plusSeconds(600).getEpochSecond();
        grant(holder.sign(claims -> claims.setNotBefore(NumericDate.fromSeconds(inTenMinutes))), Map.of())
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("nbf"))
                .body("access_token", nullValue());
    }

    @Test
    void tokenWhenNotBeforePastThenIssued() throws Exception {
        long aMinuteAgo = Instant.now().minusSeconds(60).getEpochSecond();
        grant(holder.sign(claims -> claims.setNotBefore(NumericDate.fromSeconds(aMinuteAgo))), Map.of())
                .statusCode(200);
    }

    @Test
    void tokenWhenFormScopeDiffersFromSignedScopeThenInvalidRequest() throws Exception {
        grant(
                        holder.sign(claims -> claims.setClaim("scope", "read.only")),
                        Map.of("scope", "https://www.googleapis.com/auth/cloud-platform"))
                .statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("error_description", containsString("signed"))
                .body("access_token", nullValue());
    }

    @Test
    void tokenWhenFormTargetAudienceDiffersFromSignedThenInvalidRequest() throws Exception {
        grant(
                        holder.sign(claims -> {
                            claims.unsetClaim("scope");
                            claims.setClaim("target_audience", "https://service.example");
                        }),
                        Map.of("target_audience", "https://attacker.example"))
                .statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("id_token", nullValue());
    }

    @Test
    void tokenWhenFormRepeatsSignedScopeThenIssuedWithIt() throws Exception {
        grant(holder.sign(claims -> {}), Map.of("scope", "https://www.googleapis.com/auth/cloud-platform"))
                .statusCode(200)
                .body("scope", equalTo("https://www.googleapis.com/auth/cloud-platform"));
    }
}

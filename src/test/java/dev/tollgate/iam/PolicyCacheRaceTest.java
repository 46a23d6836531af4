package dev.tollgate.iam;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;

import dev.tollgate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A policy load that read the old policy and completes after the change was committed must not be cached. */
@QuarkusTest
class PolicyCacheRaceTest {

    @Inject
    Pool pool;

    @Inject
    AllowPolicyStore store;

    private static final Map<String, Object> READ = Map.of("permissions", List.of("projects.get"));

    @Test
    void permissionsWhenBindingRemovedDuringLoadThenRemovalWins() throws Exception {
        String org = Api.createOrganization();
        String team = Api.createTeam(org);
        String project = Api.createProject(team, "RESTRICTED");
        String resource = "projects/" + project;
        Api.bind(resource, "roles/viewer", "user:racer@example.com");

        GatedAllowPolicyRepository.Gate gate = GatedAllowPolicyRepository.arm(resource);
        CompletableFuture<ValidatableResponse> racing = CompletableFuture.supplyAsync(() -> testPermissions(project));
        gate.read().get(10, TimeUnit.SECONDS);
        removeAllBindingsElsewhere(resource);
        gate.release().complete(null);
        racing.get(10, TimeUnit.SECONDS).statusCode(200).body("permissions", containsInAnyOrder("projects.get"));

        testPermissions(project).statusCode(200).body("permissions", empty());
    }

    /** What another replica's write does: commit the change, then this replica hears of it and forgets. */
    private void removeAllBindingsElsewhere(String resource) {
        pool.preparedQuery("UPDATE iam_policies SET bindings = '[]', version = version + 1 WHERE resource = $1")
                .execute(Tuple.of(resource))
                .await()
                .atMost(Duration.ofSeconds(10));
        store.forget(resource);
    }

    private static ValidatableResponse testPermissions(String project) {
        return Api.as("racer@example.com")
                .body(READ)
                .post("/v1/projects/" + project + ":testIamPermissions")
                .then();
    }
}

package dev.tollgate.iam;

import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real repository, except that a read of an armed resource is held after it read the row, until the test
 * releases it: a load that is in flight while something changes.
 */
@Mock
public class GatedAllowPolicyRepository extends AllowPolicyRepository {

    /** A held read: {@code read} completes once the row was read, the read continues when {@code release} does. */
    record Gate(CompletableFuture<Void> read, CompletableFuture<Void> release) {}

    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    /** Holds the next read of {@code resource}. */
    static Gate arm(String resource) {
        Gate gate = new Gate(new CompletableFuture<>(), new CompletableFuture<>());
        GATES.put(resource, gate);
        return gate;
    }

    @Override
    public Uni<AllowPolicyEntity> findById(String resource) {
        // Through the session, not super.findById: Panache generates findById into this subclass as well.
        Uni<AllowPolicyEntity> read = getSession().chain(session -> session.find(AllowPolicyEntity.class, resource));
        Gate gate = GATES.remove(resource);
        if (gate == null) {
            return read;
        }
        Context context = Vertx.currentContext();
        return read.call(row -> {
            gate.read().complete(null);
            return Uni.createFrom()
                    .completionStage(gate.release())
                    .emitOn(command -> context.runOnContext(ignored -> command.run()));
        });
    }
}

package dev.tollgate.testing;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Runs a {@link Uni} on a fresh, safe Vert.x duplicated context, as a request would, and waits for it (tests only). */
public final class OnVertx {

    private OnVertx() {}

    public static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        Context context = VertxContext.getOrCreateDuplicatedContext(
                Arc.container().instance(Vertx.class).get());
        VertxContextSafetyToggle.setContextSafe(context, true);
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> work.get().subscribe().with(result::complete, result::completeExceptionally));
        try {
            return result.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no result within 15 s", e);
        }
    }
}

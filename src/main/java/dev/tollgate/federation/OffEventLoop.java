package dev.tollgate.federation;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs attribute mappings and conditions on a worker thread, never on an event loop, and gives up on them after a
 * deadline; the caller resumes on its own Vert.x context (Hibernate Reactive needs it).
 */
@ApplicationScoped
public class OffEventLoop {

    private final Duration backstop;

    public OffEventLoop(FederationConfig config) {
        // Expressions stop themselves at their budget (CelPrograms); this only catches one step that runs long.
        this.backstop = config.cel().timeout().multipliedBy(10).plusSeconds(1);
    }

    /** {@code work} on a worker thread; a {@code failure} from {@code onTimeout} when it has not ended in time. */
    public <T> Uni<T> run(Supplier<T> work, Supplier<? extends Throwable> onTimeout) {
        return onCallersContext(Uni.createFrom()
                .item(work)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem()
                .after(backstop)
                .failWith(onTimeout));
    }

    /** Hibernate Reactive callers must resume on their own Vert.x context, not on the thread that did the work. */
    public static <T> Uni<T> onCallersContext(Uni<T> uni) {
        Context context = Vertx.currentContext();
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}

package dev.tollgate.support;

import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.function.Function;

/** One reactive step per item, each started after the previous one ended, as a session or transaction needs. */
public final class InOrder {

    private InOrder() {}

    /** Runs {@code step} for every item in turn; fails with the first failure, skipping the rest. */
    public static <T> Uni<Void> each(Collection<T> items, Function<T, Uni<?>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.call(() -> step.apply(item));
        }
        return chain;
    }
}

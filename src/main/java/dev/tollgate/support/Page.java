package dev.tollgate.support;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paged listing. Repositories fetch {@code size + 1} rows; the extra row only says that
 * another page exists.
 */
public record Page<T>(List<T> items, String nextPageToken) {

    public static <T> Page<T> of(List<T> rows, int size, Function<T, String> key) {
        if (rows.size() <= size) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, size);
        return new Page<>(List.copyOf(items), PageTokens.encode(key.apply(items.get(size - 1))));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextPageToken);
    }
}

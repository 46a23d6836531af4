package dev.tollgate.support.jose;

import java.util.List;
import java.util.stream.Collectors;

/** A presented value as error texts show it: quoted and cut, so a hostile token cannot fill a log or a response. */
public final class Quoted {

    private Quoted() {}

    /** {@code "value"}, cut at {@code maxChars} characters with {@code …}; {@code (none)} when absent. */
    public static String of(Object value, int maxChars) {
        if (value == null) {
            return "(none)";
        }
        String text = String.valueOf(value);
        return "\"" + (text.length() > maxChars ? text.substring(0, maxChars) + "…" : text) + "\"";
    }

    /** At most ten values, each {@linkplain #of quoted}: {@code ["a", "b"]}. */
    public static String list(List<?> values, int maxChars) {
        return values.stream().limit(10).map(value -> of(value, maxChars)).collect(Collectors.joining(", ", "[", "]"));
    }
}

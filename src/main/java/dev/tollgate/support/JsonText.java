package dev.tollgate.support;

import java.util.Collection;
import java.util.Map;

/**
 * JSON text (RFC 8259) of the few value types claims, token responses and audit details hold: strings, booleans,
 * integral numbers, string-keyed maps and collections of these. Written by hand on the token path because a general
 * serialiser costs more per token than all of this; the output is byte for byte what Jackson writes for the same
 * values.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {}

    /** Whether {@link #value} can write {@code value} (else use a general serialiser). */
    public static boolean writable(Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || !writable(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                if (!writable(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Appends {@code value}, which {@link #writable} accepted. */
    public static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(out, text);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, (String) entry.getKey());
                out.append(':');
                value(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(out, item);
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }

    /** Appends {@code "name":} and the value to an object {@code out} that was opened with <code>{</code>. */
    public static void member(StringBuilder out, String name, Object value) {
        if (out.charAt(out.length() - 1) != '{') {
            out.append(',');
        }
        string(out, name);
        out.append(':');
        value(out, value);
    }

    /** A JSON string: {@code "} and {@code \} escaped, control characters as Jackson writes them. */
    public static void string(StringBuilder out, String text) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(text, start, text.length()).append('"');
    }
}

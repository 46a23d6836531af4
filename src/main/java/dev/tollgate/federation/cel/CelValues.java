package dev.tollgate.federation.cel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Converts parsed JSON claims to the values CEL understands (long integers, CEL null) and names CEL result types. */
final class CelValues {

    private CelValues() {}

    static Map<String, Object> of(Map<String, Object> claims) {
        Map<String, Object> converted = new LinkedHashMap<>();
        claims.forEach((key, value) -> converted.put(key, value(value)));
        return converted;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object value) {
        if (value == null) {
            return com.google.protobuf.NullValue.NULL_VALUE;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger || value instanceof BigDecimal || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            return of((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>(list.size());
            list.forEach(item -> converted.add(value(item)));
            return converted;
        }
        return value;
    }

    static boolean isNull(Object value) {
        return value == null
                || value instanceof com.google.protobuf.NullValue
                || value instanceof dev.cel.common.values.NullValue;
    }

    static String typeName(Object value) {
        if (isNull(value)) {
            return "null";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof List) {
            return "list";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}

package dev.tollgate.federation.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelKind;
import dev.tollgate.federation.FederationRejectedException;
import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.MappedAttributes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider's compiled {@code attributeMapping}: applied per exchange to the verified claims ({@code assertion}).
 * Limits: {@code google.subject} non-empty and at most {@value #MAX_SUBJECT_BYTES} bytes; at most
 * {@value #MAX_GROUPS} groups; each group and attribute value at most {@value #MAX_VALUE_BYTES} bytes.
 */
public final class AttributeMapping {

    public static final int MAX_SUBJECT_BYTES = 127;
    public static final int MAX_GROUPS = 200;
    public static final int MAX_VALUE_BYTES = 2048;
    static final Set<CelKind> SCALARS = Set.of(CelKind.STRING, CelKind.INT, CelKind.UINT, CelKind.BOOL, CelKind.DOUBLE);

    private final Map<String, CelPrograms.Compiled> programs;
    private final CelPrograms cel;

    AttributeMapping(Map<String, CelPrograms.Compiled> programs, CelPrograms cel) {
        this.programs = Map.copyOf(programs);
        this.cel = cel;
    }

    /** The mapped subject, groups and attributes, or a {@code mapping}/{@code subject} rejection naming the key. */
    public MappedAttributes apply(Map<String, Object> claims) {
        return apply(claims, cel.budget());
    }

    /** As {@link #apply(Map)}, within {@code budget} (shared with the condition of the same exchange). */
    public MappedAttributes apply(Map<String, Object> claims, CelPrograms.Budget budget) {
        Map<String, Object> variables = Map.of("assertion", CelValues.of(claims));
        String subject =
                scalar(AttributeExpressions.SUBJECT, evaluate(AttributeExpressions.SUBJECT, variables, budget));
        if (subject == null || subject.isEmpty()) {
            throw reject(Check.SUBJECT, "an empty google.subject", "a non-empty subject");
        }
        int subjectBytes = subject.getBytes(StandardCharsets.UTF_8).length;
        if (subjectBytes > MAX_SUBJECT_BYTES) {
            throw reject(
                    Check.SUBJECT,
                    "a google.subject of " + subjectBytes + " bytes",
                    "at most " + MAX_SUBJECT_BYTES + " bytes");
        }
        List<String> groups = programs.containsKey(AttributeExpressions.GROUPS)
                ? groups(evaluate(AttributeExpressions.GROUPS, variables, budget))
                : List.of();
        Map<String, String> attributes = new LinkedHashMap<>();
        programs.keySet().stream()
                .filter(key -> key.startsWith(AttributeExpressions.ATTRIBUTE_PREFIX))
                .sorted()
                .forEach(key -> {
                    String value = scalar(key, evaluate(key, variables, budget));
                    if (value != null && !value.isEmpty()) {
                        attributes.put(key.substring(AttributeExpressions.ATTRIBUTE_PREFIX.length()), value);
                    }
                });
        return new MappedAttributes(subject, groups, attributes);
    }

    public CelPrograms.Budget budget() {
        return cel.budget();
    }

    public Set<String> keys() {
        return programs.keySet();
    }

    private Object evaluate(String key, Map<String, Object> variables, CelPrograms.Budget budget) {
        try {
            return cel.evaluate(programs.get(key), variables, budget);
        } catch (CelPrograms.EvaluationFailure e) {
            throw reject(
                    Check.MAPPING,
                    key + " failed: " + e.getMessage(),
                    "the expression "
                            + FederationRejection.quoted(programs.get(key).expression()) + " to evaluate");
        }
    }

    private static String scalar(String key, Object value) {
        if (CelValues.isNull(value)) {
            return null;
        }
        if (value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof UnsignedLong) {
            String text = String.valueOf(value);
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (!key.equals(AttributeExpressions.SUBJECT) && bytes > MAX_VALUE_BYTES) {
                throw reject(Check.MAPPING, key + " of " + bytes + " bytes", "at most " + MAX_VALUE_BYTES + " bytes");
            }
            return text;
        }
        throw reject(Check.MAPPING, key + " yielding a " + CelValues.typeName(value), "a string");
    }

    private static List<String> groups(Object value) {
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw reject(
                    Check.MAPPING,
                    AttributeExpressions.GROUPS + " yielding a " + CelValues.typeName(value),
                    "a list of strings");
        }
        if (list.size() > MAX_GROUPS) {
            throw reject(Check.MAPPING, list.size() + " groups", "at most " + MAX_GROUPS);
        }
        List<String> groups = new ArrayList<>();
        for (Object group : list) {
            int bytes = ((String) group).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_VALUE_BYTES) {
                throw reject(Check.MAPPING, "a group of " + bytes + " bytes", "at most " + MAX_VALUE_BYTES + " bytes");
            }
            if (!((String) group).isEmpty()) {
                groups.add((String) group);
            }
        }
        return groups;
    }

    private static FederationRejectedException reject(Check check, String presented, String expected) {
        return new FederationRejection(check, presented, expected).exception();
    }
}

package dev.tollgate.hierarchy;

import dev.tollgate.support.ApiException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** A PATCH's {@code updateMask}: comma-separated field names, each of which must be updatable. */
public record UpdateMask(Set<String> fields) {

    /** Parses {@code mask}; when absent, {@code present} (the fields the body carries) are updated. */
    public static UpdateMask parse(String mask, Set<String> updatable, Set<String> present) {
        if (mask == null || mask.isBlank()) {
            if (present.isEmpty()) {
                throw ApiException.invalidArgument("Nothing to update: give updateMask and the fields to change.");
            }
            return new UpdateMask(present);
        }
        Set<String> fields = new LinkedHashSet<>(
                Arrays.stream(mask.split(",")).map(String::trim).toList());
        for (String field : fields) {
            if (!updatable.contains(field)) {
                throw ApiException.invalidArgument("updateMask names '" + field + "', which cannot be updated;"
                        + " updatable fields: " + String.join(", ", updatable) + ".");
            }
        }
        return new UpdateMask(fields);
    }

    public boolean has(String field) {
        return fields.contains(field);
    }
}

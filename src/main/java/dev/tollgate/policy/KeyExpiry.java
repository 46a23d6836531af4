package dev.tollgate.policy;

import dev.tollgate.support.ApiException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The key-expiry setting (docs/api.md "Key-expiry setting"): how long keys and API keys created below it live. */
final class KeyExpiry {

    static final String SETTING = "iam-serviceAccountKeyExpiry";

    private static final Map<String, Duration> ALLOWED = allowed(1, 8, 24, 168, 336, 720, 1440, 2160);

    private KeyExpiry() {}

    /** The duration of an allowed value; INVALID_ARGUMENT listing the allowed ones otherwise. */
    static Duration parse(String value) {
        Duration duration = ALLOWED.get(value);
        if (duration == null) {
            throw ApiException.invalidArgument("Key expiry '" + value + "' is not allowed; use one of "
                    + String.join(", ", ALLOWED.keySet()) + ".");
        }
        return duration;
    }

    private static Map<String, Duration> allowed(int... hours) {
        Map<String, Duration> allowed = new LinkedHashMap<>();
        for (int h : hours) {
            allowed.put(h + "h", Duration.ofHours(h));
        }
        return Collections.unmodifiableMap(allowed);
    }
}

package dev.tollgate.serviceaccount;

import dev.tollgate.support.Ids;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an API key: {@code tg_<keyId>_<secret>}, a 16-hex-digit key id and 43 base62 characters
 * (≈256 bits), so secret scanners can recognise a leaked one.
 */
public final class ApiKeyFormat {

    static final String PREFIX = "tg_";
    private static final int SECRET_LENGTH = 43;
    private static final Pattern KEY = Pattern.compile("tg_([0-9a-f]{16})_([0-9A-Za-z]{" + SECRET_LENGTH + "})");
    /** Anything shaped like a key or part of one, also truncated or mangled: the secret may follow the prefix. */
    private static final Pattern KEY_LIKE = Pattern.compile("tg_([0-9a-f]{16})_[^\\s'\"]*|tg_[^\\s'\"]{8,}");

    private ApiKeyFormat() {}

    static String newKeyId() {
        return Ids.hex(8);
    }

    static String newKeyString(String keyId) {
        return PREFIX + keyId + "_" + Ids.base62(SECRET_LENGTH);
    }

    /**
     * {@code text} with every key-like value cut to its key id ({@code tg_<keyId>_…}): for client-supplied values
     * that are echoed or audited, since a caller may send its key where an id belongs.
     */
    public static String redact(String text) {
        if (text == null || !text.contains(PREFIX)) {
            return text;
        }
        return KEY_LIKE.matcher(text)
                .replaceAll(match -> match.group(1) == null ? PREFIX + "…" : PREFIX + match.group(1) + "_…");
    }

    /** The key id of a well-formed key string. */
    static Optional<String> keyId(String keyString) {
        if (keyString == null) {
            return Optional.empty();
        }
        Matcher matcher = KEY.matcher(keyString);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}

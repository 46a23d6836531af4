package dev.tollgate.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Opaque keyset-paging tokens and page sizes (docs/api.md "Conventions"). A token carries the last key of the previous page and
 * a checksum, so a token that was altered or truncated is refused with INVALID_ARGUMENT. It grants nothing: every
 * row of the next page is still authorized.
 */
public final class PageTokens {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    private static final int CHECKSUM_BYTES = 8;

    private PageTokens() {}

    public static String encode(String lastKey) {
        byte[] key = lastKey.getBytes(StandardCharsets.UTF_8);
        byte[] token = Arrays.copyOf(checksum(key), CHECKSUM_BYTES + key.length);
        System.arraycopy(key, 0, token, CHECKSUM_BYTES, key.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The last key of the previous page; {@code ""} (before every key) for no token. */
    public static String decode(String pageToken) {
        if (pageToken == null || pageToken.isEmpty()) {
            return "";
        }
        try {
            byte[] token = Base64.getUrlDecoder().decode(pageToken);
            if (token.length > CHECKSUM_BYTES) {
                byte[] key = Arrays.copyOfRange(token, CHECKSUM_BYTES, token.length);
                if (MessageDigest.isEqual(Arrays.copyOf(token, CHECKSUM_BYTES), checksum(key))) {
                    return new String(key, StandardCharsets.UTF_8);
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64url: reported below like any other malformed token
        }
        throw ApiException.invalidArgument(
                "Invalid pageToken: pass nextPageToken from the previous response unchanged.");
    }

    /** {@code pageSize} bounded to 1–100; absent or 0 means the default of 20, negative is refused. */
    public static int size(Integer pageSize) {
        if (pageSize == null || pageSize == 0) {
            return DEFAULT_SIZE;
        }
        if (pageSize < 0) {
            throw ApiException.invalidArgument("pageSize must not be negative, got " + pageSize + ".");
        }
        return Math.min(pageSize, MAX_SIZE);
    }

    private static byte[] checksum(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return Arrays.copyOf(digest, CHECKSUM_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.tollgate.support;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers and secrets, all from one {@link SecureRandom}. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {}

    /** A decimal number of exactly {@code digits} digits with no leading zero (unique ids, project numbers). */
    public static String decimal(int digits) {
        BigInteger low = BigInteger.TEN.pow(digits - 1);
        BigInteger span = BigInteger.TEN.pow(digits).subtract(low);
        BigInteger value;
        do {
            value = new BigInteger(span.bitLength(), RANDOM);
        } while (value.compareTo(span) >= 0);
        return value.add(low).toString();
    }

    /** {@code bytes} random bytes as lowercase hex (key ids use 20 bytes: 40 characters). */
    public static String hex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    /** {@code length} random base62 characters, each carrying log2(62) ≈ 5.95 bits. */
    public static String base62(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return text.toString();
    }

    public static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

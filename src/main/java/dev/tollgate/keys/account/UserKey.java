package dev.tollgate.keys.account;

import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.keys.KeyTimes;
import dev.tollgate.keys.PublishedKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;

/**
 * A user-managed key of a service account as the rest of Tollgate sees it: its public half, certificate and
 * validity (docs/api.md "Keys").
 */
public record UserKey(
        String kid,
        String accountUniqueId,
        KeyOrigin origin,
        PublicKey publicKey,
        String certificatePem,
        Instant validAfter,
        Instant validBefore,
        boolean disabled,
        Instant createTime) {

    /** Who made the key pair: the server ({@code GOOGLE_PROVIDED}) or the user ({@code USER_PROVIDED}). */
    public enum KeyOrigin {
        GOOGLE_PROVIDED,
        USER_PROVIDED
    }

    /** Whether an assertion signed by this key is accepted at {@code now}: enabled and in date. */
    public boolean usableAt(Instant now) {
        return !disabled && !now.isBefore(validAfter) && now.isBefore(validBefore);
    }

    /** The key as the publishing documents render it. */
    public PublishedKey published() {
        return new PublishedKey(
                kid,
                KeyAlgorithm.RS256,
                publicKey,
                certificatePem,
                new KeyTimes(validAfter, validAfter, validBefore, validBefore.plusSeconds(1)));
    }

    static UserKey of(UserKeyEntity row) {
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(row.publicKey));
            return new UserKey(
                    row.kid.trim(),
                    row.accountUniqueId,
                    KeyOrigin.valueOf(row.keyOrigin),
                    key,
                    row.certificate,
                    row.validAfter,
                    row.validBefore,
                    row.disabled,
                    row.createTime);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Stored public key " + row.kid + " does not parse", e);
        }
    }
}

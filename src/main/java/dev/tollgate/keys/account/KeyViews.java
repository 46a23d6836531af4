package dev.tollgate.keys.account;

import dev.tollgate.keys.PublishedKey;
import dev.tollgate.keys.account.AccountKeyViews.Key;
import dev.tollgate.serviceaccount.ServiceAccountView;
import dev.tollgate.support.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Renders user-managed and system-managed keys as key resources. */
final class KeyViews {

    private KeyViews() {}

    static Key of(ServiceAccountView account, UserKey key, String publicKeyType) {
        return new Key(
                name(account, key.kid()),
                KeyFormats.RSA_2048,
                key.origin().name(),
                KeyFormats.USER_MANAGED,
                Timestamps.format(key.validAfter()),
                Timestamps.format(key.validBefore()),
                key.disabled(),
                publicKeyData(
                        publicKeyType, key.certificatePem(), key.publicKey().getEncoded()),
                null,
                null);
    }

    static Key created(ServiceAccountView account, UserKey key, String privateKeyType, String privateKeyData) {
        Key view = of(account, key, null);
        return new Key(
                view.name(),
                view.keyAlgorithm(),
                view.keyOrigin(),
                view.keyType(),
                view.validAfterTime(),
                view.validBeforeTime(),
                view.disabled(),
                null,
                privateKeyType,
                privateKeyData);
    }

    static Key system(ServiceAccountView account, PublishedKey key, String publicKeyType) {
        return new Key(
                name(account, key.kid()),
                KeyFormats.RSA_2048,
                UserKey.KeyOrigin.GOOGLE_PROVIDED.name(),
                KeyFormats.SYSTEM_MANAGED,
                Timestamps.format(key.times().publishAt()),
                Timestamps.format(key.times().deleteAt()),
                false,
                publicKeyData(
                        publicKeyType, key.certificatePem(), key.publicKey().getEncoded()),
                null,
                null);
    }

    private static String name(ServiceAccountView account, String kid) {
        return account.name() + "/keys/" + kid;
    }

    private static String publicKeyData(String type, String certificatePem, byte[] subjectPublicKeyInfo) {
        if (type == null || type.equals("TYPE_NONE")) {
            return null;
        }
        byte[] data = type.equals(KeyFormats.RAW_PUBLIC_KEY)
                ? subjectPublicKeyInfo
                : certificatePem.getBytes(StandardCharsets.US_ASCII);
        return Base64.getEncoder().encodeToString(data);
    }
}

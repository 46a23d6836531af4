package dev.tollgate.keys.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Wire shapes of {@code /v1/{sa}/keys} (docs/api.md "Keys"), lowerCamelCase as Google's IAM API. */
public final class AccountKeyViews {

    private AccountKeyViews() {}

    public record CreateKey(String privateKeyType, String keyAlgorithm) {}

    public record UploadKey(String publicKeyData) {}

    /**
     * A key resource; {@code publicKeyData} only from get, {@code privateKeyType} and {@code privateKeyData} only in
     * the answer to create (once).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(
            String name,
            String keyAlgorithm,
            String keyOrigin,
            String keyType,
            String validAfterTime,
            String validBeforeTime,
            boolean disabled,
            String publicKeyData,
            String privateKeyType,
            String privateKeyData) {

        @Override
        public String toString() {
            return "Key[" + name + "]";
        }
    }

    public record Keys(List<Key> keys) {}
}

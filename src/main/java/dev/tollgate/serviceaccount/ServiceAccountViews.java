package dev.tollgate.serviceaccount;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.support.Timestamps;
import java.time.Instant;
import java.util.List;

/** Response bodies of the service-account and API-key methods (docs/api.md "Service accounts", §4.1). */
public final class ServiceAccountViews {

    private ServiceAccountViews() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Account(
            String name,
            String home,
            String uniqueId,
            String email,
            String displayName,
            String description,
            String oauth2ClientId,
            boolean disabled,
            String defaultTeam,
            String createTime,
            String lastUsedTime) {

        static Account of(ServiceAccountView account) {
            return new Account(
                    account.name(),
                    account.home(),
                    account.uniqueId(),
                    account.email(),
                    account.displayName(),
                    account.description(),
                    account.uniqueId(),
                    account.disabled(),
                    account.defaultTeam().orElse(null),
                    Timestamps.format(account.createTime()),
                    Timestamps.format(account.lastUsedTime()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Accounts(List<Account> accounts, String nextPageToken) {}

    public record Restored(Account restoredAccount) {}

    /** An API key without its secret: what get and list show. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApiKey(
            String name,
            String keyId,
            String displayName,
            boolean disabled,
            String createTime,
            String expireTime,
            String lastUsedTime) {

        static ApiKey of(ServiceAccountView account, ApiKeyEntity key, Instant lastUsed) {
            return new ApiKey(
                    account.name() + "/apiKeys/" + key.keyId,
                    key.keyId,
                    key.displayName,
                    key.disabled,
                    Timestamps.format(key.createTime),
                    Timestamps.format(key.expireTime),
                    Timestamps.format(lastUsed));
        }
    }

    /** The answer to create: the only time {@code keyString} is ever shown. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreatedApiKey(
            String name,
            String keyId,
            String displayName,
            boolean disabled,
            String createTime,
            String expireTime,
            String keyString) {}

    public record ApiKeys(List<ApiKey> apiKeys) {}
}

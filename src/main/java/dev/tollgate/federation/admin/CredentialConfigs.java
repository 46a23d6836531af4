package dev.tollgate.federation.admin;

import dev.tollgate.support.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code external_account} credential configuration of a provider (docs/api.md "Workload identity federation"), the file that
 * {@code google-auth-library} {@code IdentityPoolCredentials} read: the analogue of
 * {@code gcloud iam workload-identity-pools create-cred-config}.
 */
final class CredentialConfigs {

    static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}");
    private static final int MAX_SOURCE_LENGTH = 2048;

    /** Where the workload reads its subject token, and how: {@code file:/path} or {@code url:https://…}. */
    record Source(String credentialSource, String format, String fieldName) {}

    private CredentialConfigs() {}

    /**
     * The file. {@code project_id} is the pool's project id: Google's libraries read it from the file before they
     * would look it up at {@code cloudresourcemanager.{universe_domain}}.
     */
    static Map<String, Object> build(
            String audience,
            String projectId,
            String baseUrl,
            String universeDomain,
            String serviceAccount,
            Source source) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("universe_domain", universeDomain);
        config.put("project_id", projectId);
        config.put("type", "external_account");
        config.put("audience", audience);
        config.put("subject_token_type", JWT_TOKEN_TYPE);
        config.put("token_url", baseUrl + "/v1/token");
        if (serviceAccount != null && !serviceAccount.isEmpty()) {
            if (!EMAIL.matcher(serviceAccount).matches()) {
                throw ApiException.invalidArgument("serviceAccount '" + serviceAccount + "' is not an email address.");
            }
            config.put(
                    "service_account_impersonation_url",
                    baseUrl + "/v1/projects/-/serviceAccounts/" + serviceAccount + ":generateAccessToken");
        }
        config.put("credential_source", credentialSource(source));
        return config;
    }

    private static Map<String, Object> credentialSource(Source source) {
        String value = source.credentialSource();
        if (value == null || value.length() > MAX_SOURCE_LENGTH) {
            throw ApiException.invalidArgument("credentialSource is required: file:/path/to/token or"
                    + " url:https://host/path (at most " + MAX_SOURCE_LENGTH + " characters).");
        }
        Map<String, Object> credentialSource = new LinkedHashMap<>();
        if (value.startsWith("file:") && value.length() > "file:".length()) {
            credentialSource.put("file", value.substring("file:".length()));
        } else if (value.matches("url:https?://.+")) {
            credentialSource.put("url", value.substring("url:".length()));
        } else {
            throw ApiException.invalidArgument("credentialSource '" + value + "' is invalid: expected"
                    + " file:/path/to/token or url:https://host/path.");
        }
        format(source).ifPresent(format -> credentialSource.put("format", format));
        return credentialSource;
    }

    private static Optional<Map<String, Object>> format(Source source) {
        String format = source.format() == null || source.format().isEmpty() ? "text" : source.format();
        if (format.equals("text")) {
            if (source.fieldName() != null && !source.fieldName().isEmpty()) {
                throw ApiException.invalidArgument("credentialSourceFieldName needs credentialSourceFormat=json.");
            }
            return Optional.empty();
        }
        if (!format.equals("json")) {
            throw ApiException.invalidArgument(
                    "credentialSourceFormat '" + format + "' is invalid: expected text or json.");
        }
        if (source.fieldName() == null
                || source.fieldName().isBlank()
                || source.fieldName().length() > 256) {
            throw ApiException.invalidArgument("credentialSourceFormat=json needs credentialSourceFieldName, the JSON"
                    + " field holding the token.");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "json");
        json.put("subject_token_field_name", source.fieldName());
        return Optional.of(json);
    }
}

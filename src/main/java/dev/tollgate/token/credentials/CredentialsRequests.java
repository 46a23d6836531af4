package dev.tollgate.token.credentials;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.tollgate.support.ApiException;
import java.util.List;

/** Request and response bodies of the credentials API (docs/api.md "Credentials API"); unknown request fields are ignored. */
public final class CredentialsRequests {

    private CredentialsRequests() {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GenerateAccessToken(List<String> delegates, List<String> scope, String lifetime) {}

    /** {@code includeEmail} may arrive as {@code "true"}; Jackson's scalar coercion reads it as a boolean. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GenerateIdToken(List<String> delegates, String audience, Boolean includeEmail) {}

    /** A boolean form field: absent, {@code true} or {@code false}; anything else is INVALID_ARGUMENT. */
    static Boolean formBoolean(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw ApiException.invalidArgument(name + " must be true or false, not '" + value + "'.");
        }
        return Boolean.valueOf(value);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SignBlob(List<String> delegates, String payload) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SignJwt(List<String> delegates, String payload) {}

    public record AccessTokenView(String accessToken, String expireTime) {}

    public record IdTokenView(String token) {}

    public record SignedBlobView(String keyId, String signedBlob) {}

    public record SignedJwtView(String keyId, String signedJwt) {}
}

package dev.tollgate.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A successful token response (RFC 6749 §5.1, RFC 8693 §2.2.1), in snake_case. The jwt-bearer grant with
 * {@code target_audience} answers {@code {"id_token": …}} alone ({@link #idTokenOnly}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("issued_token_type") String issuedTokenType,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Integer expiresIn,
        @JsonProperty("scope") String scope,
        @JsonProperty("id_token") String idToken) {

    /** RFC 8693 §3: the type of an access token. */
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /** An access token response; {@code scope} may be {@code null} (then omitted). */
    public static TokenResponse accessToken(MintedToken token, int expiresIn, String scope) {
        return new TokenResponse(token.token(), ACCESS_TOKEN_TYPE, "Bearer", expiresIn,
                scope == null || scope.isEmpty() ? null : scope, null);
    }

    /** The jwt-bearer answer to {@code target_audience}: {@code {"id_token": …}} only. */
    public static TokenResponse idTokenOnly(MintedToken idToken) {
        return new TokenResponse(null, null, null, null, null, idToken.token());
    }
}

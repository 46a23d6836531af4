package dev.tollgate.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tollgate.support.JsonText;

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
        return new TokenResponse(
                token.token(),
                ACCESS_TOKEN_TYPE,
                "Bearer",
                expiresIn,
                scope == null || scope.isEmpty() ? null : scope,
                null);
    }

    /** This response as JSON text, as Jackson would write it (null members omitted), without Jackson's cost. */
    public String json() {
        StringBuilder out = new StringBuilder(1024).append('{');
        optional(out, "access_token", accessToken);
        optional(out, "issued_token_type", issuedTokenType);
        optional(out, "token_type", tokenType);
        optional(out, "expires_in", expiresIn);
        optional(out, "scope", scope);
        optional(out, "id_token", idToken);
        return out.append('}').toString();
    }

    private static void optional(StringBuilder out, String name, Object value) {
        if (value != null) {
            JsonText.member(out, name, value);
        }
    }

    /** The jwt-bearer answer to {@code target_audience}: {@code {"id_token": …}} only. */
    public static TokenResponse idTokenOnly(MintedToken idToken) {
        return new TokenResponse(null, null, null, null, null, idToken.token());
    }
}

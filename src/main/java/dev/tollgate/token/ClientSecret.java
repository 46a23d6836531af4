package dev.tollgate.token;

import dev.tollgate.support.OAuthException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A client's id and secret (RFC 6749 §2.3.1), from HTTP Basic (each part form-urlencoded before base64) or from the
 * {@code client_id}/{@code client_secret} form fields; never both.
 */
record ClientSecret(String clientId, String secret) {

    private static final String BASIC = "Basic ";

    /** The presented credentials; empty when the request carries none. */
    static Optional<ClientSecret> from(TokenRequest request) {
        Optional<String> basic =
                request.authorizationHeader().filter(header -> header.regionMatches(true, 0, BASIC, 0, BASIC.length()));
        Optional<String> formSecret = request.single("client_secret");
        if (basic.isPresent()) {
            if (formSecret.isPresent()) {
                throw OAuthException.invalidRequest("The client authenticated twice (HTTP Basic and client_secret);"
                        + " use one method (RFC 6749 §2.3).");
            }
            ClientSecret fromHeader =
                    basic(basic.get().substring(BASIC.length()).trim());
            request.single("client_id")
                    .filter(id -> !id.equals(fromHeader.clientId()))
                    .ifPresent(id -> {
                        throw OAuthException.invalidRequest("client_id '" + AccountTokenRequest.shortened(id)
                                + "' differs from the HTTP Basic user '"
                                + AccountTokenRequest.shortened(fromHeader.clientId())
                                + "'.");
                    });
            return Optional.of(fromHeader);
        }
        Optional<String> clientId = request.single("client_id");
        if (formSecret.isEmpty()) {
            return Optional.empty();
        }
        if (clientId.isEmpty()) {
            throw OAuthException.invalidClient("client_secret was sent without client_id.");
        }
        return Optional.of(new ClientSecret(clientId.get(), formSecret.get()));
    }

    private static ClientSecret basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("The HTTP Basic credentials are not valid base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthException.invalidClient("The HTTP Basic credentials are not client_id:client_secret.");
        }
        try {
            return new ClientSecret(
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("The HTTP Basic credentials are not form-urlencoded (RFC 6749 §2.3.1).");
        }
    }

    @Override
    public String toString() {
        return "ClientSecret[clientId=" + AccountTokenRequest.shortened(clientId) + "]";
    }
}

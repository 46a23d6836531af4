package dev.tollgate.token;

import java.util.Optional;

/**
 * What an OpenID Connect ID token says (docs/api.md "Token endpoint").
 *
 * @param subject {@code sub}: the service account's uniqueId
 * @param audience {@code aud}: the requested audience
 * @param authorizedParty {@code azp}: the account's uniqueId (Google's choice) or the requesting client
 * @param email {@code email} and {@code email_verified: true}, present only when asked for
 * @param keySet the key set that signs, normally {@link dev.tollgate.keys.KeySets#SERVER}
 */
public record IdTokenContext(
        String subject, String audience, String authorizedParty, Optional<String> email, String keySet) {}

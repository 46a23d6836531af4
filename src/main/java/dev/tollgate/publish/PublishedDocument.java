package dev.tollgate.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A rendered JSON document and its strong entity tag (RFC 9110 §8.8.3): a hash of the exact body bytes. */
public record PublishedDocument(byte[] body, String etag) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static PublishedDocument json(Object document) {
        try {
            byte[] body = JSON.writeValueAsBytes(document);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new PublishedDocument(
                    body, "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"");
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot render a published document", e);
        }
    }
}

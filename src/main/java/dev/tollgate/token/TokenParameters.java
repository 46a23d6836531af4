package dev.tollgate.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.support.OAuthException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request bodies of the OAuth endpoints as parameter lists: {@code application/x-www-form-urlencoded} (RFC 6749
 * Appendix B), and on {@code /v1/*} also JSON with camelCase names, as Google's STS accepts.
 */
final class TokenParameters {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** No legitimate parameter comes near this; a whole assertion is a few KiB. */
    static final int MAX_VALUE_LENGTH = 64 * 1024;

    private static final int MAX_PARAMETERS = 64;

    private TokenParameters() {}

    static Map<String, List<String>> parse(String contentType, String body, boolean jsonAllowed) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return form(body == null ? "" : body);
        }
        if (jsonAllowed && type.startsWith("application/json")) {
            return json(body == null ? "" : body);
        }
        throw OAuthException.invalidRequest("Content-Type must be application/x-www-form-urlencoded"
                + (jsonAllowed ? " or application/json" : "") + "; got '" + (contentType == null ? "" : contentType)
                + "'.");
    }

    static Map<String, List<String>> form(String body) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return parameters;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            add(parameters, name, value);
        }
        return parameters;
    }

    private static Map<String, List<String>> json(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw OAuthException.invalidRequest("The request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw OAuthException.invalidRequest("The request body must be a JSON object.");
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = snakeCase(field.getKey());
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
                // Google's STS takes `scope` as a list in JSON; on the wire it is one space-separated value.
                add(parameters, name, String.join(" ", items));
            } else {
                add(parameters, name, value.isTextual() ? value.asText() : value.toString());
            }
        }
        return parameters;
    }

    /** {@code subjectTokenType} → {@code subject_token_type}; snake_case names pass unchanged. */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void add(Map<String, List<String>> parameters, String name, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw OAuthException.invalidRequest("Parameter '" + limited(name) + "' is " + value.length()
                    + " characters long; the limit is " + MAX_VALUE_LENGTH + ".");
        }
        if (!parameters.containsKey(name) && parameters.size() >= MAX_PARAMETERS) {
            throw OAuthException.invalidRequest("Too many parameters; the limit is " + MAX_PARAMETERS + ".");
        }
        parameters.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("The form body is not valid application/x-www-form-urlencoded.");
        }
    }

    private static String limited(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }
}

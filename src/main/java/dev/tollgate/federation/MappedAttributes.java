package dev.tollgate.federation;

import java.util.List;
import java.util.Map;

/** What an attribute mapping made of a verified token: {@code google.subject}, {@code google.groups}, {@code attribute.*}. */
public record MappedAttributes(String subject, List<String> groups, Map<String, String> attributes) {

    public MappedAttributes {
        groups = List.copyOf(groups);
        attributes = Map.copyOf(attributes);
    }

    /** The {@code google} variable of an attribute condition. */
    public Map<String, Object> googleVariable() {
        return Map.of("subject", subject, "groups", groups);
    }
}

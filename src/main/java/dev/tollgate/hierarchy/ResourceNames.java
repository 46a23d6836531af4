package dev.tollgate.hierarchy;

import dev.tollgate.support.ApiException;
import java.util.regex.Pattern;

/** Parses and validates hierarchy resource names and ids (docs/api.md "Resource hierarchy"). */
public final class ResourceNames {

    /** Ids of organizations, teams and projects: 3–30 characters, RFC 1035 style. */
    public static final Pattern HIERARCHY_ID = Pattern.compile("[a-z][-a-z0-9]{1,28}[a-z0-9]");

    private ResourceNames() {}

    /** A parsed {@code organizations/o}, {@code teams/t} or {@code projects/p}. */
    public record Name(Node.Kind kind, String id) {}

    public static Name parse(String name) {
        if (name != null) {
            int slash = name.indexOf('/');
            if (slash > 0 && name.indexOf('/', slash + 1) < 0) {
                String collection = name.substring(0, slash);
                String id = name.substring(slash + 1);
                for (Node.Kind kind : Node.Kind.values()) {
                    if (kind.collection().equals(collection) && !id.isEmpty()) {
                        return new Name(kind, id);
                    }
                }
            }
        }
        throw ApiException.invalidArgument(
                "Resource name '" + name + "' is not one of organizations/{id}, teams/{id} or projects/{id}.");
    }

    /** Whether {@code name} names an organization itself ({@code organizations/o}), not a resource under one. */
    public static boolean isOrganization(String name) {
        String prefix = Node.Kind.ORGANIZATION.collection() + "/";
        return name.startsWith(prefix) && name.length() > prefix.length() && name.indexOf('/', prefix.length()) < 0;
    }

    public static Name parse(String name, Node.Kind expected) {
        Name parsed = parse(name);
        if (parsed.kind() != expected) {
            throw ApiException.invalidArgument("Expected " + expected.collection() + "/{id} but got '" + name + "'.");
        }
        return parsed;
    }

    public static void requireValidId(String kind, String id) {
        if (id == null || !HIERARCHY_ID.matcher(id).matches()) {
            throw ApiException.invalidArgument("Invalid " + kind + " id '" + id
                    + "': use 3-30 characters, lowercase letters, digits and hyphens, starting with a letter"
                    + " and not ending with a hyphen.");
        }
    }
}

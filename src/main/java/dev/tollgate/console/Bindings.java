package dev.tollgate.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adds or removes one member of one role through {@code :getIamPolicy} and {@code :setIamPolicy} with the etag. */
final class Bindings {

    private Bindings() {}

    static void add(ConsoleApi api, String resource, String role, String member) {
        change(api, resource, role, member, true);
    }

    static void remove(ConsoleApi api, String resource, String role, String member) {
        change(api, resource, role, member, false);
    }

    @SuppressWarnings("unchecked")
    private static void change(ConsoleApi api, String resource, String role, String member, boolean add) {
        Map<String, Object> policy = api.post(resource + ":getIamPolicy", Map.of());
        List<Map<String, Object>> bindings = new ArrayList<>();
        boolean found = false;
        for (Map<String, Object> binding : ConsolePages.list(policy, "bindings")) {
            List<String> members = new ArrayList<>((List<String>) binding.getOrDefault("members", List.of()));
            if (role.equals(binding.get("role"))) {
                found = true;
                members.remove(member);
                if (add) {
                    members.add(member);
                }
            }
            if (!members.isEmpty()) {
                Map<String, Object> copy = new LinkedHashMap<>(binding);
                copy.put("members", members);
                bindings.add(copy);
            }
        }
        if (add && !found) {
            bindings.add(Map.of("role", role, "members", List.of(member)));
        }
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("bindings", bindings);
        next.put("etag", policy.get("etag"));
        api.post(resource + ":setIamPolicy", Map.of("policy", next));
    }
}

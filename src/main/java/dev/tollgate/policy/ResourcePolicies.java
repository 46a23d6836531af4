package dev.tollgate.policy;

import java.time.Instant;
import java.util.Map;

/** What is set on one organization, team or project: its policies by constraint and its settings by name. */
record ResourcePolicies(Map<String, StoredPolicy> policies, Map<String, StoredSetting> settings) {

    record StoredPolicy(String name, String constraint, PolicySpec spec, String etag, Instant updateTime) {}

    record StoredSetting(String name, String value, Instant updateTime) {}

    PolicySpec spec(String constraint) {
        StoredPolicy policy = policies.get(constraint);
        return policy == null ? null : policy.spec();
    }
}

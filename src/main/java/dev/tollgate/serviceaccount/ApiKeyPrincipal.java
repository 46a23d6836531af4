package dev.tollgate.serviceaccount;

import java.util.Optional;

/**
 * The service account an API key stands for, after the key was verified.
 *
 * @param defaultTeam {@code teams/t} for org-scoped accounts
 */
public record ApiKeyPrincipal(String email, String uniqueId, String home, Optional<String> defaultTeam,
        boolean disabled, String keyId) {
}

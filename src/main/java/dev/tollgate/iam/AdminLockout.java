package dev.tollgate.iam;

import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Keeps every organization administrable (docs/api.md "Allow policies"): its policy keeps a {@code roles/admin}
 * member, and the account of its only admin is not deleted or disabled. Without an admin nobody could change the
 * organization's policy again, and on the bootstrap organization nobody could create organizations.
 */
@ApplicationScoped
public class AdminLockout {

    private final AllowPolicyStore policies;

    public AdminLockout(AllowPolicyStore policies) {
        this.policies = policies;
    }

    /** FAILED_PRECONDITION when {@code bindings}, the new policy of {@code organization}, name no admin. */
    static void requireAdminKept(String organization, List<AllowPolicy.Binding> bindings) {
        if (bindings.stream().noneMatch(binding -> binding.role().equals(Roles.ADMIN))) {
            throw ApiException.failedPrecondition(organization + " must keep at least one " + Roles.ADMIN + " member:"
                    + " without one nobody could change its policy again. Bind the new admin before removing the"
                    + " last one.");
        }
    }

    /**
     * FAILED_PRECONDITION when the service account {@code email} is the only admin of an organization, which
     * {@code change} (delete, disable) would leave without one.
     */
    public Uni<Void> requireNotOnlyAdmin(String email, String change) {
        String member = "serviceAccount:" + email;
        return policies.organizationsAdministeredOnlyBy(member)
                .invoke(organizations -> {
                    if (!organizations.isEmpty()) {
                        throw ApiException.failedPrecondition(member + " is the only " + Roles.ADMIN + " member of "
                                + String.join(", ", organizations) + ": bind another admin there before you " + change
                                + " it.");
                    }
                })
                .replaceWithVoid();
    }
}

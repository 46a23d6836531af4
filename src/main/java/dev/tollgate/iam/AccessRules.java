package dev.tollgate.iam;

import dev.tollgate.hierarchy.Node;
import dev.tollgate.hierarchy.Visibility;
import dev.tollgate.iam.Authorizer.Chain;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pure rules of {@link Authorizer}'s chain (docs/api.md "IAM allow policies"), without I/O: bindings inherited
 * down the chain (above a RESTRICTED project only {@code roles/admin}), and the implicit project data access of
 * service-account scopes and OPEN projects. The authorizer loads what a rule needs and asks it.
 */
final class AccessRules {

    private AccessRules() {}

    /**
     * Whether a binding on the chain grants {@code permission} to one of {@code principals}; {@code policies} are the
     * allow policies of {@code chain.resources()}, in that order (nearest first).
     */
    static boolean bindingsAllow(Chain chain, List<AllowPolicy> policies, Set<String> principals, String permission) {
        boolean adminOnly = false;
        for (int i = 0; i < chain.resources().size(); i++) {
            if (policies.get(i).allows(principals, permission, adminOnly)) {
                return true;
            }
            adminOnly = adminOnly || chain.restrictedAt(chain.resources().get(i));
        }
        return false;
    }

    /** What implicit data access to the chain's project depends on. */
    enum Implicit {
        /** None: not a data permission, no project, a RESTRICTED project, or a scope that does not reach it. */
        DENIED,
        /** The service account's home is the project's organization or team. */
        GRANTED,
        /** An OPEN project: granted when the caller is named on the organization or one of its teams. */
        IF_ORGANIZATION_MEMBER,
        /** An OPEN project and a team-scoped account of another team: granted when that team is in the organization. */
        IF_TEAM_IN_ORGANIZATION
    }

    static Implicit implicitAccess(Caller caller, Chain chain, String permission) {
        Optional<Node> found = chain.project();
        if (!Authorizer.DATA_PERMISSIONS.contains(permission)
                || found.isEmpty()
                || found.get().visibility() == Visibility.RESTRICTED) {
            return Implicit.DENIED;
        }
        Node project = found.get();
        boolean open = project.visibility() == Visibility.OPEN;
        if (caller.serviceAccountHome().isEmpty()) {
            return open ? Implicit.IF_ORGANIZATION_MEMBER : Implicit.DENIED;
        }
        String home = caller.serviceAccountHome().get();
        if (home.equals("organizations/" + project.orgId())) {
            return Implicit.GRANTED;
        }
        if (!home.startsWith("teams/")) {
            return Implicit.DENIED;
        }
        if (home.equals("teams/" + project.teamId().orElseThrow())) {
            return Implicit.GRANTED;
        }
        return open ? Implicit.IF_TEAM_IN_ORGANIZATION : Implicit.DENIED;
    }
}

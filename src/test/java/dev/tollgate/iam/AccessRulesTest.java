package dev.tollgate.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.hierarchy.Node;
import dev.tollgate.hierarchy.Visibility;
import dev.tollgate.iam.AccessRules.Implicit;
import dev.tollgate.iam.AllowPolicy.Binding;
import dev.tollgate.iam.Authorizer.Chain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The authorizer's chain without a container: inheritance down the hierarchy and implicit project data access. */
class AccessRulesTest {

    private static final Node ORG = new Node(
            Node.Kind.ORGANIZATION, "o", "o", Optional.empty(), "o", Optional.empty(), null, null, Instant.EPOCH);
    private static final Node TEAM = new Node(
            Node.Kind.TEAM, "t", "t", Optional.of("organizations/o"), "o", Optional.of("t"), null, null, Instant.EPOCH);
    private static final Caller ALICE = Caller.user("alice@example.test");

    // bindings

    @Test
    void aBindingOnTheOrganizationIsInheritedByATeamProject() {
        Chain chain = chain("projects/p", Visibility.TEAM);

        assertTrue(allows(chain, ALICE, "projects.get", binding("roles/viewer", "organizations/o", ALICE)));
        assertFalse(allows(chain, ALICE, "projects.delete", binding("roles/viewer", "organizations/o", ALICE)));
        assertFalse(allows(
                chain,
                Caller.user("bob@example.test"),
                "projects.get",
                binding("roles/viewer", "organizations/o", ALICE)));
    }

    @Test
    void aboveARestrictedProjectOnlyAdminIsInherited() {
        Chain chain = chain("projects/p", Visibility.RESTRICTED);

        assertFalse(allows(chain, ALICE, "projects.get", binding("roles/viewer", "organizations/o", ALICE)));
        assertFalse(allows(chain, ALICE, "projects.get", binding("roles/viewer", "teams/t", ALICE)));
        assertTrue(allows(chain, ALICE, "projects.get", binding(Roles.ADMIN, "teams/t", ALICE)));
        assertTrue(allows(chain, ALICE, "projects.get", binding(Roles.ADMIN, "organizations/o", ALICE)));
        assertTrue(allows(chain, ALICE, "projects.get", binding("roles/viewer", "projects/p", ALICE)));
    }

    @Test
    void aResourceInsideAProjectInheritsFromItAndHoldsItsOwnBindings() {
        Chain chain = chain("projects/p/serviceAccounts/1", Visibility.RESTRICTED);

        assertEquals(
                List.of("projects/p/serviceAccounts/1", "projects/p", "teams/t", "organizations/o"), chain.resources());
        assertTrue(
                allows(chain, ALICE, "projects.get", binding("roles/viewer", "projects/p/serviceAccounts/1", ALICE)));
        assertTrue(allows(chain, ALICE, "projects.get", binding("roles/viewer", "projects/p", ALICE)));
        assertFalse(allows(chain, ALICE, "projects.get", binding("roles/viewer", "organizations/o", ALICE)));
    }

    // implicit data access

    @Test
    void anOpenProjectIsReachedByOrganizationMembersForDataPermissionsOnly() {
        assertEquals(Implicit.IF_ORGANIZATION_MEMBER, implicit(ALICE, Visibility.OPEN, "projects.get"));
        assertEquals(Implicit.IF_ORGANIZATION_MEMBER, implicit(ALICE, Visibility.OPEN, "projects.write"));
        assertEquals(Implicit.DENIED, implicit(ALICE, Visibility.OPEN, "projects.delete"));
        assertEquals(Implicit.DENIED, implicit(ALICE, Visibility.TEAM, "projects.get"));
        assertEquals(Implicit.DENIED, implicit(ALICE, Visibility.RESTRICTED, "projects.get"));
    }

    @Test
    void serviceAccountsReachTheProjectsOfTheirScope() {
        Caller orgScoped = Caller.serviceAccount("ci@o.test", "1", "organizations/o");
        Caller teamScoped = Caller.serviceAccount("ci@t.test", "2", "teams/t");
        Caller otherTeam = Caller.serviceAccount("ci@u.test", "3", "teams/u");
        Caller projectScoped = Caller.serviceAccount("ci@p.test", "4", "projects/q");

        assertEquals(Implicit.GRANTED, implicit(orgScoped, Visibility.TEAM, "projects.get"));
        assertEquals(Implicit.GRANTED, implicit(teamScoped, Visibility.TEAM, "projects.write"));
        assertEquals(Implicit.IF_TEAM_IN_ORGANIZATION, implicit(otherTeam, Visibility.OPEN, "projects.get"));
        assertEquals(Implicit.DENIED, implicit(otherTeam, Visibility.TEAM, "projects.get"));
        assertEquals(Implicit.DENIED, implicit(projectScoped, Visibility.OPEN, "projects.get"));
        assertEquals(
                Implicit.DENIED,
                implicit(Caller.serviceAccount("x@o2.test", "5", "organizations/o2"), Visibility.OPEN, "projects.get"));
    }

    @Test
    void aRestrictedProjectGivesNoImplicitAccessEvenToItsOrganizationsAccounts() {
        Caller orgScoped = Caller.serviceAccount("ci@o.test", "1", "organizations/o");

        assertEquals(Implicit.DENIED, implicit(orgScoped, Visibility.RESTRICTED, "projects.get"));
        assertEquals(Implicit.DENIED, implicit(orgScoped, Visibility.TEAM, "projects.delete"));
    }

    @Test
    void aChainWithoutAProjectGivesNoImplicitAccess() {
        Chain team = Chain.of("teams/t", "teams/t", List.of(TEAM, ORG));

        assertEquals(Implicit.DENIED, AccessRules.implicitAccess(ALICE, team, "projects.get"));
    }

    private static Chain chain(String resource, Visibility visibility) {
        Node project = new Node(
                Node.Kind.PROJECT,
                "p",
                "p",
                Optional.of("teams/t"),
                "o",
                Optional.of("t"),
                visibility,
                "123",
                Instant.EPOCH);
        return Chain.of(resource, Authorizer.hierarchyPrefix(resource), List.of(project, TEAM, ORG));
    }

    private static Implicit implicit(Caller caller, Visibility visibility, String permission) {
        return AccessRules.implicitAccess(caller, chain("projects/p", visibility), permission);
    }

    /** One binding of {@code role} for {@code caller} on {@code resource}, nothing elsewhere on the chain. */
    private record Bound(String role, String resource, Caller caller) {}

    private static Bound binding(String role, String resource, Caller caller) {
        return new Bound(role, resource, caller);
    }

    private static boolean allows(Chain chain, Caller caller, String permission, Bound bound) {
        List<AllowPolicy> policies = new ArrayList<>();
        for (String resource : chain.resources()) {
            policies.add(
                    resource.equals(bound.resource())
                            ? AllowPolicy.of(
                                    1,
                                    List.of(new Binding(
                                            bound.role(), List.of(bound.caller().member()))))
                            : AllowPolicy.EMPTY);
        }
        return AccessRules.bindingsAllow(chain, policies, caller.principals(), permission);
    }
}

package dev.tollgate.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.iam.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FederatedPrincipalsTest {

    private static final PoolName POOL = new PoolName("tollgate.local", "123456", "github");
    private static final String BASE =
            "iam.tollgate.local/projects/123456/locations/global/workloadIdentityPools/github";

    private final MappedAttributes mapped = new MappedAttributes(
            "repo:octo-org/octo-repo:environment:prod", List.of("admins"), Map.of("repository", "octo-org/octo-repo"));

    @Test
    void principalIsSubjectUnderPool() {
        assertEquals(
                "principal://" + BASE + "/subject/repo:octo-org/octo-repo:environment:prod",
                FederatedPrincipals.principal(POOL, mapped.subject()));
    }

    @Test
    void principalSetsCoverPoolGroupsAndAttributes() {
        assertEquals(
                Set.of(
                        "principalSet://" + BASE + "/*",
                        "principalSet://" + BASE + "/group/admins",
                        "principalSet://" + BASE + "/attribute.repository/octo-org/octo-repo"),
                FederatedPrincipals.principalSets(POOL, mapped));
    }

    @Test
    void callerMatchesPrincipalAndEverySet() {
        Caller caller = FederatedPrincipals.caller(POOL, mapped);
        assertEquals(FederatedPrincipals.principal(POOL, mapped.subject()), caller.member());
        assertEquals(FederatedPrincipals.members(POOL, mapped), caller.principals());
        assertFalse(caller.principals().contains("principalSet://" + BASE + "/group/other"));
    }

    @Test
    void providerFullNameIsTheDefaultAudience() {
        assertEquals("//" + BASE + "/providers/gh-actions", POOL.providerFullName("gh-actions"));
        OidcProviderSpec spec =
                new OidcProviderSpec(POOL.providerFullName("gh-actions"), "https://x", List.of(), Optional.empty());
        assertEquals(
                List.of("//" + BASE + "/providers/gh-actions", "https://" + BASE + "/providers/gh-actions"),
                spec.acceptedAudiences());
    }

    @Test
    void isFederatedMemberAcceptsEachFormAndRejectsOthers() {
        FederatedPrincipals.members(POOL, mapped)
                .forEach(member -> assertTrue(FederatedPrincipals.isFederatedMember(member), member));
        assertFalse(FederatedPrincipals.isFederatedMember("principalSet://" + BASE + "/attribute.Bad/x"));
        assertFalse(FederatedPrincipals.isFederatedMember("principal://" + BASE + "/subject/"));
        assertFalse(FederatedPrincipals.isFederatedMember("user:alice@example.com"));
    }
}

package dev.tollgate.iam;

import dev.tollgate.hierarchy.Node;
import dev.tollgate.hierarchy.ResourceNames;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class AllowPolicyRepository implements PanacheRepositoryBase<AllowPolicyEntity, String> {

    /** The policies of organizations whose stored bindings name {@code member} (the caller reads the bindings). */
    Uni<List<AllowPolicyEntity>> organizationPoliciesNaming(String member) {
        String organizations = Node.Kind.ORGANIZATION.collection() + "/";
        return find(
                        "substring(resource, 1, ?1) = ?2 and locate(?3, bindings) > 0",
                        organizations.length(),
                        organizations,
                        "\"" + member + "\"")
                .list()
                .map(rows -> rows.stream()
                        .filter(row -> ResourceNames.isOrganization(row.resource))
                        .toList());
    }

    /** The resources with a policy that are {@code resource} itself or named under it ({@code resource/…}). */
    Uni<List<String>> atOrUnder(String resource) {
        return find("resource = ?1 or substring(resource, 1, ?2) = ?3", resource, resource.length() + 1, resource + "/")
                .list()
                .map(rows -> rows.stream().map(row -> row.resource).toList());
    }
}

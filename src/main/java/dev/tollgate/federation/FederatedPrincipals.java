package dev.tollgate.federation;

import dev.tollgate.iam.Caller;
import dev.tollgate.support.TollgateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The IAM members of a federated identity (docs/api.md "Workload identity federation"): its {@code principal://…/subject/{s}} and every
 * {@code principalSet://…} form (group, attribute, whole pool) that a binding may name to match it.
 */
@ApplicationScoped
public class FederatedPrincipals {

    private static final Pattern MEMBER = Pattern.compile(
            "(principal://iam\\.[^/]+/projects/[^/]+/locations/global/workloadIdentityPools/[a-z0-9-]{4,32}/subject/.+)"
                    + "|(principalSet://iam\\.[^/]+/projects/[^/]+/locations/global/workloadIdentityPools/[a-z0-9-]{4,32}"
                    + "/(\\*|group/.+|attribute\\.[a-z_][a-z0-9_]*/.+))");

    private final TollgateConfig config;

    public FederatedPrincipals(TollgateConfig config) {
        this.config = config;
    }

    /** A pool in this server's IAM domain. */
    public PoolName pool(String projectNumber, String poolId) {
        return new PoolName(config.iamDomain(), projectNumber, poolId);
    }

    /** {@code principal://iam.{domain}/projects/{n}/locations/global/workloadIdentityPools/{pool}/subject/{subject}} */
    public static String principal(PoolName pool, String subject) {
        return "principal://" + pool.path() + "/subject/" + subject;
    }

    /** The pool-wide, group and attribute principal sets the mapped identity belongs to. */
    public static Set<String> principalSets(PoolName pool, MappedAttributes mapped) {
        String base = "principalSet://" + pool.path();
        Set<String> sets = new LinkedHashSet<>();
        sets.add(base + "/*");
        mapped.groups().forEach(group -> sets.add(base + "/group/" + group));
        mapped.attributes().forEach((name, value) -> sets.add(base + "/attribute." + name + "/" + value));
        return sets;
    }

    /** Every member string that matches this identity: the principal and its principal sets. */
    public static Set<String> members(PoolName pool, MappedAttributes mapped) {
        Set<String> members = new LinkedHashSet<>();
        members.add(principal(pool, mapped.subject()));
        members.addAll(principalSets(pool, mapped));
        return members;
    }

    /** The IAM caller a federated token stands for. */
    public static Caller caller(PoolName pool, MappedAttributes mapped) {
        return Caller.federated(principal(pool, mapped.subject()), principalSets(pool, mapped));
    }

    /** True for a syntactically valid {@code principal://} or {@code principalSet://} member (for binding validation). */
    public static boolean isFederatedMember(String member) {
        return member != null && MEMBER.matcher(member).matches();
    }
}

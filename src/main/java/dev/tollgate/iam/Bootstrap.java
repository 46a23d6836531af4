package dev.tollgate.iam;

import dev.tollgate.hierarchy.HierarchyService;
import dev.tollgate.support.TollgateConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * First start with an empty database: creates the bootstrap organization and makes the configured members its
 * admins. Later starts change nothing.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    private final HierarchyService hierarchy;
    private final AllowPolicyStore policies;
    private final TollgateConfig config;

    public Bootstrap(HierarchyService hierarchy, AllowPolicyStore policies, TollgateConfig config) {
        this.hierarchy = hierarchy;
        this.policies = policies;
        this.config = config;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) throws Throwable {
        // Start-up runs before any request is served; waiting here is what makes "ready" mean bootstrapped.
        VertxContextSupport.subscribeAndAwait(this::bootstrap);
    }

    private Uni<Void> bootstrap() {
        String org = config.bootstrap().organization();
        List<String> admins = config.bootstrap().admins().orElse(List.of());
        return hierarchy.createBootstrapOrganization(org).flatMap(created -> {
            if (!created) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("Created bootstrap organization '%s' with admins %s", org, admins);
            if (admins.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            admins.forEach(Members::requireValid);
            return Panache.withTransaction(() ->
                            policies.put("organizations/" + org, List.of(new AllowPolicy.Binding(Roles.ADMIN, admins))))
                    .replaceWithVoid();
        });
    }
}

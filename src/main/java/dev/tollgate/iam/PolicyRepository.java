package dev.tollgate.iam;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PolicyRepository implements PanacheRepositoryBase<PolicyEntity, String> {
}

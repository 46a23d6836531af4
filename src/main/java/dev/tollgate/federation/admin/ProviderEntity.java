package dev.tollgate.federation.admin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "workload_identity_pool_providers")
public class ProviderEntity {

    /** The pool's resource followed by {@code /providers/{provider}}. */
    @Id
    public String resource;

    @Column(name = "pool_resource")
    public String poolResource;

    @Column(name = "provider_id")
    public String providerId;

    @Column(name = "display_name")
    public String displayName;

    public String description;

    public boolean disabled;

    @Column(name = "issuer_uri")
    public String issuerUri;

    @Column(name = "allowed_audiences")
    public String[] allowedAudiences;

    @Column(name = "jwks_json")
    public String jwksJson;

    /** The mapping as a JSON object of key to CEL expression. */
    @Column(name = "attribute_mapping")
    public String attributeMapping;

    @Column(name = "attribute_condition")
    public String attributeCondition;

    @Column(name = "create_time")
    public Instant createTime;

    @Column(name = "delete_time")
    public Instant deleteTime;
}

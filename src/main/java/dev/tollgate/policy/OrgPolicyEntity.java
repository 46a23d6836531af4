package dev.tollgate.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "org_policies")
public class OrgPolicyEntity {

    /** {@code {resource}/policies/{constraint}}. */
    @Id
    public String name;

    public String resource;

    @Column(name = "constraint_name")
    public String constraint;

    /** The normalized {@link PolicySpec} as JSON. */
    public String spec;

    public String etag;

    @Column(name = "update_time")
    public Instant updateTime;
}

package dev.tollgate.iam;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "iam_policies")
public class AllowPolicyEntity {

    @Id
    public String resource;

    /** The bindings as JSON. */
    public String bindings;

    public int version;

    @Column(name = "update_time")
    public Instant updateTime;
}

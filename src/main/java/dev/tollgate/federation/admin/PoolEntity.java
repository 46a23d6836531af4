package dev.tollgate.federation.admin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "workload_identity_pools")
public class PoolEntity {

    /** {@code projects/{projectId}/locations/global/workloadIdentityPools/{pool}}: the pool's IAM resource. */
    @Id
    public String resource;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "pool_id")
    public String poolId;

    @Column(name = "display_name")
    public String displayName;

    public String description;

    public boolean disabled;

    @Column(name = "create_time")
    public Instant createTime;

    @Column(name = "delete_time")
    public Instant deleteTime;
}

package dev.tollgate.hierarchy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "organizations")
public class OrganizationEntity {

    @Id
    @Column(name = "org_id")
    public String orgId;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "create_time")
    public Instant createTime;
}

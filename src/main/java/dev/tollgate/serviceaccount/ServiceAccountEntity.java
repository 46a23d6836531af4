package dev.tollgate.serviceaccount;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "service_accounts")
public class ServiceAccountEntity {

    @Id
    @Column(name = "unique_id")
    public String uniqueId;

    public String home;

    @Column(name = "account_id")
    public String accountId;

    public String email;

    @Column(name = "display_name")
    public String displayName;

    public String description;

    @Column(name = "default_team")
    public String defaultTeam;

    public boolean disabled;

    @Column(name = "create_time")
    public Instant createTime;

    @Column(name = "delete_time")
    public Instant deleteTime;

    @Column(name = "last_used_time")
    public Instant lastUsedTime;
}

package dev.tollgate.serviceaccount;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "service_account_api_keys")
public class ApiKeyEntity {

    @Id
    @Column(name = "key_id")
    public String keyId;

    @Column(name = "account_id")
    public String accountUniqueId;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "secret_hash")
    public byte[] secretHash;

    public boolean disabled;

    @Column(name = "create_time")
    public Instant createTime;

    @Column(name = "expire_time")
    public Instant expireTime;

    @Column(name = "last_used_time")
    public Instant lastUsedTime;
}

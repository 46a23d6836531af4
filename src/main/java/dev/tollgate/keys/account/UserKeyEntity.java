package dev.tollgate.keys.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code service_account_keys}: the public half of a user-managed key, never a private one. */
@Entity
@Table(name = "service_account_keys")
public class UserKeyEntity {

    @Id
    public String kid;

    @Column(name = "account_unique_id")
    public String accountUniqueId;

    @Column(name = "key_origin")
    public String keyOrigin;

    @Column(name = "public_key")
    public byte[] publicKey;

    public String certificate;

    @Column(name = "valid_after")
    public Instant validAfter;

    @Column(name = "valid_before")
    public Instant validBefore;

    public boolean disabled;

    @Column(name = "create_time")
    public Instant createTime;
}

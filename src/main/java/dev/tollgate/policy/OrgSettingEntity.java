package dev.tollgate.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "org_settings")
public class OrgSettingEntity {

    /** {@code {resource}/settings/{setting}}. */
    @Id
    public String name;

    public String resource;

    public String setting;

    public String value;

    @Column(name = "update_time")
    public Instant updateTime;
}

package dev.tollgate.hierarchy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The tombstone of a deleted organization, team or project: its name (and number) are never used again. */
@Entity
@Table(name = "retired_resource_ids")
public class RetiredIdEntity {

    @Id
    @Column(name = "name")
    public String name;

    @Column(name = "project_number")
    public String projectNumber;

    @Column(name = "retire_time")
    public Instant retireTime;
}

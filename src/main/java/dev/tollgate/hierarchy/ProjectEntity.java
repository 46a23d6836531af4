package dev.tollgate.hierarchy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "projects")
public class ProjectEntity {

    @Id
    @Column(name = "project_id")
    public String projectId;

    @Column(name = "project_number")
    public String projectNumber;

    @Column(name = "team_id")
    public String teamId;

    @Column(name = "display_name")
    public String displayName;

    @Enumerated(EnumType.STRING)
    public Visibility visibility;

    @Column(name = "create_time")
    public Instant createTime;
}

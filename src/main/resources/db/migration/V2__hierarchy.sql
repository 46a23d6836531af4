CREATE TABLE organizations (
    org_id       TEXT PRIMARY KEY,
    display_name TEXT        NOT NULL DEFAULT '',
    create_time  TIMESTAMPTZ NOT NULL
);

CREATE TABLE teams (
    team_id      TEXT PRIMARY KEY,
    org_id       TEXT        NOT NULL REFERENCES organizations (org_id),
    display_name TEXT        NOT NULL DEFAULT '',
    create_time  TIMESTAMPTZ NOT NULL
);
CREATE INDEX teams_org ON teams (org_id, team_id);

CREATE TABLE projects (
    project_id     TEXT PRIMARY KEY,
    project_number TEXT        NOT NULL UNIQUE,
    team_id        TEXT        NOT NULL REFERENCES teams (team_id),
    display_name   TEXT        NOT NULL DEFAULT '',
    visibility     TEXT        NOT NULL CHECK (visibility IN ('TEAM', 'RESTRICTED', 'OPEN')),
    create_time    TIMESTAMPTZ NOT NULL
);
CREATE INDEX projects_team ON projects (team_id, project_id);

-- One allow policy per resource (organizations/o, teams/t, projects/p, service accounts, pools).
CREATE TABLE iam_policies (
    resource    TEXT PRIMARY KEY,
    bindings    TEXT        NOT NULL,
    version     INTEGER     NOT NULL,
    update_time TIMESTAMPTZ NOT NULL
);

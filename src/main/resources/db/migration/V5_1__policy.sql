-- Organization policies (docs/api.md "Organization policies and settings"): one row per resource and constraint; spec is the normalized JSON spec.
CREATE TABLE org_policies (
    name            TEXT PRIMARY KEY,
    resource        TEXT        NOT NULL,
    constraint_name TEXT        NOT NULL,
    spec            TEXT        NOT NULL,
    etag            TEXT        NOT NULL,
    update_time     TIMESTAMPTZ NOT NULL,
    UNIQUE (resource, constraint_name)
);

-- Settings of organizations, teams and projects (docs/api.md "Key-expiry setting"): one row per resource and setting.
CREATE TABLE org_settings (
    name        TEXT PRIMARY KEY,
    resource    TEXT        NOT NULL,
    setting     TEXT        NOT NULL,
    value       TEXT        NOT NULL,
    update_time TIMESTAMPTZ NOT NULL,
    UNIQUE (resource, setting)
);

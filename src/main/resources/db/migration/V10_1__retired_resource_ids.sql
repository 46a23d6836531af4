-- Ids of deleted organizations, teams and projects (docs/api.md "Resource hierarchy"): an id is never used again,
-- as a Google Cloud project id is never reused, so nobody can re-create a name and step into what it meant before
-- (IAM bindings naming its service accounts, audit history, federated principals). A project's number is kept
-- too: public names of pools and their principal:// members are built from it.
CREATE TABLE retired_resource_ids (
    name           TEXT PRIMARY KEY,
    project_number TEXT UNIQUE,
    retire_time    TIMESTAMPTZ NOT NULL
);

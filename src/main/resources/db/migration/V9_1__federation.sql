-- Workload identity pools and their OIDC providers (docs/api.md "Workload identity federation"). Rows are keyed by their IAM resource name
-- (projects/{projectId}/locations/global/workloadIdentityPools/{pool}[/providers/{provider}]); a soft-deleted row
-- keeps its delete_time until it is purged.
CREATE TABLE workload_identity_pools (
    resource     TEXT PRIMARY KEY,
    project_id   TEXT        NOT NULL,
    pool_id      TEXT        NOT NULL,
    display_name TEXT        NOT NULL DEFAULT '',
    description  TEXT        NOT NULL DEFAULT '',
    disabled     BOOLEAN     NOT NULL DEFAULT FALSE,
    create_time  TIMESTAMPTZ NOT NULL,
    delete_time  TIMESTAMPTZ,
    UNIQUE (project_id, pool_id)
);

CREATE TABLE workload_identity_pool_providers (
    resource            TEXT PRIMARY KEY,
    pool_resource       TEXT        NOT NULL REFERENCES workload_identity_pools (resource) ON DELETE CASCADE,
    provider_id         TEXT        NOT NULL,
    display_name        TEXT        NOT NULL DEFAULT '',
    description         TEXT        NOT NULL DEFAULT '',
    disabled            BOOLEAN     NOT NULL DEFAULT FALSE,
    issuer_uri          TEXT        NOT NULL,
    allowed_audiences   TEXT[]      NOT NULL,
    jwks_json           TEXT,
    attribute_mapping   TEXT        NOT NULL,
    attribute_condition TEXT,
    create_time         TIMESTAMPTZ NOT NULL,
    delete_time         TIMESTAMPTZ,
    UNIQUE (pool_resource, provider_id)
);
CREATE INDEX workload_identity_pools_deleted ON workload_identity_pools (delete_time) WHERE delete_time IS NOT NULL;
CREATE INDEX workload_identity_pool_providers_deleted ON workload_identity_pool_providers (delete_time)
    WHERE delete_time IS NOT NULL;

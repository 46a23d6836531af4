-- Every key id ever issued (system-managed, server and user-managed keys alike). Rows are never deleted, so a kid
-- is never reused, even after its key is gone.
CREATE TABLE key_ids (
    kid        CHAR(40) PRIMARY KEY CHECK (kid ~ '^[0-9a-f]{40}$'),
    key_set    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- System-managed signing keys, grouped in key sets ('server', 'sa:{uniqueId}'). A key's state at time t is a pure
-- function of its four timestamps, so replicas agree without talking: PENDING [publish_at, activate_at),
-- ACTIVE [activate_at, retire_at), RETIRED [retire_at, delete_at), then deleted.
-- The private half is stored only sealed: AES-256-GCM under a random data key, which is itself AES-256-GCM-wrapped
-- under a key-encryption key derived from the master key named by master_key_id.
CREATE TABLE signing_keys (
    kid                 CHAR(40) PRIMARY KEY REFERENCES key_ids (kid),
    key_set             TEXT NOT NULL,
    algorithm           TEXT NOT NULL CHECK (algorithm IN ('RS256', 'ES256')),
    public_key          BYTEA NOT NULL,
    certificate         TEXT NOT NULL,
    sealed_private_key  BYTEA NOT NULL,
    wrapped_data_key    BYTEA NOT NULL,
    master_key_id       TEXT NOT NULL,
    publish_at          TIMESTAMPTZ NOT NULL,
    activate_at         TIMESTAMPTZ NOT NULL,
    retire_at           TIMESTAMPTZ NOT NULL,
    delete_at           TIMESTAMPTZ NOT NULL,
    CHECK (publish_at <= activate_at AND activate_at < retire_at AND retire_at < delete_at)
);

CREATE INDEX signing_keys_key_set ON signing_keys (key_set);
CREATE INDEX signing_keys_master_key_id ON signing_keys (master_key_id);

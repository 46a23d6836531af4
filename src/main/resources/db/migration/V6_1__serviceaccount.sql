-- Service accounts (docs/api.md "Service accounts"). A deleted account keeps its row (and its email) until it is purged after the
-- retention period; only then may its accountId be used again in the same home.
CREATE TABLE service_accounts (
    unique_id      TEXT PRIMARY KEY,
    home           TEXT        NOT NULL,
    account_id     TEXT        NOT NULL,
    email          TEXT        NOT NULL UNIQUE,
    display_name   TEXT        NOT NULL DEFAULT '',
    description    TEXT        NOT NULL DEFAULT '',
    default_team   TEXT,
    disabled       BOOLEAN     NOT NULL DEFAULT FALSE,
    create_time    TIMESTAMPTZ NOT NULL,
    delete_time    TIMESTAMPTZ,
    last_used_time TIMESTAMPTZ
);
CREATE INDEX service_accounts_home ON service_accounts (home, email);

-- uniqueIds of purged accounts: never handed out again.
CREATE TABLE retired_service_account_ids (
    unique_id   TEXT PRIMARY KEY,
    retire_time TIMESTAMPTZ NOT NULL
);

-- API keys (docs/api.md "API keys"): only HMAC-SHA256(pepper, secret) is stored, never the key string.
CREATE TABLE service_account_api_keys (
    key_id         TEXT PRIMARY KEY,
    account_id     TEXT        NOT NULL REFERENCES service_accounts (unique_id) ON DELETE CASCADE,
    display_name   TEXT        NOT NULL DEFAULT '',
    secret_hash    BYTEA       NOT NULL,
    disabled       BOOLEAN     NOT NULL DEFAULT FALSE,
    create_time    TIMESTAMPTZ NOT NULL,
    expire_time    TIMESTAMPTZ,
    last_used_time TIMESTAMPTZ
);
CREATE INDEX service_account_api_keys_account ON service_account_api_keys (account_id, key_id);

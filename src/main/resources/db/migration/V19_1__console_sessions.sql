-- Console sessions (docs/console.md "Sessions"), shared by every replica and kept across restarts. The browser holds
-- the session id; only its SHA-256 is stored. The credential the console presents to /v1 for the session (an admin
-- API key or the identity provider's access token) is sealed with the keys feature's envelope encryption under the
-- master key, bound to the row's id hash.
CREATE TABLE console_sessions (
    id_hash             BYTEA       PRIMARY KEY,
    principal           TEXT        NOT NULL,
    credential_sealed   BYTEA       NOT NULL,
    credential_data_key BYTEA       NOT NULL,
    master_key_id       TEXT        NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    last_seen_at        TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    flash_error         BOOLEAN,
    flash_text          TEXT
);

CREATE INDEX console_sessions_last_seen_at ON console_sessions (last_seen_at);
CREATE INDEX console_sessions_expires_at ON console_sessions (expires_at);

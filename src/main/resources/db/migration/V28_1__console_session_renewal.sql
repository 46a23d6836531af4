-- A console session signed in with the identity provider keeps the provider's refresh token, sealed like the
-- credential, and where to redeem it, so that any replica can renew the access token before it expires
-- (docs/console.md "Sessions"). NULL for sessions signed in with an API key.
ALTER TABLE console_sessions
    ADD COLUMN credential_expires_at TIMESTAMPTZ,
    ADD COLUMN refresh_sealed        BYTEA,
    ADD COLUMN refresh_data_key      BYTEA,
    ADD COLUMN refresh_master_key_id TEXT,
    ADD COLUMN refresh_uri           TEXT;

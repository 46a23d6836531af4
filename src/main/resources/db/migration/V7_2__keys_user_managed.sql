-- User-managed keys of service accounts (docs/api.md "Keys"): only the public half and a self-signed certificate are
-- stored; the private half of a created key is returned once and never kept. The kid is registered in key_ids,
-- so a kid (the SHA-1 of the public key) is never reused: the same public key cannot be uploaded twice, nor after
-- its key was deleted, nor under another account.
CREATE TABLE service_account_keys (
    kid               CHAR(40) PRIMARY KEY REFERENCES key_ids (kid),
    account_unique_id TEXT        NOT NULL,
    key_origin        TEXT        NOT NULL CHECK (key_origin IN ('USER_PROVIDED', 'GOOGLE_PROVIDED')),
    public_key        BYTEA       NOT NULL,
    certificate       TEXT        NOT NULL,
    valid_after       TIMESTAMPTZ NOT NULL,
    valid_before      TIMESTAMPTZ NOT NULL,
    disabled          BOOLEAN     NOT NULL DEFAULT FALSE,
    create_time       TIMESTAMPTZ NOT NULL,
    CHECK (valid_after < valid_before)
);

CREATE INDEX service_account_keys_account ON service_account_keys (account_unique_id);

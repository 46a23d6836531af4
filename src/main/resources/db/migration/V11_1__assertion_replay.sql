-- jwt-bearer assertions already used (RFC 7523 §3 item 7), shared by every replica: one row per (issuer, jti) until
-- the assertion expires. A replica claims an assertion by inserting its row; a second insert is a replay.
CREATE TABLE used_assertions (
    issuer     TEXT        NOT NULL,
    jti        TEXT        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (issuer, jti)
);

CREATE INDEX used_assertions_expires_at ON used_assertions (expires_at);

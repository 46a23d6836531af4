CREATE TABLE audit_log (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    timestamp       TIMESTAMPTZ NOT NULL,
    principal       TEXT        NOT NULL,
    attributed_user TEXT,
    method          TEXT        NOT NULL,
    resource        TEXT        NOT NULL,
    result          TEXT        NOT NULL,
    caller_ip       TEXT        NOT NULL DEFAULT '',
    user_agent      TEXT        NOT NULL DEFAULT '',
    request_id      TEXT        NOT NULL DEFAULT '',
    within          VARCHAR[]   NOT NULL,
    details         TEXT        NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_within ON audit_log USING GIN (within);
CREATE INDEX audit_log_timestamp ON audit_log (timestamp);

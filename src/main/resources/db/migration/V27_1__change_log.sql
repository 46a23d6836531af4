-- Every change-feed announcement (support.ChangeFeed), written in the announcing transaction: each replica polls the
-- recent rows (support.ChangeLog), so a change reaches its caches even when the NOTIFY was lost. changed_at is the
-- database clock at the announcement; the pollers delete rows older than an hour.
CREATE TABLE change_log (
    id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic      TEXT        NOT NULL,
    key        TEXT        NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX change_log_changed_at ON change_log (changed_at);

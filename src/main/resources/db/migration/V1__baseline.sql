-- Tollgate schema baseline. A landed migration is never edited: add V<n>__<feature>_<change>.sql instead.
-- Versions are grouped by feature so parallel work never collides:
--   V1 baseline, V2 hierarchy, V3 iam, V4 audit, V5 policy, V6 serviceaccount, V7 keys, V8 token, V9 federation.
CREATE TABLE server_info (
    singleton    BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    installed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

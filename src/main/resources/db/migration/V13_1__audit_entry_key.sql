-- A key per entry written by the group-commit writer, fixed when the entry is queued: a retried INSERT whose first
-- attempt committed after all (timeout, lost connection) adds nothing (ON CONFLICT DO NOTHING). Entries written in
-- a feature's own transaction have none (NULLs never conflict).
ALTER TABLE audit_log ADD COLUMN entry_key UUID;
CREATE UNIQUE INDEX audit_log_entry_key ON audit_log (entry_key);

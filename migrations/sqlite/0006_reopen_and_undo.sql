-- A moderator's reopening outlasts the age rule, and an audit entry remembers being undone.
ALTER TABLE threads ADD COLUMN reopened_at INTEGER;
ALTER TABLE audit_log ADD COLUMN undone_by INTEGER REFERENCES audit_log(id);

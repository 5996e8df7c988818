-- How a comment's body_source is read (as SQLite's 0014): 'html' for every body written
-- before, 'markdown' for every body written since; body_html stays what readers get.
ALTER TABLE comments ADD COLUMN body_format TEXT NOT NULL DEFAULT 'html' CHECK (body_format IN ('html', 'markdown'));

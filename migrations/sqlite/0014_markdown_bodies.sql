-- How a comment's body_source is read: 'html' (text with a little HTML, every body written
-- before this migration) or 'markdown' (every body written since). body_html stays the
-- rendered, sanitized body readers get; the source is kept so an edit starts from what the
-- reader typed.
ALTER TABLE comments ADD COLUMN body_format TEXT NOT NULL DEFAULT 'html' CHECK (body_format IN ('html', 'markdown'));

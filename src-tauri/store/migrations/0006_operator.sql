-- Who entered a stop's reason or scrap at a tablet of `[display]` (an `[[operator]]`'s
-- name, after their PIN); NULL for entries from the window, `takt stops` or an import.
ALTER TABLE reason_assignment ADD COLUMN operator TEXT;
ALTER TABLE scrap_entry ADD COLUMN operator TEXT;

-- inloop schema 5: a member of staff takes a case over (automation paused) and hands it back.

-- Set while a person handles the case: workers do not claim it, and its sleep, reminder and
-- deadline timers wait (they fire after the hand-back if still due).
ALTER TABLE cases ADD COLUMN paused_by TEXT;
ALTER TABLE cases ADD COLUMN paused_at TEXT;

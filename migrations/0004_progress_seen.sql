-- When a learner's progress row was last written, so rows of learners not
-- seen for a year can be deleted (Store.ExpireProgress). Triggers keep it
-- up to date, so no code that writes progress has to remember it.
-- strftime matches the RFC 3339 UTC text the store writes elsewhere.
ALTER TABLE exercise_progress ADD COLUMN seen_at TEXT;

UPDATE exercise_progress SET seen_at = COALESCE(solved_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

CREATE INDEX exercise_progress_seen ON exercise_progress (seen_at);

CREATE TRIGGER exercise_progress_seen_insert AFTER INSERT ON exercise_progress
BEGIN
    UPDATE exercise_progress SET seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER exercise_progress_seen_update AFTER UPDATE OF attempts, hints_revealed, solution_shown, solved_at ON exercise_progress
BEGIN
    UPDATE exercise_progress SET seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE rowid = NEW.rowid;
END;

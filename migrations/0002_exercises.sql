-- Guided exercises. Rows are written from the embedded exercise files at
-- start-up: a row changes only when its file's version or bytes do.
CREATE TABLE exercises (
    id         TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    definition TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- One row per anonymous learner (a random id in a cookie) and exercise.
-- No foreign key to exercises: progress outlives an exercise's edits.
CREATE TABLE exercise_progress (
    learner        TEXT NOT NULL,
    exercise_id    TEXT NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    hints_revealed INTEGER NOT NULL DEFAULT 0,
    solution_shown TEXT,
    solved_at      TEXT,
    PRIMARY KEY (learner, exercise_id)
) STRICT;

-- Solved attempts shared as permalinks; the id is a content hash, so
-- sharing the same answer twice gives the same link.
CREATE TABLE exercise_shares (
    id          TEXT PRIMARY KEY,
    exercise_id TEXT NOT NULL,
    attempt     TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

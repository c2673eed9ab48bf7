-- Exercises are now read from the files built into the binary when the
-- server starts, so the database no longer keeps a copy of them: only the
-- learners' progress, which now includes their answers, so an exercise
-- reopens where the learner left it.
DROP TABLE exercises;

-- The learner's latest stack (an attempt as JSON), and the latest one that
-- met every goal: a solved exercise reopens on its solving answer even if
-- the learner went on to break it.
ALTER TABLE exercise_progress ADD COLUMN last_attempt TEXT;
ALTER TABLE exercise_progress ADD COLUMN solved_attempt TEXT;

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ExerciseDef is one exercise file as the database keeps it.
type ExerciseDef struct {
	ID         string
	Version    int
	Position   int
	Hash       string
	Definition []byte
}

// ExerciseRow is a stored exercise with one learner's verdict on it.
type ExerciseRow struct {
	ID         string
	Position   int
	Definition []byte
	Solved     bool
}

// Progress is one learner's record on one exercise.
type Progress struct {
	Attempts      int
	HintsRevealed int
	SolutionShown bool
	// SolvedAt is zero until the learner solves the exercise on their own.
	SolvedAt time.Time
}

// SyncExercises writes the exercise files into the database: a new id is
// inserted, an id whose version or bytes changed is updated, and nothing
// else is touched (no deletions, no progress changes). It returns how many
// rows it wrote.
func (s *Store) SyncExercises(ctx context.Context, defs []ExerciseDef) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("sync exercises: %w", err)
	}
	defer tx.Rollback()
	now := s.Now().UTC().Format(time.RFC3339)
	written := 0
	for _, d := range defs {
		var version, position int
		var hash string
		err := tx.QueryRowContext(ctx, `SELECT version, position, hash FROM exercises WHERE id = ?`, d.ID).Scan(&version, &position, &hash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO exercises (id, version, position, hash, definition, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				d.ID, d.Version, d.Position, d.Hash, string(d.Definition), now)
		case err != nil:
		case version != d.Version || hash != d.Hash || position != d.Position:
			_, err = tx.ExecContext(ctx, `UPDATE exercises SET version = ?, position = ?, hash = ?, definition = ?, updated_at = ? WHERE id = ?`,
				d.Version, d.Position, d.Hash, string(d.Definition), now, d.ID)
		default:
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("sync exercise %s: %w", d.ID, err)
		}
		written++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("sync exercises: %w", err)
	}
	return written, nil
}

// ListExercises returns every stored exercise in list order, each marked
// solved or not for the learner.
func (s *Store) ListExercises(ctx context.Context, learner string) ([]ExerciseRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.position, e.definition, p.solved_at IS NOT NULL
		FROM exercises e LEFT JOIN exercise_progress p ON p.exercise_id = e.id AND p.learner = ?
		ORDER BY e.position, e.id`, learner)
	if err != nil {
		return nil, fmt.Errorf("list exercises: %w", err)
	}
	defer rows.Close()
	var out []ExerciseRow
	for rows.Next() {
		var r ExerciseRow
		var def string
		if err := rows.Scan(&r.ID, &r.Position, &def, &r.Solved); err != nil {
			return nil, fmt.Errorf("list exercises: %w", err)
		}
		r.Definition = []byte(def)
		out = append(out, r)
	}
	return out, rows.Err()
}

// GetExercise returns one stored exercise definition, or ErrNotFound.
func (s *Store) GetExercise(ctx context.Context, id string) ([]byte, error) {
	var def string
	err := s.db.QueryRowContext(ctx, `SELECT definition FROM exercises WHERE id = ?`, id).Scan(&def)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get exercise: %w", err)
	}
	return []byte(def), nil
}

// GetProgress returns the learner's record on an exercise (zero if none).
func (s *Store) GetProgress(ctx context.Context, learner, exerciseID string) (Progress, error) {
	return getProgress(ctx, s.db, learner, exerciseID)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getProgress(ctx context.Context, q queryer, learner, exerciseID string) (Progress, error) {
	var p Progress
	var shown, solved sql.NullString
	err := q.QueryRowContext(ctx, `SELECT attempts, hints_revealed, solution_shown, solved_at FROM exercise_progress
		WHERE learner = ? AND exercise_id = ?`, learner, exerciseID).Scan(&p.Attempts, &p.HintsRevealed, &shown, &solved)
	if errors.Is(err, sql.ErrNoRows) {
		return Progress{}, nil
	}
	if err != nil {
		return Progress{}, fmt.Errorf("get progress: %w", err)
	}
	p.SolutionShown = shown.Valid
	if solved.Valid {
		p.SolvedAt, _ = time.Parse(time.RFC3339, solved.String)
	}
	return p, nil
}

// updateProgress runs one change to a learner's row in a transaction,
// creating the row first, and returns the row afterwards.
func (s *Store) updateProgress(ctx context.Context, learner, exerciseID, query string, args ...any) (Progress, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Progress{}, fmt.Errorf("update progress: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO exercise_progress (learner, exercise_id) VALUES (?, ?)
		ON CONFLICT (learner, exercise_id) DO NOTHING`, learner, exerciseID); err != nil {
		return Progress{}, fmt.Errorf("update progress: %w", err)
	}
	if _, err := tx.ExecContext(ctx, query, append(args, learner, exerciseID)...); err != nil {
		return Progress{}, fmt.Errorf("update progress: %w", err)
	}
	p, err := getProgress(ctx, tx, learner, exerciseID)
	if err != nil {
		return Progress{}, err
	}
	if err := tx.Commit(); err != nil {
		return Progress{}, fmt.Errorf("update progress: %w", err)
	}
	return p, nil
}

// RecordAttempt counts one checked attempt. A solved attempt sets the
// solved time the first time, unless the learner was shown a solution
// before solving it: a shown solution does not count as solved.
func (s *Store) RecordAttempt(ctx context.Context, learner, exerciseID string, solved bool) (Progress, error) {
	now := s.Now().UTC().Format(time.RFC3339)
	return s.updateProgress(ctx, learner, exerciseID, `UPDATE exercise_progress SET attempts = attempts + 1,
		solved_at = CASE WHEN ? AND solved_at IS NULL AND solution_shown IS NULL THEN ? ELSE solved_at END
		WHERE learner = ? AND exercise_id = ?`, solved, now)
}

// RevealHint reveals the next hint, up to max, and returns the record.
func (s *Store) RevealHint(ctx context.Context, learner, exerciseID string, max int) (Progress, error) {
	return s.updateProgress(ctx, learner, exerciseID, `UPDATE exercise_progress SET hints_revealed = MIN(hints_revealed + 1, ?)
		WHERE learner = ? AND exercise_id = ?`, max)
}

// MarkSolutionShown records that the learner asked to see a solution.
func (s *Store) MarkSolutionShown(ctx context.Context, learner, exerciseID string) (Progress, error) {
	now := s.Now().UTC().Format(time.RFC3339)
	return s.updateProgress(ctx, learner, exerciseID, `UPDATE exercise_progress SET solution_shown = COALESCE(solution_shown, ?)
		WHERE learner = ? AND exercise_id = ?`, now)
}

// ResetProgress forgets everything about one learner.
func (s *Store) ResetProgress(ctx context.Context, learner string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM exercise_progress WHERE learner = ?`, learner); err != nil {
		return fmt.Errorf("reset progress: %w", err)
	}
	return nil
}

// PutExerciseShare stores a solved attempt under id unless the id exists,
// and returns what is stored under id afterwards (see PutShare).
func (s *Store) PutExerciseShare(ctx context.Context, id, exerciseID string, attempt []byte) ([]byte, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("put exercise share: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO exercise_shares (id, exercise_id, attempt, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, id, exerciseID, string(attempt), s.Now().UTC().Format(time.RFC3339)); err != nil {
		return nil, fmt.Errorf("put exercise share: %w", err)
	}
	var got string
	if err := tx.QueryRowContext(ctx, `SELECT attempt FROM exercise_shares WHERE id = ?`, id).Scan(&got); err != nil {
		return nil, fmt.Errorf("put exercise share: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("put exercise share: %w", err)
	}
	return []byte(got), nil
}

// GetExerciseShare returns the exercise id and attempt stored under id, or
// ErrNotFound.
func (s *Store) GetExerciseShare(ctx context.Context, id string) (string, []byte, error) {
	var ex, attempt string
	err := s.db.QueryRowContext(ctx, `SELECT exercise_id, attempt FROM exercise_shares WHERE id = ?`, id).Scan(&ex, &attempt)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, ErrNotFound
	}
	if err != nil {
		return "", nil, fmt.Errorf("get exercise share: %w", err)
	}
	return ex, []byte(attempt), nil
}

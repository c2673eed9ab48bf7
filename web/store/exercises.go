package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Progress is one learner's record on one exercise.
type Progress struct {
	Attempts      int
	HintsRevealed int
	SolutionShown bool
	// SolvedAt is zero until the learner solves the exercise on their own.
	SolvedAt time.Time
	// LastAttempt is the learner's latest answer (JSON, nil before the
	// first change); SolvedAttempt is the latest one that met every goal,
	// nil once the learner starts over.
	LastAttempt, SolvedAttempt []byte
}

// SolvedExercises returns the ids of the exercises the learner solved.
func (s *Store) SolvedExercises(ctx context.Context, learner string) (map[string]bool, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT exercise_id FROM exercise_progress
		WHERE learner = ? AND solved_at IS NOT NULL`, learner)
	if err != nil {
		return nil, fmt.Errorf("solved exercises: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("solved exercises: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// GetProgress returns the learner's record on an exercise (zero if none).
func (s *Store) GetProgress(ctx context.Context, learner, exerciseID string) (Progress, error) {
	return getProgress(ctx, s.read, learner, exerciseID)
}

// progressColumns are what scanProgress reads, in its order.
const progressColumns = `attempts, hints_revealed, solution_shown, solved_at, last_attempt, solved_attempt`

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getProgress(ctx context.Context, q queryer, learner, exerciseID string) (Progress, error) {
	p, err := scanProgress(q.QueryRowContext(ctx, `SELECT `+progressColumns+` FROM exercise_progress
		WHERE learner = ? AND exercise_id = ?`, learner, exerciseID))
	if errors.Is(err, sql.ErrNoRows) {
		return Progress{}, nil
	}
	return p, err
}

func scanProgress(row *sql.Row) (Progress, error) {
	var p Progress
	var shown, solved, last, solvedAttempt sql.NullString
	if err := row.Scan(&p.Attempts, &p.HintsRevealed, &shown, &solved, &last, &solvedAttempt); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Progress{}, err
		}
		return Progress{}, fmt.Errorf("read progress: %w", err)
	}
	p.SolutionShown = shown.Valid
	if solved.Valid {
		p.SolvedAt, _ = time.Parse(time.RFC3339, solved.String)
	}
	if last.Valid {
		p.LastAttempt = []byte(last.String)
	}
	if solvedAttempt.Valid {
		p.SolvedAttempt = []byte(solvedAttempt.String)
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

// SaveAttempt keeps the learner's latest answer, in one statement since
// the page calls it on every change. A changed answer counts as an
// attempt; a solving one is kept as the solved answer and sets the solved
// time the first time, unless the learner was shown a solution before
// solving it: a shown solution does not count as solved.
func (s *Store) SaveAttempt(ctx context.Context, learner, exerciseID string, attempt []byte, solved bool) (Progress, error) {
	now := s.Now().UTC().Format(time.RFC3339)
	p, err := scanProgress(s.db.QueryRowContext(ctx, `INSERT INTO exercise_progress
		(learner, exercise_id, attempts, last_attempt, solved_attempt, solved_at)
		VALUES (?1, ?2, 1, ?3, CASE WHEN ?4 THEN ?3 END, CASE WHEN ?4 THEN ?5 END)
		ON CONFLICT (learner, exercise_id) DO UPDATE SET
			attempts = attempts + (last_attempt IS NOT excluded.last_attempt),
			last_attempt = excluded.last_attempt,
			solved_attempt = CASE WHEN ?4 THEN excluded.last_attempt ELSE solved_attempt END,
			solved_at = CASE WHEN ?4 AND solved_at IS NULL AND solution_shown IS NULL THEN ?5 ELSE solved_at END
		RETURNING `+progressColumns, learner, exerciseID, string(attempt), solved, now))
	if err != nil {
		return Progress{}, fmt.Errorf("save attempt: %w", err)
	}
	return p, nil
}

// StartOver forgets the learner's answers to one exercise, so it reopens
// on its starting stack; whether it was solved, the hints and the shown
// solution stay as they were.
func (s *Store) StartOver(ctx context.Context, learner, exerciseID string) (Progress, error) {
	return s.updateProgress(ctx, learner, exerciseID, `UPDATE exercise_progress SET last_attempt = NULL, solved_attempt = NULL
		WHERE learner = ? AND exercise_id = ?`)
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
	err := s.read.QueryRowContext(ctx, `SELECT exercise_id, attempt FROM exercise_shares WHERE id = ?`, id).Scan(&ex, &attempt)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, ErrNotFound
	}
	if err != nil {
		return "", nil, fmt.Errorf("get exercise share: %w", err)
	}
	return ex, []byte(attempt), nil
}

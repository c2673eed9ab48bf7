package store_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/middleware-playground/playground/migrations"

	"github.com/middleware-playground/playground/web/store"
)

// TestProgressSurvivesRestart: answers, solves and hints are all still
// there after the database is closed and opened again, per learner.
func TestProgressSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAttempt(ctx, "learner1", "a", []byte(`{"m":["fixed"]}`), true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAttempt(ctx, "learner1", "a", []byte(`{"m":["broken again"]}`), false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAttempt(ctx, "learner1", "b", []byte(`{"m":["trying"]}`), false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RevealHint(ctx, "learner1", "b", 3); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	solved, err := s.SolvedExercises(ctx, "learner1")
	if err != nil || len(solved) != 1 || !solved["a"] {
		t.Fatalf("solved after restart = %v, %v; want just a", solved, err)
	}
	a, err := s.GetProgress(ctx, "learner1", "a")
	if err != nil || a.SolvedAt.IsZero() || a.Attempts != 2 ||
		string(a.SolvedAttempt) != `{"m":["fixed"]}` || string(a.LastAttempt) != `{"m":["broken again"]}` {
		t.Errorf("a's progress after restart = %+v (%s, %s), %v", a, a.SolvedAttempt, a.LastAttempt, err)
	}
	b, err := s.GetProgress(ctx, "learner1", "b")
	if err != nil || b.HintsRevealed != 1 || b.SolvedAttempt != nil || string(b.LastAttempt) != `{"m":["trying"]}` {
		t.Errorf("b's progress after restart = %+v, %v", b, err)
	}
	if other, _ := s.SolvedExercises(ctx, "someone-else"); len(other) != 0 {
		t.Errorf("another learner sees %v solved", other)
	}
	if p, err := s.GetProgress(ctx, "someone-else", "a"); err != nil || p.LastAttempt != nil || p.Attempts != 0 {
		t.Errorf("another learner's progress on a = %+v, %v", p, err)
	}
}

// TestSaveAttemptCountsChanges: the page saves on every change, and
// opening a trace sends the same answer again; only a new answer counts.
func TestSaveAttemptCountsChanges(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for i, c := range []struct {
		body     string
		attempts int
	}{{`{"m":1}`, 1}, {`{"m":1}`, 1}, {`{"m":2}`, 2}, {`{"m":1}`, 3}} {
		p, err := s.SaveAttempt(ctx, "l", "x", []byte(c.body), false)
		if err != nil || p.Attempts != c.attempts || string(p.LastAttempt) != c.body {
			t.Fatalf("save %d (%s): %+v, %v; want %d attempts", i+1, c.body, p, err, c.attempts)
		}
	}
}

// TestStartOver forgets the answers but not that the exercise was solved.
func TestStartOver(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	s.SaveAttempt(ctx, "l", "x", []byte(`{"m":1}`), true)
	s.RevealHint(ctx, "l", "x", 3)
	p, err := s.StartOver(ctx, "l", "x")
	if err != nil || p.LastAttempt != nil || p.SolvedAttempt != nil || p.SolvedAt.IsZero() || p.HintsRevealed != 1 {
		t.Fatalf("after starting over: %+v, %v; want no answers, still solved, the hint kept", p, err)
	}
	// Solving again keeps the new answer; the first solved time stays.
	first := p.SolvedAt
	s.Now = func() time.Time { return first.Add(time.Hour) }
	p, _ = s.SaveAttempt(ctx, "l", "x", []byte(`{"m":2}`), true)
	if string(p.SolvedAttempt) != `{"m":2}` || !p.SolvedAt.Equal(first) {
		t.Errorf("solved again: %+v", p)
	}
}

// TestMigrationKeepsProgress: a database from before exercises were read
// from memory loses its copy of the definitions and keeps the progress.
func TestMigrationKeepsProgress(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	old := fstest.MapFS{
		"0001_shares.sql":    {Data: mustRead(t, "0001_shares.sql")},
		"0002_exercises.sql": {Data: mustRead(t, "0002_exercises.sql")},
	}
	if _, err := migrations.ApplyFS(ctx, db, old); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO exercises VALUES ('a', 1, 1, 'h', '{}', 'now');
		INSERT INTO exercise_progress (learner, exercise_id, attempts, hints_revealed, solved_at) VALUES ('l', 'a', 4, 2, '2026-01-02T03:04:05Z')`); err != nil {
		t.Fatal(err)
	}
	applied, err := migrations.Apply(ctx, db)
	if err != nil || len(applied) == 0 || applied[0] != "0003_exercises_from_memory.sql" {
		t.Fatalf("applied %v, %v", applied, err)
	}
	var n int
	db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'exercises'`).Scan(&n)
	if n != 0 {
		t.Error("the exercises table is still there")
	}
	var attempts, hints int
	var solved string
	var last sql.NullString
	err = db.QueryRowContext(ctx, `SELECT attempts, hints_revealed, solved_at, last_attempt FROM exercise_progress WHERE learner = 'l'`).Scan(&attempts, &hints, &solved, &last)
	if err != nil || attempts != 4 || hints != 2 || solved != "2026-01-02T03:04:05Z" || last.Valid {
		t.Errorf("progress after the migration: %d %d %q %v, %v", attempts, hints, solved, last, err)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(migrations.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestProgressRules(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for i := 0; i < 5; i++ {
		p, err := s.RevealHint(ctx, "l", "x", 3)
		if err != nil {
			t.Fatal(err)
		}
		if want := min(i+1, 3); p.HintsRevealed != want {
			t.Fatalf("after %d reveals, %d hints; want %d", i+1, p.HintsRevealed, want)
		}
	}
	p, _ := s.SaveAttempt(ctx, "l", "x", []byte(`{}`), false)
	if p.Attempts != 1 || !p.SolvedAt.IsZero() {
		t.Fatalf("after a failed attempt: %+v", p)
	}
	// A shown solution, then a solved attempt: not counted as solved.
	s.MarkSolutionShown(ctx, "l", "x")
	p, _ = s.SaveAttempt(ctx, "l", "x", []byte(`{"solution":1}`), true)
	if p.Attempts != 2 || !p.SolvedAt.IsZero() || !p.SolutionShown {
		t.Fatalf("solved after seeing the solution: %+v; want not solved", p)
	}
	// Reset forgets it all; solving on one's own then counts.
	if err := s.ResetProgress(ctx, "l"); err != nil {
		t.Fatal(err)
	}
	p, _ = s.SaveAttempt(ctx, "l", "x", []byte(`{"mine":1}`), true)
	if p.Attempts != 1 || p.SolvedAt.IsZero() || p.SolutionShown {
		t.Fatalf("solved after a reset: %+v", p)
	}
	first := p.SolvedAt
	p, _ = s.SaveAttempt(ctx, "l", "x", []byte(`{"mine":2}`), true)
	if !p.SolvedAt.Equal(first) {
		t.Error("a second solve moved the solved time")
	}
}

func TestExerciseShares(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if _, _, err := s.GetExerciseShare(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown share: %v", err)
	}
	got, err := s.PutExerciseShare(ctx, "id1", "ex", []byte(`{"m":1}`))
	if err != nil || string(got) != `{"m":1}` {
		t.Fatalf("put = %s, %v", got, err)
	}
	got, _ = s.PutExerciseShare(ctx, "id1", "ex", []byte(`{"m":2}`))
	if string(got) != `{"m":1}` {
		t.Errorf("a second put under the same id replaced the first: %s", got)
	}
	ex, att, err := s.GetExerciseShare(ctx, "id1")
	if err != nil || ex != "ex" || string(att) != `{"m":1}` {
		t.Errorf("get = %s %s %v", ex, att, err)
	}
}

package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/middleware-playground/playground/web/store"
)

func def(id string, version, pos int, body string) store.ExerciseDef {
	return store.ExerciseDef{ID: id, Version: version, Position: pos, Hash: "h-" + body, Definition: []byte(body)}
}

// TestExerciseSyncAndProgressSurviveRestart: an edited file updates its
// row only; other rows and the learners' progress are left alone, and all
// of it is still there after the database is closed and opened again.
func TestExerciseSyncAndProgressSurviveRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.SyncExercises(ctx, []store.ExerciseDef{def("a", 1, 1, `{"t":"A"}`), def("b", 1, 2, `{"t":"B"}`)})
	if err != nil || n != 2 {
		t.Fatalf("first sync wrote %d, %v; want 2", n, err)
	}
	if n, err := s.SyncExercises(ctx, []store.ExerciseDef{def("a", 1, 1, `{"t":"A"}`), def("b", 1, 2, `{"t":"B"}`)}); err != nil || n != 0 {
		t.Fatalf("unchanged sync wrote %d, %v; want 0", n, err)
	}
	if _, err := s.RecordAttempt(ctx, "learner1", "a", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RevealHint(ctx, "learner1", "b", 3); err != nil {
		t.Fatal(err)
	}
	// b's file is edited (same version, new bytes); a's file is gone.
	if n, err := s.SyncExercises(ctx, []store.ExerciseDef{def("b", 1, 2, `{"t":"B2"}`)}); err != nil || n != 1 {
		t.Fatalf("edited sync wrote %d, %v; want 1", n, err)
	}
	s.Close()

	s, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.ListExercises(ctx, "learner1")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].ID != "a" || string(rows[0].Definition) != `{"t":"A"}` || !rows[0].Solved {
		t.Fatalf("row a after restart = %+v", rows)
	}
	if string(rows[1].Definition) != `{"t":"B2"}` || rows[1].Solved {
		t.Errorf("row b after restart = %+v", rows[1])
	}
	p, err := s.GetProgress(ctx, "learner1", "b")
	if err != nil || p.HintsRevealed != 1 {
		t.Errorf("b's progress after restart = %+v, %v", p, err)
	}
	other, _ := s.ListExercises(ctx, "someone-else")
	if other[0].Solved {
		t.Error("another learner sees learner1's solve")
	}
	if _, err := s.GetExercise(ctx, "zzz"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetExercise(unknown) = %v", err)
	}
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
	p, _ := s.RecordAttempt(ctx, "l", "x", false)
	if p.Attempts != 1 || !p.SolvedAt.IsZero() {
		t.Fatalf("after a failed attempt: %+v", p)
	}
	// A shown solution, then a solved attempt: not counted as solved.
	s.MarkSolutionShown(ctx, "l", "x")
	p, _ = s.RecordAttempt(ctx, "l", "x", true)
	if p.Attempts != 2 || !p.SolvedAt.IsZero() || !p.SolutionShown {
		t.Fatalf("solved after seeing the solution: %+v; want not solved", p)
	}
	// Reset forgets it all; solving on one's own then counts.
	if err := s.ResetProgress(ctx, "l"); err != nil {
		t.Fatal(err)
	}
	p, _ = s.RecordAttempt(ctx, "l", "x", true)
	if p.Attempts != 1 || p.SolvedAt.IsZero() || p.SolutionShown {
		t.Fatalf("solved after a reset: %+v", p)
	}
	first := p.SolvedAt
	p, _ = s.RecordAttempt(ctx, "l", "x", true)
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

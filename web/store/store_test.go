package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/middleware-playground/playground/migrations"
	"github.com/middleware-playground/playground/web/store"
	_ "modernc.org/sqlite"
)

func mustOpen(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "sub", "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpen_WAL(t *testing.T) {
	s := mustOpen(t)
	mode, err := s.JournalMode(context.Background())
	if err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
}

func TestShares(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if _, err := s.GetShare(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("GetShare(unknown) err = %v, want ErrNotFound", err)
	}
	got, err := s.PutShare(ctx, "abc", []byte(`{"a":1}`))
	if err != nil || string(got) != `{"a":1}` {
		t.Fatalf("PutShare = %s, %v", got, err)
	}
	// A second put under the same id keeps the first content: the caller
	// compares and detects a collision.
	got, err = s.PutShare(ctx, "abc", []byte(`{"b":2}`))
	if err != nil || string(got) != `{"a":1}` {
		t.Fatalf("PutShare again = %s, %v; want the first content", got, err)
	}
	got, err = s.GetShare(ctx, "abc")
	if err != nil || string(got) != `{"a":1}` {
		t.Fatalf("GetShare = %s, %v", got, err)
	}
}

// Ensure migrations run once: a second Apply on the same file is a no-op.
func TestMigrationsIdempotent(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	first, err := migrations.Apply(ctx, db)
	if err != nil || len(first) == 0 {
		t.Fatalf("first Apply = %v, %v; want some migrations applied", first, err)
	}
	second, err := migrations.Apply(ctx, db)
	if err != nil || len(second) != 0 {
		t.Fatalf("second Apply = %v, %v; want nothing applied", second, err)
	}
}

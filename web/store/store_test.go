package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/middleware-playground/playground/migrations"
	"github.com/middleware-playground/playground/web/store"
	_ "modernc.org/sqlite"
)

func mustOpen(t testing.TB) *store.Store {
	t.Helper()
	s, _ := openAt(t)
	return s
}

func openAt(t testing.TB) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "p.db")
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// Ensure the database runs in WAL mode (readers never wait for the
// writer): a write goes to the -wal file beside the database.
func TestOpen_WAL(t *testing.T) {
	s, path := openAt(t)
	if _, err := s.PutShare(context.Background(), "abc", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("no write-ahead log beside the database: %v", err)
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

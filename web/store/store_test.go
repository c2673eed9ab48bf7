package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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

// Ensure a burst of simultaneous writes waits its turn instead of failing
// with SQLITE_BUSY, and that reads go on beside it.
func TestShares_Burst(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const n = 500
	errs := make(chan error, 2*n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("id%d", i)
			body := fmt.Sprintf(`{"n":%d,"pad":%q}`, i, strings.Repeat("x", 4000))
			got, err := s.PutShare(ctx, id, []byte(body))
			if err == nil && string(got) != body {
				err = fmt.Errorf("%s stored %.20s", id, got)
			}
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := s.GetShare(ctx, fmt.Sprintf("id%d", i/2))
			if errors.Is(err, store.ErrNotFound) {
				err = nil
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		if _, err := s.GetShare(ctx, fmt.Sprintf("id%d", i)); err != nil {
			t.Fatalf("share %d: %v", i, err)
		}
	}
}

// Ensure the size cap refuses new shares with ErrFull, still answers a
// share already stored, and counts from what the file holds.
func TestShares_Full(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if _, err := s.PutShare(ctx, "old", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	s.MaxBytes = 1 << 20
	pad := strings.Repeat("x", 64<<10)
	var i int
	var err error
	for i = 0; i < 100 && err == nil; i++ {
		_, err = s.PutShare(ctx, fmt.Sprint(i), []byte(pad))
	}
	if !errors.Is(err, store.ErrFull) || i < 10 {
		t.Fatalf("after %d shares of 64 KiB under a 1 MiB cap: %v, want ErrFull after about 15", i, err)
	}
	if !errors.Is(s.CheckSpace(ctx), store.ErrFull) {
		t.Error("CheckSpace does not report the full database")
	}
	if got, err := s.PutShare(ctx, "old", []byte(`{}`)); err != nil || string(got) != `{}` {
		t.Errorf("re-sharing a stored state on a full database: %s, %v", got, err)
	}
	s.MaxBytes = 0
	if _, err := s.PutShare(ctx, "more", []byte(pad)); err != nil {
		t.Errorf("without a cap: %v", err)
	}
}

// Ensure progress expires by when the learner was last seen, whichever
// code wrote it.
func TestExpireProgress(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for _, l := range []string{"aaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbb"} {
		if _, err := s.SaveAttempt(ctx, l, "ex-1", []byte(`{}`), false); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.ExpireProgress(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("expiring rows older than an hour ago: %d, %v; want 0", n, err)
	}
	if n, err := s.ExpireProgress(ctx, time.Now().Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("expiring rows older than an hour from now: %d, %v; want 2", n, err)
	}
	if p, err := s.GetProgress(ctx, "aaaaaaaaaaaaaaaaaaaaaa", "ex-1"); err != nil || p.Attempts != 0 {
		t.Errorf("expired progress still there: %+v, %v", p, err)
	}
}

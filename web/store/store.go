// Package store keeps the playground's shared states in a SQLite file. It is
// the only package that imports the SQLite driver.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/middleware-playground/playground/migrations"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned when no share, exercise or exercise share has
// the requested id.
var ErrNotFound = errors.New("not found")

// ErrFull is returned by a write that would grow the database past its
// size cap (see Store.MaxBytes).
var ErrFull = errors.New("the database is full")

// Store is an open playground database.
//
// SQLite lets one connection write at a time; with several writing
// connections, a burst of writes fails with SQLITE_BUSY once the busy
// timeout runs out. So db is a single connection that every write (and
// the reads inside a write's transaction) queues for, in Go, for as long
// as its context allows; read is a pool of read-only connections that WAL
// lets run beside the writer.
type Store struct {
	db   *sql.DB
	read *sql.DB
	// Now is the clock used for created_at; tests may replace it.
	Now func() time.Time
	// MaxBytes caps the database's size: a write that would add data past
	// it fails with ErrFull. Zero means no cap.
	MaxBytes int64
}

// Open opens (creating if needed) the SQLite file at path, with WAL, one
// writer connection and a pool of readers, and applies pending
// migrations. ":memory:" is accepted for demos.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: empty database path")
	}
	if path != ":memory:" {
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("open store: %w", err)
			}
		}
	}
	dsn := func(readOnly bool) string {
		q := url.Values{}
		// Another process (a second server, the sqlite3 shell) may still
		// hold the lock for a moment.
		q.Add("_pragma", "busy_timeout(5000)")
		q.Add("_pragma", "journal_mode(wal)")
		q.Add("_pragma", "foreign_keys(1)")
		if readOnly {
			q.Add("_pragma", "query_only(1)")
		} else {
			// BEGIN IMMEDIATE takes the write lock up front, so a
			// transaction never fails half-way because a read lock could
			// not be upgraded.
			q.Add("_txlock", "immediate")
		}
		return "file:" + path + "?" + q.Encode()
	}
	db, err := sql.Open("sqlite", dsn(false))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(0)
	if _, err := migrations.Apply(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	s := &Store{db: db, read: db, Now: time.Now}
	// Every connection to :memory: is its own empty database: there the
	// one connection serves reads too.
	if path != ":memory:" {
		if s.read, err = sql.Open("sqlite", dsn(true)); err != nil {
			db.Close()
			return nil, fmt.Errorf("open store: %w", err)
		}
		n := max(4, runtime.GOMAXPROCS(0))
		s.read.SetMaxOpenConns(n)
		s.read.SetMaxIdleConns(n)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.read != s.db {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Ping checks that the database answers, for /healthz. It reads, so a
// queue of writes does not make the server look down.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// CheckSpace returns ErrFull when the database has reached MaxBytes.
// Free pages left by deleted rows count as room.
func (s *Store) CheckSpace(ctx context.Context) error {
	return s.checkSpace(ctx, s.read)
}

func (s *Store) checkSpace(ctx context.Context, q rowQuerier) error {
	if s.MaxBytes <= 0 {
		return nil
	}
	var used int64
	if err := q.QueryRowContext(ctx, `SELECT (p.page_count - f.freelist_count) * s.page_size
		FROM pragma_page_count() p, pragma_freelist_count() f, pragma_page_size() s`).Scan(&used); err != nil {
		return fmt.Errorf("database size: %w", err)
	}
	if used >= s.MaxBytes {
		return ErrFull
	}
	return nil
}

// ExpireProgress forgets the exercise progress of learners not seen
// since before: a learner is an anonymous cookie, so a row nobody has
// touched for that long will most likely never be read again. It returns
// how many rows went.
func (s *Store) ExpireProgress(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM exercise_progress WHERE seen_at < ?`, before.UTC().Format(time.RFC3339))
	if err != nil {
		return 0, fmt.Errorf("expire progress: %w", err)
	}
	return res.RowsAffected()
}

// PutShare stores a scenario under id unless that id already exists. It
// reports the scenario stored under id afterwards, so the caller can tell a
// repeat of the same share (same content) from a hash-prefix collision.
// A full database still answers a share that is already stored.
func (s *Store) PutShare(ctx context.Context, id string, scenario []byte) (stored []byte, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("put share: %w", err)
	}
	defer tx.Rollback()
	var got string
	err = tx.QueryRowContext(ctx, `SELECT scenario FROM shares WHERE id = ?`, id).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		if err := s.checkSpace(ctx, tx); err != nil {
			return nil, err
		}
		got = string(scenario)
		_, err = tx.ExecContext(ctx, `INSERT INTO shares (id, scenario, created_at) VALUES (?, ?, ?)`,
			id, got, s.Now().UTC().Format(time.RFC3339))
	}
	if err != nil {
		return nil, fmt.Errorf("put share: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("put share: %w", err)
	}
	return []byte(got), nil
}

// GetShare returns the scenario stored under id, or ErrNotFound.
func (s *Store) GetShare(ctx context.Context, id string) ([]byte, error) {
	var got string
	err := s.read.QueryRowContext(ctx, `SELECT scenario FROM shares WHERE id = ?`, id).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get share: %w", err)
	}
	return []byte(got), nil
}

// rowQuerier is what *sql.DB and *sql.Tx share for one-row queries.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

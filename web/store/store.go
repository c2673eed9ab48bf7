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
	"time"

	"github.com/middleware-playground/playground/migrations"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned when no share, exercise or exercise share has
// the requested id.
var ErrNotFound = errors.New("not found")

// Store is an open playground database.
type Store struct {
	db *sql.DB
	// Now is the clock used for created_at; tests may replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the SQLite file at path, with WAL and a
// busy timeout so concurrent shares wait for each other instead of failing,
// and applies pending migrations. ":memory:" is accepted for demos.
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
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(wal)")
	q.Add("_pragma", "foreign_keys(1)")
	// BEGIN IMMEDIATE takes the write lock up front, so a transaction never
	// fails half-way because a read lock could not be upgraded.
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if path == ":memory:" {
		// Every connection to :memory: is its own empty database.
		db.SetMaxOpenConns(1)
	}
	if _, err := migrations.Apply(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	return &Store{db: db, Now: time.Now}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the database answers, for /healthz.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// PutShare stores a scenario under id unless that id already exists. It
// reports the scenario stored under id afterwards, so the caller can tell a
// repeat of the same share (same content) from a hash-prefix collision.
func (s *Store) PutShare(ctx context.Context, id string, scenario []byte) (stored []byte, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("put share: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO shares (id, scenario, created_at) VALUES (?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, id, string(scenario), s.Now().UTC().Format(time.RFC3339)); err != nil {
		return nil, fmt.Errorf("put share: %w", err)
	}
	var got string
	if err := tx.QueryRowContext(ctx, `SELECT scenario FROM shares WHERE id = ?`, id).Scan(&got); err != nil {
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
	err := s.db.QueryRowContext(ctx, `SELECT scenario FROM shares WHERE id = ?`, id).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get share: %w", err)
	}
	return []byte(got), nil
}

// Package migrations holds the SQLite schema as forward-only SQL files and
// applies the ones a database has not seen yet.
//
// Files are named NNNN_what.sql and applied in lexical order, each in its own
// transaction together with the row that records it in schema_migrations.
// A file is never edited once it has been committed: change the schema with
// a new file.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"time"
)

//go:embed *.sql
var files embed.FS

// FS is the embedded set of migration files.
var FS fs.FS = files

// Apply runs every migration in FS that db has not recorded yet, and
// returns the names it applied.
func Apply(ctx context.Context, db *sql.DB) ([]string, error) {
	return ApplyFS(ctx, db, FS)
}

// ApplyFS is Apply with another set of files, for tests.
func ApplyFS(ctx context.Context, db *sql.DB, fsys fs.FS) ([]string, error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name       TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	var applied []string
	for _, name := range names {
		done, err := applyOne(ctx, db, fsys, name)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, name)
		}
	}
	return applied, nil
}

// applyOne applies one file unless it is already recorded. The check and
// the apply share a transaction, so two processes starting at once cannot
// both run the same file.
func applyOne(ctx context.Context, db *sql.DB, fsys fs.FS, name string) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("begin %s: %w", name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return false, fmt.Errorf("check %s: %w", name, err)
	}
	if n > 0 {
		return false, nil
	}
	body, err := fs.ReadFile(fsys, name)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return false, fmt.Errorf("apply %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, fmt.Errorf("record %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit %s: %w", name, err)
	}
	return true, nil
}

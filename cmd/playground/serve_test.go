package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listening = regexp.MustCompile(`listening on (http://\S+/)`)

// Ensure the server starts from the environment's database path, answers
// /healthz, and exits 0 when its context ends (as on SIGINT/SIGTERM).
func TestServe(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "env.db")
	getenv := func(k string) string {
		if k == "PLAYGROUND_DB" {
			return db
		}
		return ""
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, getenv, nil, &stdout, &stderr) }()

	var base string
	deadline := time.Now().Add(10 * time.Second)
	for base == "" {
		if m := listening.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("server did not start; stderr:\n%s", stderr.String())
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
	resp, err := http.Get(base + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("healthz = %d %s", resp.StatusCode, body)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("database not created at $PLAYGROUND_DB: %v", err)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code = %d, stderr:\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not shut down")
	}
}

func TestServe_BadFlags(t *testing.T) {
	var out, errb syncBuffer
	if code := run(context.Background(), []string{"-nope"}, func(string) string { return "" }, nil, &out, &errb); code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
	if code := run(context.Background(), []string{"-trusted-proxy", "10.0.0.0/99"}, func(string) string { return "" }, nil, &out, &errb); code != 2 {
		t.Errorf("bad -trusted-proxy: exit %d, want 2", code)
	}
	if code := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-db", t.TempDir()}, func(string) string { return "" }, nil, &out, &errb); code != 1 {
		t.Errorf("database path is a directory: exit %d, want 1", code)
	}
}

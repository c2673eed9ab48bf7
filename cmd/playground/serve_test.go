package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
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

// Ensure the collector's pace comes from the flag, else from GOGC and
// GOMEMLIMIT as the runtime read them, else from the defaults.
func TestTuneGC(t *testing.T) {
	prevPercent := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetGCPercent(prevPercent)
	defer debug.SetMemoryLimit(prevLimit)

	tune := func(args []string, env map[string]string) (percent int, limit int64) {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		p := fs.Int("gc-percent", defaultGCPercent, "")
		m := fs.Int("memory-limit-mib", defaultMemoryLimitMB, "")
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		tuneGC(fs, *p, *m, func(k string) string { return env[k] })
		percent = debug.SetGCPercent(100)
		return percent, debug.SetMemoryLimit(-1)
	}
	if p, l := tune(nil, nil); p != defaultGCPercent || l != defaultMemoryLimitMB<<20 {
		t.Errorf("defaults: GC percent %d, limit %d", p, l)
	}
	if p, l := tune(nil, map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}); p != 100 || l != math.MaxInt64 {
		t.Errorf("with GOGC and GOMEMLIMIT set, the runtime's reading was replaced: %d, %d", p, l)
	}
	if p, l := tune([]string{"-gc-percent", "250", "-memory-limit-mib", "64"}, map[string]string{"GOGC": "50"}); p != 250 || l != 64<<20 {
		t.Errorf("flags: GC percent %d, limit %d", p, l)
	}
}

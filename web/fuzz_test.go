package web_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/middleware-playground/playground/web"
	"github.com/middleware-playground/playground/web/store"
)

// postEndpoints are every POST route; the fuzzer picks one by the input's
// first byte.
var postEndpoints = []string{
	"/api/simulate",
	"/api/simulate?steps=1",
	"/api/share",
	"/api/compare",
	"/api/export/django-test",
	"/api/export/django-test?request=0",
	"/ui/run",
	"/ui/trace",
	"/ui/paste",
	"/ui/export",
	"/ui/upgrade",
	"/ui/compare",
	"/api/exercises/default-order/check",
	"/api/exercises/default-order/hint",
	"/api/exercises/default-order/solution",
	"/api/exercises/default-order/share",
	"/api/exercises/default-order/start-over",
	"/ui/exercises/default-order/run",
	"/ui/exercises/default-order/trace",
	"/ui/exercises/default-order/versus",
	"/api/progress/reset",
}

// answerType is the Content-Type an endpoint answers with: JSON, errors
// included, but for the fragments the page's dialogs draw and the Django
// test export, when they succeed.
func answerType(path string, status int) string {
	switch {
	case status != http.StatusOK:
		return "application/json"
	case strings.HasPrefix(path, "/ui/compare"), strings.HasPrefix(path, "/ui/upgrade"), strings.HasSuffix(path, "/versus"):
		return "text/html"
	case strings.HasPrefix(path, "/api/export/django-test"):
		return "text/x-python"
	}
	return "application/json"
}

// Per-request ceilings: the heaviest valid scenario (64 middleware, 100
// requests, every step) stays well under them.
const (
	maxFuzzAlloc = 256 << 20
	maxFuzzTime  = 5 * time.Second
)

// benchHandler is the server's handler on a fresh database, as the binary
// builds it, with quotas out of the way.
func benchHandler(tb testing.TB) http.Handler {
	tb.Helper()
	st, err := store.Open(tb.Context(), filepath.Join(tb.TempDir(), "fuzz.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return web.NewServer(web.Config{
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Store:    st,
		Progress: st,
		Limits: web.Limits{
			Shares:   web.Rate{Burst: 1 << 30, Every: time.Nanosecond},
			Progress: web.Rate{Burst: 1 << 30, Every: time.Nanosecond},
		},
	})
}

// FuzzHandlers sends arbitrary bodies to every POST endpoint. Whatever the
// body, the answer must not be a 5xx (a recovered panic is a 500), and one
// request must not allocate or take more than the ceilings. Run it with
//
//	go test ./web -run FuzzHandlers -fuzz FuzzHandlers -fuzzminimizetime 2s
//
// (new inputs are large, and minimizing each for the default minute
// looks like a stall).
func FuzzHandlers(f *testing.F) {
	scenario, err := os.ReadFile("testdata/default-stack.json")
	if err != nil {
		f.Fatal(err)
	}
	for i := range postEndpoints {
		f.Add(byte(i), scenario)
		f.Add(byte(i), []byte(`{"scenario": `+string(scenario)+`, "open": 3}`))
		f.Add(byte(i), []byte(`{"text": "MIDDLEWARE = ['a.B'] * 3\nMIDDLEWARE += [x for x in 'abc']"}`))
		f.Add(byte(i), []byte(`{"middleware": ["django.middleware.security.SecurityMiddleware"], "settings": {}, "choices": {}}`))
		f.Add(byte(i), []byte(`{"middleware": [`))
		f.Add(byte(i), []byte{0xff, 0xfe, 0})
		f.Add(byte(i), []byte(`{"a": `+string(scenario)+`, "b": {"middleware": []}}`))
		f.Add(byte(i), []byte(`{"text": "import os\nif os.environ.get('X'):\n    MIDDLEWARE = ['a.B']", "env": {"X": "1"}}`))
	}
	h := benchHandler(f)
	f.Fuzz(func(t *testing.T, which byte, body []byte) {
		path := postEndpoints[int(which)%len(postEndpoints)]
		req := httptest.NewRequest("POST", path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		h.ServeHTTP(w, req)
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		if w.Code >= 500 {
			t.Fatalf("POST %s %q = %d %s", path, body, w.Code, w.Body)
		}
		if want := answerType(path, w.Code); !strings.HasPrefix(w.Header().Get("Content-Type"), want) {
			t.Errorf("POST %s answered %d %q, not %s", path, w.Code, w.Header().Get("Content-Type"), want)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > maxFuzzAlloc {
			t.Errorf("POST %s allocated %d MiB for a %d-byte body", path, n>>20, len(body))
		}
		if took > maxFuzzTime {
			t.Errorf("POST %s took %v for a %d-byte body", path, took, len(body))
		}
	})
}

func benchScenario(b *testing.B) []byte {
	b.Helper()
	body, err := os.ReadFile("testdata/default-stack.json")
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkSimulate is POST /api/simulate with the default-stack
// scenario through the whole handler chain, middleware included.
func BenchmarkSimulate(b *testing.B) {
	h, body := benchHandler(b), benchScenario(b)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/api/simulate", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}

// BenchmarkPage is GET / through the whole handler chain.
func BenchmarkPage(b *testing.B) {
	h := benchHandler(b)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		if w.Code != 200 {
			b.Fatalf("%d", w.Code)
		}
	}
}

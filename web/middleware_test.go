package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Ensure a panic becomes a 500 in the route's format, never a dropped
// connection or a blank page.
func TestRecoverer(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := securityHeaders(recoverer(log)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	for _, tt := range []struct{ path, ctype string }{{"/api/x", "application/json"}, {"/", "text/plain"}} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", tt.path, nil))
		if w.Code != 500 || !strings.HasPrefix(w.Header().Get("Content-Type"), tt.ctype) {
			t.Errorf("%s: %d %s", tt.path, w.Code, w.Header().Get("Content-Type"))
		}
		if w.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("%s: the 500 lacks the security headers", tt.path)
		}
	}
}

func TestTimeout(t *testing.T) {
	h := timeout(10 * time.Millisecond)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/x", nil))
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), `"error"`) || w.Header().Get("Retry-After") == "" {
		t.Errorf("timeout = %d %s", w.Code, w.Body)
	}
}

// Ensure a content id never ends in '-' or '_' (chat programs leave a
// trailing punctuation mark out of a link) and depends only on its input.
func TestContentID(t *testing.T) {
	for i := range 2000 {
		canon := []byte(fmt.Sprintf(`{"middleware":[],"n":%d}`, i))
		id := contentID(shareSalt, canon, minShareID)
		if len(id) < minShareID || strings.HasSuffix(id, "_") || strings.HasSuffix(id, "-") {
			t.Fatalf("contentID = %q", id)
		}
		if id != contentID(shareSalt, canon, minShareID) {
			t.Fatal("contentID is not deterministic")
		}
	}
}

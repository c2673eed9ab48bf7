package web_test

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/middleware-playground/playground/web"
	"github.com/middleware-playground/playground/web/store"
)

// lockedBuffer collects log output written from the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newLoggedServer is newServerWith, keeping the log.
func newLoggedServer(t *testing.T, cfg web.Config) (*httptest.Server, *lockedBuffer) {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var buf lockedBuffer
	cfg.Logger, cfg.Store = slog.New(slog.NewTextHandler(&buf, nil)), st
	ts := httptest.NewServer(web.NewServer(cfg))
	t.Cleanup(ts.Close)
	return ts, &buf
}

// waitForLog waits (up to 5 s) for the log to mention what: the server
// writes a request's line after the answer has gone out.
func waitForLog(logs *lockedBuffer, what string) {
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), what) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}

// rawExchange writes req on a fresh connection, closes the writing side
// and returns the status line of the answer ("" if none came).
func rawExchange(t *testing.T, ts *httptest.Server, req string) (string, string) {
	t.Helper()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	conn.(*net.TCPConn).CloseWrite()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return "", ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.Status, string(b)
}

// Ensure a body that ends before it should is the client's error (400 with
// a JSON error), never a 5xx, and is not logged as a failure.
func TestTruncatedBody(t *testing.T) {
	ts, logs := newLoggedServer(t, web.Config{})
	body := `{"middleware": [], "requests": [{"path": "/"}]}`
	for name, req := range map[string]string{
		"short Content-Length": "POST /api/simulate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n" + body,
		"truncated chunked":    "POST /api/share HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + body[:16] + "\r\n40\r\n" + body[16:30],
		"bad chunk size":       "POST /ui/run HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + body,
	} {
		status, out := rawExchange(t, ts, req)
		if !strings.HasPrefix(status, "400") || !strings.Contains(out, `"error"`) {
			t.Errorf("%s: %q %s, want 400 with a JSON error", name, status, out)
		}
	}
	waitForLog(logs, "path=/ui/run")
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a truncated body was logged as an error:\n%s", logs)
	}
}

// Ensure a client that goes away mid-request is logged at info level, not
// as a server failure.
func TestClientGoneIsNotAnError(t *testing.T) {
	ts, logs := newLoggedServer(t, web.Config{})
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(conn, "POST /api/share HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"middle")
	time.Sleep(50 * time.Millisecond)
	conn.Close()
	waitForLog(logs, "/api/share")
	out := logs.String()
	if !strings.Contains(out, "/api/share") {
		t.Fatal("the abandoned request was not logged")
	}
	if strings.Contains(out, "level=ERROR") || strings.Contains(out, "status=5") {
		t.Errorf("an abandoned request was logged as a failure:\n%s", out)
	}
}

// Ensure HEAD works wherever GET does and a 405 says what would work.
func TestHeadAndAllow(t *testing.T) {
	ts := newServer(t)
	for _, p := range []string{"/", "/healthz", "/rules", "/static/js/app.js", "/exercises"} {
		resp, body := do(t, ts, "HEAD", p, "")
		if resp.StatusCode != 200 || body != "" {
			t.Errorf("HEAD %s = %d with %d bytes", p, resp.StatusCode, len(body))
		}
	}
	for _, tt := range []struct{ method, path, allow string }{
		{"GET", "/api/simulate", "POST"},
		{"PUT", "/healthz", "GET, HEAD"},
		{"DELETE", "/api/share/abc", "GET, HEAD"},
		{"POST", "/static/js/app.js", "GET, HEAD"},
	} {
		resp, body := do(t, ts, tt.method, tt.path, "")
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != tt.allow || errorOf(t, body) == "" {
			t.Errorf("%s %s = %d Allow %q, want 405 Allow %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"), tt.allow)
		}
	}
}

// Ensure forwarded headers count only from a configured proxy: anyone
// else cannot choose the scheme of the links or get HSTS by asking.
func TestTrustedProxy(t *testing.T) {
	body := scenarioJSON(t, defaultScenario())
	share := func(ts *httptest.Server, hdr ...string) (*http.Response, string) {
		resp, out := do(t, ts, "POST", "/api/share", body, hdr...)
		if resp.StatusCode != 200 {
			t.Fatalf("share = %d %s", resp.StatusCode, out)
		}
		return resp, out
	}
	fwd := []string{"X-Forwarded-Proto", "https", "X-Forwarded-Host", "play.example", "X-Forwarded-For", "203.0.113.9"}

	untrusted := newServer(t)
	resp, out := share(untrusted, fwd...)
	if !strings.Contains(out, `"url":"`+untrusted.URL+"/s/") || resp.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("untrusted peer's forwarded headers were believed: %s (HSTS %q)", out, resp.Header.Get("Strict-Transport-Security"))
	}

	proxies, err := web.ParseTrustedProxies("10.0.0.0/8, 127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	trusted, logs := newLoggedServer(t, web.Config{TrustedProxies: proxies})
	resp, out = share(trusted, fwd...)
	if !strings.Contains(out, `"url":"https://play.example/s/`) || resp.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("trusted proxy's forwarded headers were not used: %s (HSTS %q)", out, resp.Header.Get("Strict-Transport-Security"))
	}
	// The client is the nearest address that is not a trusted proxy; what
	// the client wrote further left is not believed.
	do(t, trusted, "GET", "/healthz", "", "X-Forwarded-For", "198.51.100.7, 203.0.113.5, 10.1.2.3")
	waitForLog(logs, "path=/healthz")
	if !strings.Contains(logs.String(), "client=203.0.113.5") || !strings.Contains(logs.String(), "remote=127.0.0.1:") {
		t.Errorf("log does not show the forwarded client and the peer:\n%s", logs)
	}

	for _, bad := range []string{"10.0.0.0/33", "nope", "1.2.3.4.5"} {
		if _, err := web.ParseTrustedProxies(bad); err == nil {
			t.Errorf("ParseTrustedProxies(%q) accepted it", bad)
		}
	}
}

package web_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/middleware-playground/playground/static"
)

// Every page links its static files at versioned URLs, and those are
// served for a year as immutable; the icon is linked from every page.
func TestStaticURLsAreVersionedAndImmutable(t *testing.T) {
	ts := newServer(t)
	link := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)
	for _, page := range []string{"/", "/rules", "/exercises", "/exercises/jwt-above-auth", "/nope"} {
		_, body := do(t, ts, "GET", page, "")
		if !strings.Contains(body, `rel="icon"`) {
			t.Errorf("%s has no icon link", page)
		}
		urls := link.FindAllStringSubmatch(body, -1)
		if len(urls) == 0 {
			t.Errorf("%s links no static file", page)
		}
		for _, m := range urls {
			u := m[1]
			if !strings.HasPrefix(u, "/static/"+static.Version+"/") {
				t.Errorf("%s links %s, not under the build version %s", page, u, static.Version)
				continue
			}
			resp, _ := do(t, ts, "GET", u, "")
			if resp.StatusCode != 200 {
				t.Errorf("%s: GET %s = %d", page, u, resp.StatusCode)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("%s: Cache-Control = %q", u, cc)
			}
		}
	}
	// The page preloads every module app.js imports, app.js itself aside.
	_, body := do(t, ts, "GET", "/", "")
	for _, m := range static.Modules("js/app.js")[1:] {
		if !strings.Contains(body, `<link rel="modulepreload" href="`+static.URL(m)+`">`) {
			t.Errorf("no modulepreload for %s", m)
		}
	}
	if n := len(static.Modules("js/app.js")); n < 10 {
		t.Errorf("app.js imports %d modules; the import scan is broken", n)
	}
	// Another build's version still gets the file, but not for a year.
	resp, _ := do(t, ts, "GET", "/static/js/app.js", "")
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("unversioned app.js: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp, _ := do(t, ts, "GET", "/static/"+static.Version+"/js/nope.js", ""); resp.StatusCode != 404 {
		t.Errorf("an unknown versioned file = %d", resp.StatusCode)
	}
}

func decode(t *testing.T, enc string, body string) string {
	t.Helper()
	var r io.Reader
	switch enc {
	case "br":
		r = brotli.NewReader(strings.NewReader(body))
	case "gzip":
		gr, err := gzip.NewReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r = gr
	default:
		return body
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", enc, err)
	}
	return string(b)
}

// HTML, JS, CSS and JSON go out encoded, in the encoding the client
// prefers, and decode to what an unencoded answer holds.
func TestCompression(t *testing.T) {
	ts := newServer(t)
	_, plain := do(t, ts, "GET", "/", "", "Accept-Encoding", "identity")
	for _, c := range []struct{ accept, want string }{
		{"gzip, deflate, br", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"identity", ""},
	} {
		resp, body := do(t, ts, "GET", "/", "", "Accept-Encoding", c.accept)
		if got := resp.Header.Get("Content-Encoding"); got != c.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", c.accept, got, c.want)
			continue
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("no Vary: Accept-Encoding")
		}
		if c.want != "" && len(body) > len(plain)/3 {
			t.Errorf("%s page is %d bytes of %d", c.want, len(body), len(plain))
		}
		// The page is rendered afresh each time, so compare its start.
		if got := decode(t, c.want, body); !strings.HasPrefix(got, "<!doctype html>") || len(got) < len(plain)/2 {
			t.Errorf("%s page decodes to %d bytes: %.60q", c.want, len(got), got)
		}
	}
	for _, p := range []string{"js/editor.js", "css/app.css"} {
		resp, body := do(t, ts, "GET", static.URL(p), "", "Accept-Encoding", "gzip")
		want, _ := static.FS.ReadFile(p)
		if resp.Header.Get("Content-Encoding") != "gzip" || decode(t, "gzip", body) != string(want) {
			t.Errorf("%s: Content-Encoding %q, or it decodes to something else", p, resp.Header.Get("Content-Encoding"))
		}
	}
	// A large JSON answer is encoded; a tiny one goes out as it is.
	resp, body := do(t, ts, "POST", "/ui/run", `{"scenario": `+scenarioJSON(t, defaultScenario())+`}`, "Accept-Encoding", "br")
	if resp.Header.Get("Content-Encoding") != "br" || !strings.HasPrefix(decode(t, "br", body), "{") {
		t.Errorf("run: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	resp, body = do(t, ts, "GET", "/healthz", "", "Accept-Encoding", "br")
	if resp.Header.Get("Content-Encoding") != "" || !strings.Contains(body, "ok") {
		t.Errorf("healthz: Content-Encoding %q, body %q", resp.Header.Get("Content-Encoding"), body)
	}
	// A 304 stays empty and unencoded.
	resp, _ = do(t, ts, "GET", "/static/js/app.js", "", "Accept-Encoding", "gzip")
	resp, body = do(t, ts, "GET", "/static/js/app.js", "", "Accept-Encoding", "gzip", "If-None-Match", resp.Header.Get("ETag"))
	if resp.StatusCode != http.StatusNotModified || resp.Header.Get("Content-Encoding") != "" || body != "" {
		t.Errorf("revalidation: %d %q %d bytes", resp.StatusCode, resp.Header.Get("Content-Encoding"), len(body))
	}
}

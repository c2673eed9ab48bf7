package web_test

import (
	"strings"
	"testing"
)

// Every page with the theme toggle is drawn in the theme cookie's pick,
// and without a pick follows the system (no data-theme); the cached
// pages keep the variants apart.
func TestPagesDrawTheThemePicked(t *testing.T) {
	ts := newServer(t)
	id := share(t, ts, ts.URL, scenarioJSON(t, authAboveSession()))
	paths := []string{"/", "/s/" + id, "/rules", "/exercises", "/exercises/auth-above-session", "/no-such-page"}
	for _, path := range paths {
		// Twice each, in both orders, so a cache holding one variant for
		// all would show.
		for _, cookie := range []string{"theme=dark", "", "theme=light", "theme=dark", "theme=purple", ""} {
			resp, body := do(t, ts, "GET", path, "", "Cookie", cookie)
			want := `<html lang="en">`
			switch cookie {
			case "theme=dark":
				want = `<html lang="en" data-theme="dark">`
			case "theme=light":
				want = `<html lang="en" data-theme="light">`
			}
			if !strings.HasPrefix(body, "<!doctype html>") || body[len("<!doctype html>"):len("<!doctype html>")+len(want)] != want {
				t.Errorf("GET %s with %q: starts %q, want %q", path, cookie, body[:min(len(body), 80)], want)
			}
			if strings.Contains(body, "theme-toggle") {
				pressed := strings.Contains(body, `aria-pressed="true">Dark mode`)
				if pressed != (cookie == "theme=dark") {
					t.Errorf("GET %s with %q: the toggle's aria-pressed is %v", path, cookie, pressed)
				}
			}
			if vary := strings.Join(resp.Header.Values("Vary"), ", "); !strings.Contains(vary, "Cookie") {
				t.Errorf("GET %s: Vary %q, but the page depends on the theme cookie", path, vary)
			}
		}
	}
}

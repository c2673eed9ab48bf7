package web_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
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

// The intro is drawn for a first visit and not once the intro cookie says
// it was dismissed; the cached fresh and shared pages keep both variants.
func TestIntroDrawnUntilDismissed(t *testing.T) {
	ts := newServer(t)
	id := share(t, ts, ts.URL, scenarioJSON(t, authAboveSession()))
	hidden := regexp.MustCompile(`<section id="intro"[^>]*\shidden[\s>]`)
	for _, path := range []string{"/", "/s/" + id} {
		for _, cookie := range []string{"intro=dismissed; theme=dark", "", "intro=dismissed", "theme=dark", "intro=other"} {
			_, body := do(t, ts, "GET", path, "", "Cookie", cookie)
			if !strings.Contains(body, `id="intro"`) {
				t.Fatalf("GET %s: no intro section", path)
			}
			if strings.Contains(body, "</strong>:N") {
				t.Errorf("GET %s: the intro runs a request's label into what it needs", path)
			}
			if got, want := hidden.MatchString(body), strings.Contains(cookie, "intro=dismissed"); got != want {
				t.Errorf("GET %s with %q: intro hidden %v, want %v", path, cookie, got, want)
			}
		}
	}
}

var drawnEntry = regexp.MustCompile(`<li class="mw" tabindex="0" data-path="([^"]+)" data-index="(\d+)" data-testid="mw-entry" aria-label="([^"]+)">`)

// The editor's entries are in the page as drawn, before any script: on
// the playground and on an exercise page.
func TestStackDrawnByTheServer(t *testing.T) {
	ts := newServer(t)
	_, ex := do(t, ts, "GET", "/exercises/auth-above-session", "")
	if n := len(drawnEntry.FindAllString(ex, -1)); n == 0 || !strings.Contains(ex, fmt.Sprintf(`id="mw-count">(%d)</span>`, n)) {
		t.Errorf("the exercise page draws %d entries, or not its count", n)
	}
	_, body := do(t, ts, "GET", "/", "")
	entries := drawnEntry.FindAllStringSubmatch(body, -1)
	want := stack.DefaultMiddleware()
	if len(entries) != len(want) {
		t.Fatalf("%d entries drawn, want %d", len(entries), len(want))
	}
	for i, e := range entries {
		class := want[i][strings.LastIndexByte(want[i], '.')+1:]
		if e[1] != want[i] || e[2] != strconv.Itoa(i) || e[3] != fmt.Sprintf("%s, position %d of %d", class, i+1, len(want)) {
			t.Errorf("entry %d drawn as %q", i, e[0])
		}
	}
	if !strings.Contains(body, fmt.Sprintf(`id="mw-count">(%d)</span>`, len(want))) {
		t.Error("the count is not drawn")
	}
}

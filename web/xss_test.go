package web_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

// xss is markup a hostile visitor writes into every field a scenario has:
// it must come back as text, never as markup, on every page and fragment
// that shows it.
const xss = `"'><img src=x onerror=alert(1)></script><script>alert(2)</script>`

// live finds the payload's markup alive in an answer.
var live = regexp.MustCompile(`(?i)<img src=x|<script>alert`)

// Ensure what a visitor writes into a scenario is drawn as text
// everywhere it is drawn: the shared page, the embed, the comparison
// page, the page's fragments and the exports.
func TestWhatVisitorsWriteIsDrawnAsText(t *testing.T) {
	ts := newServer(t)
	sc := stack.Scenario{
		Middleware: append(stack.DefaultMiddleware(), "acme.middleware.Tricky"+"Middleware"),
		Settings:   map[string]any{"ALLOWED_HOSTS": []string{xss, "testserver"}, "CORS_ALLOWED_ORIGINS": []string{xss}},
		Requests: []stack.Request{{
			ID: "r1", Label: xss, Path: "/" + url.PathEscape(xss) + "/", Client: xss, RemoteAddr: "203.0.113.7",
			Headers: map[string]string{"Origin": xss, "X-Note": xss},
			Expect:  &stack.Expectation{Status: 200, User: xss, AnsweredBy: xss, Text: xss},
		}, {
			ID: "r2", Label: xss, Path: "/", Host: "example.com", Expect: &stack.Expectation{Text: xss},
		}},
	}
	body := scenarioJSON(t, sc)
	id := share(t, ts, ts.URL, body)
	if _, got := do(t, ts, "GET", "/api/share/"+id, ""); !strings.Contains(got, "onerror") {
		t.Fatalf("the share did not keep the payload, so this test proves nothing: %s", got)
	}
	check := func(what string, status int, answer string) {
		t.Helper()
		if status >= 500 {
			t.Errorf("%s: %d", what, status)
		}
		if m := live.FindString(answer); m != "" {
			i := strings.Index(answer, m)
			t.Errorf("%s draws the payload as markup: …%s…", what, answer[max(0, i-80):min(len(answer), i+80)])
		}
	}
	for _, path := range []string{"/s/" + id, "/embed/" + id, "/c/" + id + "/" + id, "/oembed?url=" + url.QueryEscape(ts.URL+"/s/"+id)} {
		resp, got := do(t, ts, "GET", path, "")
		check("GET "+path, resp.StatusCode, got)
		if !strings.HasPrefix(path, "/oembed") && !strings.Contains(got, "&lt;img src=x") {
			t.Errorf("GET %s does not show the payload as text at all, so this test proves nothing there", path)
		}
	}
	scenario := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	posts := map[string]string{
		"/ui/run":                 `{"scenario": ` + body + `}`,
		"/ui/trace":               `{"scenario": ` + body + `, "index": 0}`,
		"/ui/upgrade":             `{"scenario": ` + body + `, "to": "3.2"}`,
		"/ui/compare":             `{"a": ` + body + `, "b": {"middleware": []}}`,
		"/ui/paste":               scenario(map[string]any{"text": "MIDDLEWARE = [" + scenario(xss) + "]\nALLOWED_HOSTS = [" + scenario(xss) + "]\n"}),
		"/ui/export":              scenario(map[string]any{"middleware": sc.Middleware, "settings": sc.Settings}),
		"/api/simulate":           body,
		"/api/compare":            `{"a": ` + body + `, "b": {"middleware": []}}`,
		"/api/export/django-test": body,
	}
	for path, in := range posts {
		resp, got := do(t, ts, "POST", path, in)
		if resp.StatusCode != 200 {
			t.Errorf("POST %s: %d %s", path, resp.StatusCode, got)
		}
		// JSON carries the payload as a string the page puts in as text;
		// the HTML fragments inside it must escape it.
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			var fields map[string]any
			if err := json.Unmarshal([]byte(got), &fields); err == nil {
				for _, k := range []string{"results", "score", "html", "trace"} {
					if s, ok := fields[k].(string); ok {
						check("POST "+path+" ."+k, resp.StatusCode, s)
					}
				}
				if rows, ok := fields["rows"].([]any); ok {
					for _, r := range rows {
						if m, ok := r.(map[string]any); ok {
							if s, ok := m["html"].(string); ok {
								check("POST "+path+" .rows[].html", resp.StatusCode, s)
							}
						}
					}
				}
			}
			continue
		}
		// The export is Python, sent as such: a browser never renders it.
		if ct := resp.Header.Get("Content-Type"); strings.HasPrefix(ct, "text/x-python") {
			continue
		}
		check("POST "+path, resp.StatusCode, got)
	}
}

package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/web"
	"github.com/middleware-playground/playground/web/store"
)

func newServer(t testing.TB) *httptest.Server {
	t.Helper()
	return newServerWith(t, web.Config{})
}

// newServerWith starts a server with cfg, on cfg's store or else a fresh
// database.
func newServerWith(t testing.TB, cfg web.Config) *httptest.Server {
	t.Helper()
	if cfg.Store == nil {
		st := openStore(t)
		cfg.Store, cfg.Progress = st, st
	}
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	ts := httptest.NewServer(web.NewServer(cfg))
	t.Cleanup(ts.Close)
	return ts
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func do(t testing.TB, ts *httptest.Server, method, path, body string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func scenarioJSON(t testing.TB, sc stack.Scenario) string {
	t.Helper()
	b, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func defaultScenario() stack.Scenario {
	return stack.Scenario{
		Middleware: stack.DefaultMiddleware(),
		Requests: []stack.Request{
			{Label: "alice sees her dashboard", Path: "/dashboard/", Auth: []string{"session:alice"}, Expect: &stack.Expectation{Status: 200, User: "alice"}},
			{Path: "/health/", Client: "D"},
		},
	}
}

// authAboveSession is the lesson the page opens with: AuthenticationMiddleware
// moved above SessionMiddleware.
func authAboveSession() stack.Scenario {
	sc := defaultScenario()
	mw := sc.Middleware
	mw[1], mw[4] = mw[4], mw[1] // Auth where Session was, and the other way round
	return sc
}

func errorOf(t testing.TB, body string) string {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
		t.Fatalf("body %q is not a JSON {\"error\": ...}", body)
	}
	return e.Error
}

func TestPage(t *testing.T) {
	ts := newServer(t)
	resp, body := do(t, ts, "GET", "/", "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET / = %d", resp.StatusCode)
	}
	for _, want := range []string{`data-testid="mw-list"`, `id="initial-state"`, `data-testid="results"`, `data-testid="palette"`, "CSRF_USE_SESSIONS", "RATE_LIMIT"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// The CSP forbids inline script: every script element must be either
	// an external module or inert JSON data.
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
		if !strings.Contains(tag, `src="/static/`) && !strings.Contains(tag, `type="application/json"`) {
			t.Errorf("inline script element %s", tag)
		}
	}
	if strings.Contains(body, ` style="`) {
		t.Error("page has an inline style attribute, which the CSP blocks")
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
	for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing %s", h)
		}
	}
}

func TestHealthz(t *testing.T) {
	ts := newServer(t)
	resp, body := do(t, ts, "GET", "/healthz", "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("GET /healthz = %d %s", resp.StatusCode, body)
	}
}

func TestStatic(t *testing.T) {
	ts := newServer(t)
	resp, body := do(t, ts, "GET", "/static/js/app.js", "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(body, "import") {
		t.Fatalf("app.js: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on a static file")
	}
	resp, _ = do(t, ts, "GET", "/static/js/app.js", "", "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation = %d, want 304", resp.StatusCode)
	}
	for _, p := range []string{"/static/js/", "/static/nope.js", "/static/../embed.go"} {
		if resp, _ := do(t, ts, "GET", p, ""); resp.StatusCode != 404 {
			t.Errorf("GET %s = %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestSimulate(t *testing.T) {
	ts := newServer(t)
	resp, body := do(t, ts, "POST", "/api/simulate", scenarioJSON(t, defaultScenario()))
	if resp.StatusCode != 200 {
		t.Fatalf("simulate = %d %s", resp.StatusCode, body)
	}
	type answer struct {
		Results []struct {
			ID, Outcome, Verdict string
			AnsweredBy           string `json:"answered_by"`
			Status               int
			UserAtView           *string `json:"user_at_view"`
			Headers              map[string]any
			Events               []string
			Steps                []map[string]any
		}
	}
	var lean answer
	if err := json.Unmarshal([]byte(body), &lean); err != nil {
		t.Fatal(err)
	}
	r := lean.Results
	if len(r) != 2 || r[0].Status != 200 || r[0].UserAtView == nil || *r[0].UserAtView != "alice" || r[0].Verdict != "pass" || r[1].Verdict != "none" {
		t.Fatalf("alice's dashboard: %+v", r)
	}
	if r[0].Outcome == "" || r[0].AnsweredBy != "view" {
		t.Errorf("no outcome or answerer: %+v", r[0])
	}
	// Steps only when asked: they are most of the answer's size.
	if strings.Contains(body, `"steps"`) || strings.Contains(body, `"events"`) {
		t.Errorf("the default answer carries steps:\n%s", body)
	}
	resp, full := do(t, ts, "POST", "/api/simulate?steps=1", scenarioJSON(t, defaultScenario()))
	var withSteps answer
	if err := json.Unmarshal([]byte(full), &withSteps); resp.StatusCode != 200 || err != nil {
		t.Fatalf("steps=1: %d %v", resp.StatusCode, err)
	}
	w := withSteps.Results[0]
	if len(w.Steps) == 0 || len(w.Events) == 0 || w.Verdict != "pass" || len(full) < 3*len(body) {
		t.Errorf("steps=1 answer: %d steps, %d events, %d bytes against %d", len(w.Steps), len(w.Events), len(full), len(body))
	}
	if resp, out := do(t, ts, "POST", "/api/simulate?steps=all", scenarioJSON(t, defaultScenario())); resp.StatusCode != 400 || !strings.Contains(errorOf(t, out), "steps") {
		t.Errorf("steps=all: %d %s", resp.StatusCode, out)
	}
	// A request the stack fails is a failed verdict.
	_, out := do(t, ts, "POST", "/api/simulate", scenarioJSON(t, authAboveSession()))
	if !strings.Contains(out, `"verdict":"fail"`) {
		t.Errorf("auth above session: %s", out)
	}
}

func TestSimulate_BadInput(t *testing.T) {
	ts := newServer(t)
	many := func(n int, item string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = item
		}
		return strings.Join(parts, ",")
	}
	huge := `{"middleware": [], "requests": [{"path": "/` + strings.Repeat("a", 70<<10) + `"}]}`
	tests := []struct {
		name, method, ctype, body string
		status                    int
		mention                   string
	}{
		{"too large", "POST", "application/json", huge, 413, "64 KiB"},
		{"too many middleware", "POST", "application/json", `{"middleware": [` + many(65, `"a.B"`) + `], "requests": []}`, 400, "at most 64"},
		{"too many requests", "POST", "application/json", `{"middleware": [], "requests": [` + many(101, `{"path": "/"}`) + `]}`, 400, "at most 100"},
		{"malformed JSON", "POST", "application/json", `{"middleware": [`, 400, "JSON"},
		{"syntax error", "POST", "application/json", `{"middleware": ["a",,]}`, 400, "malformed JSON"},
		{"unknown field", "POST", "application/json", `{"middleware": [], "requests": [], "stack": []}`, 400, "stack"},
		{"wrong type", "POST", "application/json", `{"middleware": "x", "requests": []}`, 400, "middleware"},
		{"bad path", "POST", "application/json", `{"middleware": [], "requests": [{"path": "nope"}]}`, 400, "must start with /"},
		{"bad setting", "POST", "application/json", `{"middleware": [], "requests": [], "settings": {"DEBUG": 3}}`, 400, "DEBUG"},
		{"empty body", "POST", "application/json", ``, 400, "empty"},
		{"not JSON", "POST", "text/plain", `hello`, 415, "application/json"},
		{"wrong method", "GET", "", ``, 405, "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, ts.URL+"/api/simulate", strings.NewReader(tt.body))
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (%s)", resp.StatusCode, tt.status, b)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q, want JSON", ct)
			}
			if msg := errorOf(t, string(b)); !strings.Contains(msg, tt.mention) {
				t.Errorf("error %q does not mention %q", msg, tt.mention)
			}
		})
	}
}

func TestShare(t *testing.T) {
	ts := newServer(t)
	body := scenarioJSON(t, authAboveSession())
	resp, out := do(t, ts, "POST", "/api/share", body)
	if resp.StatusCode != 200 {
		t.Fatalf("share = %d %s", resp.StatusCode, out)
	}
	var got struct{ ID, URL string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.ID) < 11 || got.URL != ts.URL+"/s/"+got.ID {
		t.Fatalf("share answer = %+v", got)
	}

	// The same state, spelled differently, lands on the same id.
	var generic map[string]any
	json.Unmarshal([]byte(body), &generic)
	respelled, _ := json.MarshalIndent(generic, "", "    ")
	_, out2 := do(t, ts, "POST", "/api/share", string(respelled))
	if !strings.Contains(out2, `"id":"`+got.ID+`"`) {
		t.Errorf("re-sharing gave %s, want id %s", out2, got.ID)
	}
	// A different state gets a different id.
	_, out3 := do(t, ts, "POST", "/api/share", scenarioJSON(t, defaultScenario()))
	if strings.Contains(out3, got.ID) {
		t.Error("two different states share an id")
	}

	resp, stored := do(t, ts, "GET", "/api/share/"+got.ID, "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET share = %d", resp.StatusCode)
	}
	sc, err := stack.ParseScenario([]byte(stored))
	if err != nil {
		t.Fatalf("stored scenario does not parse: %v", err)
	}
	if fmt.Sprint(sc.Middleware) != fmt.Sprint(authAboveSession().Middleware) || sc.Requests[0].Label != "alice sees her dashboard" {
		t.Errorf("stored scenario = %+v", sc)
	}

	resp, page := do(t, ts, "GET", "/s/"+got.ID, "")
	if resp.StatusCode != 200 || !strings.Contains(page, `data-testid="shared-banner"`) {
		t.Fatalf("GET /s/id = %d", resp.StatusCode)
	}
	// The restored page draws the shared state's results: alice's
	// dashboard fails with a 500 from AuthenticationMiddleware.
	if !strings.Contains(page, `data-failed="1"`) || !strings.Contains(page, "AuthenticationMiddleware") {
		t.Error("shared page does not show the shared state's results")
	}

	for _, id := range []string{"doesNotExist1", "bad%20id", strings.Repeat("x", 80)} {
		resp, body := do(t, ts, "GET", "/api/share/"+id, "")
		if resp.StatusCode != 404 || errorOf(t, body) == "" {
			t.Errorf("GET /api/share/%s = %d %s", id, resp.StatusCode, body)
		}
	}
	resp, nf := do(t, ts, "GET", "/s/doesNotExist1", "")
	if resp.StatusCode != 404 || !strings.Contains(nf, `data-testid="not-found"`) || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /s/unknown = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestShare_BadInput(t *testing.T) {
	ts := newServer(t)
	resp, body := do(t, ts, "POST", "/api/share", `{"middleware": [`)
	if resp.StatusCode != 400 || !strings.Contains(errorOf(t, body), "JSON") {
		t.Errorf("malformed share = %d %s", resp.StatusCode, body)
	}
	big := `{"middleware": [], "requests": [{"path": "/` + strings.Repeat("a", 70<<10) + `"}]}`
	if resp, _ := do(t, ts, "POST", "/api/share", big); resp.StatusCode != 413 {
		t.Errorf("huge share = %d, want 413", resp.StatusCode)
	}
}

// Ensure a page on another site cannot make a visitor's browser write.
func TestCrossOriginProtection(t *testing.T) {
	ts := newServer(t)
	body := scenarioJSON(t, defaultScenario())
	resp, out := do(t, ts, "POST", "/api/share", body, "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != 403 || !strings.Contains(errorOf(t, out), "cross-origin") {
		t.Errorf("cross-site POST = %d %s", resp.StatusCode, out)
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Error("the 403 lacks the security headers")
	}
	resp, _ = do(t, ts, "POST", "/api/share", body, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != 200 {
		t.Errorf("same-origin POST = %d", resp.StatusCode)
	}
}

func TestNotFound(t *testing.T) {
	ts := newServer(t)
	resp, body := do(t, ts, "GET", "/nowhere", "")
	if resp.StatusCode != 404 || !strings.Contains(body, `data-testid="not-found"`) {
		t.Errorf("GET /nowhere = %d", resp.StatusCode)
	}
	resp, body = do(t, ts, "GET", "/api/nowhere", "")
	if resp.StatusCode != 404 || errorOf(t, body) == "" {
		t.Errorf("GET /api/nowhere = %d %s", resp.StatusCode, body)
	}
}

type runAnswer struct {
	Results  string `json:"results"`
	Passed   int    `json:"passed"`
	Failed   int    `json:"failed"`
	Outcomes []struct {
		Status int    `json:"status"`
		User   string `json:"user"`
	} `json:"outcomes"`
}

func TestRun(t *testing.T) {
	ts := newServer(t)
	run := func(sc stack.Scenario, open int) runAnswer {
		t.Helper()
		resp, out := do(t, ts, "POST", "/ui/run", fmt.Sprintf(`{"scenario": %s, "open": %d}`, scenarioJSON(t, sc), open))
		if resp.StatusCode != 200 {
			t.Fatalf("run = %d %s", resp.StatusCode, out)
		}
		var a runAnswer
		if err := json.Unmarshal([]byte(out), &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	good := run(defaultScenario(), -1)
	if good.Failed != 0 || good.Passed != 1 || strings.Count(good.Results, `data-testid="result-row"`) != 2 || strings.Contains(good.Results, `data-testid="trace"`) {
		t.Errorf("default stack: passed %d failed %d", good.Passed, good.Failed)
	}
	if good.Outcomes[0].Status != 200 || good.Outcomes[0].User != "alice" {
		t.Errorf("outcomes = %+v", good.Outcomes)
	}

	bad := run(authAboveSession(), 0)
	if bad.Failed != 1 || !strings.Contains(bad.Results, `data-status="500"`) {
		t.Errorf("auth above session: failed %d", bad.Failed)
	}
	for _, want := range []string{`data-testid="what-broke"`, `data-testid="timeline"`, "<svg", "AuthenticationMiddleware", `class="cap"`} {
		if !strings.Contains(bad.Results, want) {
			t.Errorf("trace lacks %s", want)
		}
	}

	for _, tt := range []struct{ body, mention string }{
		{`{"scenario": {"middleware": [], "requests": [{"path": "x"}]}}`, "must start with /"},
		{`{"open": 1}`, "scenario"},
		{`{"scenario": {}, "extra": 1}`, "extra"},
		{`[`, "JSON"},
	} {
		resp, out := do(t, ts, "POST", "/ui/run", tt.body)
		if resp.StatusCode != 400 || !strings.Contains(errorOf(t, out), tt.mention) {
			t.Errorf("run %s = %d %s", tt.body, resp.StatusCode, out)
		}
	}
}

func TestExport(t *testing.T) {
	ts := newServer(t)
	resp, out := do(t, ts, "POST", "/ui/export", `{"middleware": ["django.middleware.security.SecurityMiddleware", "acme.middleware.Thing"]}`)
	if resp.StatusCode != 200 {
		t.Fatalf("export = %d %s", resp.StatusCode, out)
	}
	var got struct{ Text string }
	json.Unmarshal([]byte(out), &got)
	for _, want := range []string{"MIDDLEWARE = [\n", `    "django.middleware.security.SecurityMiddleware",  # No ordering rule ties it`, `    "acme.middleware.Thing",  # No ordering rule knows it; not simulated`, "\n]\n"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("export lacks %q:\n%s", want, got.Text)
		}
	}
	many := `{"middleware": [` + strings.TrimSuffix(strings.Repeat(`"a.B",`, 65), ",") + `]}`
	if resp, _ := do(t, ts, "POST", "/ui/export", many); resp.StatusCode != 400 {
		t.Errorf("export of 65 = %d, want 400", resp.StatusCode)
	}
}

func TestPaste(t *testing.T) {
	ts := newServer(t)
	resp, out := do(t, ts, "POST", "/ui/paste", `{"text": "MIDDLEWARE = [\n 'django.middleware.security.SecurityMiddleware',\n 'acme.Thing',\n]\n"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("paste = %d %s", resp.StatusCode, out)
	}
	var got struct {
		Middleware []string
		Entries    []struct {
			Path  string
			Line  int
			Known bool
		}
	}
	json.Unmarshal([]byte(out), &got)
	if len(got.Entries) != 2 || !got.Entries[0].Known || got.Entries[1].Known || got.Entries[1].Line != 3 || len(got.Middleware) != 2 {
		t.Errorf("paste entries = %+v", got.Entries)
	}
	resp, out = do(t, ts, "POST", "/ui/paste", `{"text": "MIDDLEWARE = [\n  'a.B',\n  !oops\n]"}`)
	if resp.StatusCode != 400 || !strings.Contains(errorOf(t, out), "line 3") {
		t.Errorf("paste error = %d %s", resp.StatusCode, out)
	}
	resp, out = do(t, ts, "POST", "/ui/paste", `{"text": "DEBUG = True"}`)
	if resp.StatusCode != 400 || !strings.Contains(errorOf(t, out), "no MIDDLEWARE") {
		t.Errorf("paste without MIDDLEWARE = %d %s", resp.StatusCode, out)
	}
	resp, out = do(t, ts, "POST", "/ui/paste", `{"text": "   "}`)
	if resp.StatusCode != 400 {
		t.Errorf("empty paste = %d %s", resp.StatusCode, out)
	}
	var buf bytes.Buffer
	buf.WriteString("MIDDLEWARE = [")
	for range 70 {
		buf.WriteString("'a.B', ")
	}
	buf.WriteString("]")
	resp, out = do(t, ts, "POST", "/ui/paste", `{"text": "`+buf.String()+`"}`)
	if resp.StatusCode != 400 || !strings.Contains(errorOf(t, out), "at most 64") {
		t.Errorf("paste of 70 = %d %s", resp.StatusCode, out)
	}
}

// Ensure the run answer carries the linter's findings for the editor, and
// points at the open request's answering layer.
func TestRun_FindingsAndMarks(t *testing.T) {
	ts := newServer(t)
	sc := authAboveSession()
	sc.Middleware[0], sc.Middleware[1] = sc.Middleware[1], sc.Middleware[0] // Auth first
	_, out := do(t, ts, "POST", "/ui/run", fmt.Sprintf(`{"scenario": %s, "open": 0}`, scenarioJSON(t, sc)))
	var got struct {
		Findings []struct{ Rule string }
		Fix      *struct {
			Stack   []string
			Changes int
		}
		Marks struct{ Answered, Fault int }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	rules := fmt.Sprint(got.Findings)
	if !strings.Contains(rules, "session-before-auth") || got.Fix == nil || got.Fix.Changes == 0 || got.Fix.Stack[0] == sc.Middleware[0] {
		t.Errorf("findings = %s, fix = %+v", rules, got.Fix)
	}
	if got.Marks.Answered != 0 {
		t.Errorf("marks = %+v, want AuthenticationMiddleware (0) as the answering layer", got.Marks)
	}
	_, out = do(t, ts, "POST", "/ui/run", fmt.Sprintf(`{"scenario": %s}`, scenarioJSON(t, defaultScenario())))
	if !strings.Contains(out, `"findings":[]`) || !strings.Contains(out, `"answered":-1`) {
		t.Errorf("a clean stack's answer: %s", out[len(out)-200:])
	}
}

// The rules page lists every rule the real linter checks, each with an
// anchor, its explanation and a docs link.
func TestRulesPage(t *testing.T) {
	ts := newServer(t)
	resp, out := do(t, ts, "GET", "/rules", "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{`id="session-before-auth"`, `id="admin.E410"`, "docs.djangoproject.com"} {
		if !strings.Contains(out, want) {
			t.Errorf("rules page lacks %s", want)
		}
	}
	if n := strings.Count(out, "<dt id="); n < 40 {
		t.Errorf("%d rules listed", n)
	}
}

// A failed request's "what broke" names the ordering rule that explains it.
func TestWhatBrokeNamesTheRule(t *testing.T) {
	ts := newServer(t)
	_, out := do(t, ts, "POST", "/ui/run", fmt.Sprintf(`{"scenario": %s, "open": 0}`, scenarioJSON(t, authAboveSession())))
	var got struct{ Results string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Results, `data-testid="broke-rule"`) || !strings.Contains(got.Results, `/rules#session-before-auth`) {
		t.Errorf("what broke does not name session-before-auth:\n%s", got.Results)
	}
}

// Ensure the fresh page, the same for everyone, is served from one render
// with an ETag a browser can revalidate.
func TestPage_Cached(t *testing.T) {
	ts := newServer(t)
	r1, b1 := do(t, ts, "GET", "/", "")
	r2, b2 := do(t, ts, "GET", "/", "")
	etag := r1.Header.Get("ETag")
	if etag == "" || r2.Header.Get("ETag") != etag || b1 != b2 || r1.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("GET / twice: ETag %q then %q, same body %v", etag, r2.Header.Get("ETag"), b1 == b2)
	}
	if !strings.HasPrefix(r1.Header.Get("Content-Type"), "text/html") {
		t.Errorf("Content-Type = %q", r1.Header.Get("Content-Type"))
	}
	resp, body := do(t, ts, "GET", "/", "", "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("revalidation = %d with %d bytes, want 304", resp.StatusCode, len(body))
	}
}

// Ensure a shared page is served from its first render, revalidates with
// its ETag, and an unknown or malformed id is still a friendly 404.
func TestSharedPage_Cached(t *testing.T) {
	ts := newServer(t)
	_, out := do(t, ts, "POST", "/api/share", scenarioJSON(t, authAboveSession()))
	var got struct{ ID string }
	json.Unmarshal([]byte(out), &got)
	r1, b1 := do(t, ts, "GET", "/s/"+got.ID, "")
	r2, b2 := do(t, ts, "GET", "/s/"+got.ID, "")
	etag := r1.Header.Get("ETag")
	if r1.StatusCode != 200 || etag == "" || r2.Header.Get("ETag") != etag || b1 != b2 || !strings.Contains(b1, `data-testid="shared-banner"`) {
		t.Fatalf("GET /s/id twice: %d, ETag %q then %q", r1.StatusCode, etag, r2.Header.Get("ETag"))
	}
	if resp, _ := do(t, ts, "GET", "/s/"+got.ID, "", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation = %d, want 304", resp.StatusCode)
	}
	for _, id := range []string{"doesNotExist1", "bad%20id"} {
		if resp, body := do(t, ts, "GET", "/s/"+id, ""); resp.StatusCode != 404 || !strings.Contains(body, `data-testid="not-found"`) {
			t.Errorf("GET /s/%s = %d", id, resp.StatusCode)
		}
	}
}

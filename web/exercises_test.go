package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/exercises"
	"github.com/middleware-playground/playground/web"
	"github.com/middleware-playground/playground/web/store"
)

// exServer starts a server on the database file at path; a client with a
// cookie jar plays one learner.
func exServer(t *testing.T, path string) *httptest.Server {
	t.Helper()
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ts := httptest.NewServer(web.NewServer(web.Config{Logger: log, Store: st, Progress: st}))
	t.Cleanup(func() { ts.Close(); st.Close() })
	return ts
}

type learner struct {
	t      *testing.T
	base   string
	client *http.Client
}

func newLearner(t *testing.T, base string) *learner {
	jar, _ := cookiejar.New(nil)
	return &learner{t: t, base: base, client: &http.Client{Jar: jar}}
}

func (l *learner) do(method, path, body string, out any) int {
	l.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, l.base+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := l.client.Do(req)
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			l.t.Fatalf("%s %s: %d %s: %v", method, path, resp.StatusCode, b, err)
		}
	}
	return resp.StatusCode
}

func attemptJSON(t *testing.T, a exercises.Attempt) string {
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func reference(t testing.TB, id string) *exercises.Exercise {
	set, err := exercises.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ex, _ := set.Get(id)
	if ex == nil {
		t.Fatalf("no exercise %s", id)
	}
	return ex
}

type listRow struct {
	ID, Title, Summary, Django string
	Solved                     bool
}

func TestExerciseAPI(t *testing.T) {
	ts := exServer(t, filepath.Join(t.TempDir(), "ex.db"))
	l := newLearner(t, ts.URL)

	var list []listRow
	if code := l.do("GET", "/api/exercises", "", &list); code != 200 || len(list) < 14 {
		t.Fatalf("list: %d, %d exercises", code, len(list))
	}
	if list[0].ID != "default-order" || list[0].Title == "" || list[0].Summary == "" || list[0].Django != "5.2" || list[0].Solved {
		t.Errorf("first row = %+v", list[0])
	}

	var detail struct {
		ID, Title, Story string
		Middleware       []string
		Settings         map[string]any
		Palette          []string
		Requests         []map[string]any
		Goals            []map[string]any
		Hints            []string
	}
	if code := l.do("GET", "/api/exercises/jwt-above-auth", "", &detail); code != 200 {
		t.Fatalf("detail: %d", code)
	}
	if detail.Story == "" || len(detail.Middleware) != 8 || len(detail.Requests) != 3 || len(detail.Goals) != 4 || len(detail.Hints) != 0 {
		t.Errorf("detail = %+v", detail)
	}
	for _, g := range detail.Goals {
		if len(g) != 2 || g["id"] == nil || g["text"] == nil {
			t.Errorf("a goal shows more than id and text before checking: %v", g)
		}
	}

	ex := reference(t, "jwt-above-auth")
	type verdict struct {
		Solved  bool
		Counted bool
		Goals   []struct {
			ID     string
			Passed bool
			Reason string
		}
		Explanation string
		Next        string
	}
	var v verdict
	if code := l.do("POST", "/api/exercises/jwt-above-auth/check", attemptJSON(t, ex.Start()), &v); code != 200 || v.Solved || v.Explanation != "" {
		t.Fatalf("start: %d %+v", code, v)
	}
	failed := 0
	for _, g := range v.Goals {
		if !g.Passed {
			failed++
			if !strings.Contains(g.Reason, "app (GET /api/data/)") {
				t.Errorf("reason %q does not name the request", g.Reason)
			}
		}
	}
	if failed == 0 {
		t.Error("no goal failed for the starting stack")
	}
	if code := l.do("POST", "/api/exercises/jwt-above-auth/check", attemptJSON(t, ex.Solutions[0].Attempt()), &v); code != 200 || !v.Solved || !v.Counted || v.Explanation == "" || v.Next != "silent-except" {
		t.Fatalf("solution: %d %+v", code, v)
	}
	l.do("GET", "/api/exercises", "", &list)
	if !list[3].Solved || list[3].ID != "jwt-above-auth" {
		t.Errorf("after solving, row 4 = %+v", list[3])
	}
	// Another learner (no cookie) sees nothing solved.
	other := newLearner(t, ts.URL)
	other.do("GET", "/api/exercises", "", &list)
	if list[3].Solved {
		t.Error("a second learner sees the first one's solve")
	}

	// Hints one at a time, three at most.
	var hints struct {
		Hints []string
		Total int
	}
	for i := 1; i <= 4; i++ {
		l.do("POST", "/api/exercises/silent-except/hint", "{}", &hints)
		if want := min(i, 3); len(hints.Hints) != want || hints.Total != 3 {
			t.Fatalf("after %d hint requests: %+v", i, hints)
		}
	}

	// A shown solution does not count as solved.
	var sol exercises.Attempt
	if code := l.do("POST", "/api/exercises/silent-except/solution", "{}", &sol); code != 200 || len(sol.Middleware) == 0 {
		t.Fatalf("solution: %d %+v", code, sol)
	}
	l.do("POST", "/api/exercises/silent-except/check", attemptJSON(t, sol), &v)
	if !v.Solved || v.Counted {
		t.Errorf("checking the shown solution: solved %v counted %v; want solved but not counted", v.Solved, v.Counted)
	}

	// A solved attempt can be shared; the link opens the exercise with it.
	var share struct{ ID, URL string }
	if code := l.do("POST", "/api/exercises/jwt-above-auth/share", attemptJSON(t, ex.Solutions[1].Attempt()), &share); code != 200 || !strings.Contains(share.URL, "/exercises/jwt-above-auth/a/") {
		t.Fatalf("share: %d %+v", code, share)
	}
	resp, err := http.Get(share.URL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(page, []byte(`data-testid="shared-banner"`)) {
		t.Errorf("shared page: %d", resp.StatusCode)
	}
	// A stranger opening it (no cookie: http.Get) is told whose answer it
	// is, not that they were shown a solution.
	if !bytes.Contains(page, []byte("this shared answer")) || bytes.Contains(page, []byte("You saw a reference solution")) {
		t.Errorf("the shared page's solved note misleads a stranger:\n%s", page)
	}
	if code := l.do("POST", "/api/exercises/jwt-above-auth/share", attemptJSON(t, ex.Start()), nil); code != 400 {
		t.Errorf("sharing an unsolved attempt: %d, want 400", code)
	}

	// Reset forgets this learner's progress.
	if code := l.do("POST", "/api/progress/reset", "{}", nil); code != 200 {
		t.Fatalf("reset: %d", code)
	}
	l.do("GET", "/api/exercises", "", &list)
	for _, r := range list {
		if r.Solved {
			t.Errorf("%s still solved after a reset", r.ID)
		}
	}
}

func TestExerciseAPIErrors(t *testing.T) {
	ts := exServer(t, filepath.Join(t.TempDir(), "ex.db"))
	l := newLearner(t, ts.URL)
	cases := []struct {
		method, path, body string
		want               int
		says               string
	}{
		{"GET", "/api/exercises/nope", "", 404, "no exercise"},
		{"GET", "/api/exercises/NOT..AN..ID", "", 404, "no exercise"},
		{"POST", "/api/exercises/nope/check", `{"middleware": []}`, 404, "no exercise"},
		{"POST", "/api/exercises/jwt-above-auth/check", `{"middleware": [`, 400, "JSON"},
		{"POST", "/api/exercises/jwt-above-auth/check", `{}`, 400, "middleware: missing"},
		{"POST", "/api/exercises/jwt-above-auth/check", `{"middleware": "x"}`, 400, "middleware"},
		{"POST", "/api/exercises/jwt-above-auth/check", `{"middleware": [], "extra": 1}`, 400, "unknown field"},
		{"POST", "/api/exercises/jwt-above-auth/check", `{"middleware": ["corsheaders.middleware.CorsMiddleware"]}`, 400, "not part of this exercise"},
		{"POST", "/api/exercises/jwt-above-auth/check", `{"middleware": [], "settings": {"DEBUG": true}}`, 400, "no settings to change"},
		{"POST", "/api/exercises/csrf-token-post/check", `{"middleware": [], "choices": {"app-post": "nope"}}`, 400, "no variant"},
		{"POST", "/api/exercises/jwt-above-auth/check", ``, 400, "empty body"},
		{"GET", "/exercises/nope", "", 404, "no exercise"},
		{"GET", "/exercises/jwt-above-auth/a/unknownshare", "", 404, "no shared answer"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, ts.URL+c.path, strings.NewReader(c.body))
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := l.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want || !strings.Contains(string(b), c.says) {
			t.Errorf("%s %s %s: %d %s; want %d mentioning %q", c.method, c.path, c.body, resp.StatusCode, b, c.want, c.says)
		}
	}
}

// TestProgressSurvivesRestart: the same database file behind a new server
// still knows what the learner solved.
func TestProgressSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ex.db")
	ts := exServer(t, path)
	l := newLearner(t, ts.URL)
	ex := reference(t, "auth-above-session")
	var v struct{ Solved bool }
	l.do("POST", "/api/exercises/auth-above-session/check", attemptJSON(t, ex.Solutions[0].Attempt()), &v)
	if !v.Solved {
		t.Fatal("reference solution not solved")
	}
	ts.Close()

	ts2 := exServer(t, path)
	l.base = ts2.URL // same cookie jar: the cookie is for 127.0.0.1, any port
	var list []listRow
	l.do("GET", "/api/exercises", "", &list)
	if !list[1].Solved || list[1].ID != "auth-above-session" {
		t.Errorf("after a restart, row 2 = %+v", list[1])
	}
}

func TestExercisePages(t *testing.T) {
	ts := exServer(t, filepath.Join(t.TempDir(), "ex.db"))
	l := newLearner(t, ts.URL)
	for _, path := range []string{"/exercises", "/exercises/csrf-token-post", "/exercises/build-from-nothing"} {
		resp, err := l.client.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		if bytes.Contains(b, []byte("<script>")) || !bytes.Contains(b, []byte(`type="module"`)) {
			t.Errorf("%s: inline script or no module script", path)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
	resp, _ := l.client.Get(ts.URL + "/exercises/csrf-token-post")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(b, []byte(`data-testid="variant-app-post"`)) || !bytes.Contains(b, []byte("DRF token")) {
		t.Error("the CSRF exercise page does not offer the request's variants")
	}
	// Each exercise says which Django version it runs on, in the list and
	// on its page.
	resp, _ = l.client.Get(ts.URL + "/exercises")
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(b, []byte(`data-testid="exercise-django">Django 5.2</p>`)) {
		t.Error("the exercise list does not name each exercise's Django version")
	}
	resp, _ = l.client.Get(ts.URL + "/exercises/upgrade-append-slash")
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(b, []byte(`data-testid="django-version">Simulated on Django 5.2.</p>`)) {
		t.Error("the exercise page does not name the exercise's Django version")
	}
}

// runReply is POST /ui/exercises/{id}/run: the results and the verdict.
type runReply struct {
	Results  string
	Versus   string
	Passed   int
	Failed   int
	Findings []any
	Check    struct {
		Solved, Counted bool
		Note            string
		Explanation     string
		Goals           []struct {
			ID     string
			Passed bool
		}
	}
}

func runBody(t *testing.T, a exercises.Attempt, open int) string {
	b, err := json.Marshal(map[string]any{"middleware": a.Middleware, "settings": a.Settings, "choices": a.Choices, "open": open})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestExerciseRunAnswersResultsAndGoals: one request per change gives the
// results table and the goals, judged on the same simulation, so they
// agree; the order linter's findings, which would give the answer away,
// are not sent.
func TestExerciseRunAnswersResultsAndGoals(t *testing.T) {
	ts := exServer(t, filepath.Join(t.TempDir(), "ex.db"))
	l := newLearner(t, ts.URL)
	ex := reference(t, "auth-above-session")
	var v runReply
	if code := l.do("POST", "/ui/exercises/auth-above-session/run", runBody(t, ex.Start(), 0), &v); code != 200 {
		t.Fatalf("run: %d", code)
	}
	if v.Check.Solved || v.Failed == 0 || !strings.Contains(v.Results, `data-testid="results"`) || !strings.Contains(v.Results, "trace") {
		t.Errorf("the starting stack: solved %v, %d failed, results %.200q", v.Check.Solved, v.Failed, v.Results)
	}
	if len(v.Findings) != 0 {
		t.Errorf("exercise mode sent %d linter findings", len(v.Findings))
	}
	if v.Versus != "" {
		t.Error("an unsolved run came with the comparison to the reference")
	}
	if len(v.Check.Goals) != len(ex.Goals) {
		t.Errorf("%d goals judged, want %d", len(v.Check.Goals), len(ex.Goals))
	}
	if code := l.do("POST", "/ui/exercises/auth-above-session/run", runBody(t, ex.Solutions[0].Attempt(), -1), &v); code != 200 {
		t.Fatalf("run: %d", code)
	}
	if !v.Check.Solved || !v.Check.Counted || v.Failed != 0 || v.Passed == 0 || v.Check.Explanation == "" || !strings.Contains(v.Check.Note, "solved in your list") {
		t.Errorf("the reference solution: %+v, %d passed, %d failed", v.Check, v.Passed, v.Failed)
	}
	if !strings.Contains(v.Versus, `data-testid="versus" data-differ="0"`) {
		t.Errorf("a solving run came without its comparison to the reference: %.200q", v.Versus)
	}
	for _, c := range []struct{ body, says string }{
		{`{"middleware": ["corsheaders.middleware.CorsMiddleware"]}`, "not part of this exercise"},
		{`{"open": 1}`, "middleware: missing"},
		{`{"middleware": [], "scenario": {}}`, "unknown field"},
	} {
		var e struct{ Error string }
		if code := l.do("POST", "/ui/exercises/auth-above-session/run", c.body, &e); code != 400 || !strings.Contains(e.Error, c.says) {
			t.Errorf("%s: %d %q; want 400 saying %q", c.body, code, e.Error, c.says)
		}
	}
}

var initialState = regexp.MustCompile(`(?s)<script id="initial-state" type="application/json">(.*?)</script>`)

// openedPage is what an exercise page opens on.
type openedPage struct {
	Middleware   []string
	GoalsPassed  int
	GoalsFailed  int
	SolvedBanner bool
	SolvedMark   bool
	Success      bool
}

func (l *learner) open(id string) openedPage {
	l.t.Helper()
	resp, err := l.client.Get(l.base + "/exercises/" + id)
	if err != nil {
		l.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		l.t.Fatalf("/exercises/%s: %d", id, resp.StatusCode)
	}
	page := string(b)
	m := initialState.FindStringSubmatch(page)
	if m == nil {
		l.t.Fatalf("/exercises/%s: no initial state", id)
	}
	var st struct{ Middleware []string }
	if err := json.Unmarshal([]byte(m[1]), &st); err != nil {
		l.t.Fatal(err)
	}
	return openedPage{
		Middleware:   st.Middleware,
		GoalsPassed:  strings.Count(page, `data-testid="goal" data-passed="true"`),
		GoalsFailed:  strings.Count(page, `data-testid="goal" data-passed="false"`),
		SolvedBanner: strings.Contains(page, `data-testid="solved-banner"`),
		SolvedMark:   strings.Contains(page, `data-testid="solved-mark">`),
		Success:      strings.Contains(page, `data-testid="success" aria-labelledby`),
	}
}

// TestExerciseReopensWhereTheLearnerLeft: an unsolved exercise reopens on
// the latest answer; a solved one on its solving answer, goals green and
// marked solved, even after the learner broke it again; starting over
// reopens it on its starting stack, still counted as solved.
func TestExerciseReopensWhereTheLearnerLeft(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ex.db")
	ts := exServer(t, path)
	l := newLearner(t, ts.URL)
	const id = "auth-above-session"
	ex := reference(t, id)
	nGoals := len(ex.Goals)
	same := func(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

	p := l.open(id)
	if !same(p.Middleware, ex.Middleware) || p.GoalsFailed == 0 || p.GoalsPassed+p.GoalsFailed != nGoals || p.SolvedBanner || p.SolvedMark || p.Success {
		t.Fatalf("a first visit opens on %+v", p)
	}

	tried := ex.Start()
	tried.Middleware = tried.Middleware[1:]
	l.do("POST", "/ui/exercises/"+id+"/run", runBody(t, tried, -1), nil)
	if p := l.open(id); !same(p.Middleware, tried.Middleware) || p.SolvedBanner || p.SolvedMark {
		t.Errorf("after a try the page opens on %+v, want the try %v", p, tried.Middleware)
	}

	sol := ex.Solutions[0].Attempt()
	l.do("POST", "/ui/exercises/"+id+"/run", runBody(t, sol, -1), nil)
	l.do("POST", "/ui/exercises/"+id+"/run", runBody(t, ex.Start(), -1), nil) // broken again
	ts.Close()
	// A restart of the server on the same database changes nothing.
	ts = exServer(t, path)
	l.base = ts.URL
	p = l.open(id)
	if !same(p.Middleware, sol.Middleware) || p.GoalsPassed != nGoals || !p.SolvedBanner || !p.SolvedMark || !p.Success {
		t.Errorf("a solved exercise opens on %+v, want the solving answer %v, every goal met, marked solved", p, sol.Middleware)
	}
	var d struct {
		Solved bool
		Answer exercises.Attempt
	}
	l.do("GET", "/api/exercises/"+id, "", &d)
	if !d.Solved || !same(d.Answer.Middleware, sol.Middleware) {
		t.Errorf("the API says %+v", d)
	}

	var so struct{ Solved bool }
	if code := l.do("POST", "/api/exercises/"+id+"/start-over", "{}", &so); code != 200 || !so.Solved {
		t.Fatalf("start over: %d %+v", code, so)
	}
	p = l.open(id)
	if !same(p.Middleware, ex.Middleware) || p.GoalsFailed == 0 || p.SolvedBanner || !p.SolvedMark || p.Success {
		t.Errorf("after starting over the page opens on %+v, want the start, still marked solved", p)
	}
	// Another learner is not affected by any of it.
	if p := newLearner(t, ts.URL).open(id); !same(p.Middleware, ex.Middleware) || p.SolvedMark {
		t.Errorf("another learner opens on %+v", p)
	}
}

// TestExerciseDjangoVersion: the page and the API say which version the
// exercise is simulated on, as its file does.
func TestExerciseDjangoVersion(t *testing.T) {
	ts := exServer(t, filepath.Join(t.TempDir(), "ex.db"))
	l := newLearner(t, ts.URL)
	ex := reference(t, "cache-leak")
	var d struct{ Django string }
	l.do("GET", "/api/exercises/cache-leak", "", &d)
	if d.Django == "" || d.Django != ex.Django {
		t.Errorf("the API says django %q, the file %q", d.Django, ex.Django)
	}
	resp, err := l.client.Get(ts.URL + "/exercises/cache-leak")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Simulated on Django "+ex.Django+".") {
		t.Error("the page does not say which Django version it simulates")
	}
	if m := initialState.FindSubmatch(b); m == nil || !strings.Contains(string(m[1]), `"django":"`+ex.Django+`"`) {
		t.Error("the page's scenario does not carry the exercise's Django version")
	}
}

// TestExercisesWithoutProgressStore: a server started without a progress
// store says so instead of failing somewhere deeper.
func TestExercisesWithoutProgressStore(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "ex.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ts := httptest.NewServer(web.NewServer(web.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: st}))
	t.Cleanup(ts.Close)
	l := newLearner(t, ts.URL)
	for _, path := range []string{"/api/exercises", "/api/exercises/cache-leak", "/exercises", "/exercises/cache-leak"} {
		resp, err := l.client.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 503 || !strings.Contains(string(b), "progress store") {
			t.Errorf("%s: %d %.100s; want 503 naming the progress store", path, resp.StatusCode, b)
		}
	}
}

// TestShownSolutionReopensUncounted: after "show a solution" the answer
// still reopens, goals green, but the page does not call it solved.
func TestShownSolutionReopensUncounted(t *testing.T) {
	ts := exServer(t, filepath.Join(t.TempDir(), "ex.db"))
	l := newLearner(t, ts.URL)
	var sol exercises.Attempt
	l.do("POST", "/api/exercises/silent-except/solution", "{}", &sol)
	var v runReply
	l.do("POST", "/ui/exercises/silent-except/run", runBody(t, sol, -1), &v)
	if !v.Check.Solved || v.Check.Counted || !strings.Contains(v.Check.Note, "not counted") {
		t.Fatalf("checking the shown solution: %+v", v.Check)
	}
	p := l.open("silent-except")
	if strings.Join(p.Middleware, ",") != strings.Join(sol.Middleware, ",") || p.GoalsFailed != 0 || !p.Success || p.SolvedBanner || p.SolvedMark {
		t.Errorf("the page opens on %+v; want the shown solution, goals met, not marked solved", p)
	}
}

// TestExerciseTrace: an exercise page asks for one request's trace with
// its attempt, as the sandbox does with a scenario; the row it gets back
// names the layer that broke the request on the broken start.
func TestExerciseTrace(t *testing.T) {
	ts := exServer(t, filepath.Join(t.TempDir(), "ex.db"))
	l := newLearner(t, ts.URL)
	ex := reference(t, "auth-above-session")
	body := func(index int) string {
		b, err := json.Marshal(map[string]any{"middleware": ex.Start().Middleware, "index": index})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var v struct {
		Index int    `json:"index"`
		HTML  string `json:"html"`
	}
	if code := l.do("POST", "/ui/exercises/auth-above-session/trace", body(0), &v); code != 200 {
		t.Fatalf("trace = %d", code)
	}
	if v.Index != 0 || !strings.Contains(v.HTML, "AuthenticationMiddleware") || !strings.Contains(v.HTML, "trace-row") {
		t.Errorf("trace row %d: %.200q", v.Index, v.HTML)
	}
	var e struct {
		Error string `json:"error"`
	}
	if code := l.do("POST", "/ui/exercises/auth-above-session/trace", body(99), &e); code != 400 || !strings.Contains(e.Error, "index") {
		t.Errorf("index 99 = %d %q, want a 400 naming the index", code, e.Error)
	}
}

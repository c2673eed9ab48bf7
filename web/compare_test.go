package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

type compareAnswer struct {
	Requests []struct {
		ID              string   `json:"id"`
		Differs         bool     `json:"differs"`
		Fields          []string `json:"fields"`
		FirstDivergence *struct {
			A, B *struct {
				Index  int    `json:"index"`
				Class  string `json:"class"`
				Kind   string `json:"kind"`
				Result string `json:"result"`
				Reason string `json:"reason"`
			}
		} `json:"first_divergence"`
	} `json:"requests"`
}

func compare(t *testing.T, body string) (int, compareAnswer, string) {
	t.Helper()
	ts := newServer(t)
	resp, out := do(t, ts, "POST", "/api/compare", body)
	var ans compareAnswer
	if resp.StatusCode == 200 {
		if err := json.Unmarshal([]byte(out), &ans); err != nil {
			t.Fatalf("compare answer %s: %v", out, err)
		}
	}
	return resp.StatusCode, ans, out
}

func samples() stack.Scenario {
	return stack.Scenario{Middleware: stack.DefaultMiddleware(), Requests: stack.SampleRequests()}
}

func TestCompareSameStackHasNoDifference(t *testing.T) {
	a := scenarioJSON(t, samples())
	status, ans, body := compare(t, `{"a": `+a+`, "b": `+a+`}`)
	if status != 200 || len(ans.Requests) != len(stack.SampleRequests()) {
		t.Fatalf("status %d, %d requests: %s", status, len(ans.Requests), body)
	}
	for _, r := range ans.Requests {
		if r.Differs || len(r.Fields) != 0 || r.FirstDivergence != nil {
			t.Errorf("request %s differs from itself: %+v", r.ID, r)
		}
	}
	// b without requests of its own runs a's: the same answer.
	_, ans2, _ := compare(t, `{"a": `+a+`, "b": {"middleware": `+mustJSON(t, stack.DefaultMiddleware())+`}}`)
	if len(ans2.Requests) != len(ans.Requests) {
		t.Fatalf("b with no requests ran %d, want a's %d", len(ans2.Requests), len(ans.Requests))
	}
	for _, r := range ans2.Requests {
		if r.Differs {
			t.Errorf("request %s differs though b only repeats a's stack", r.ID)
		}
	}
}

func TestCompareAuthAboveSessionWithDefault(t *testing.T) {
	// Django 4.0 turned the assert into ImproperlyConfigured.
	for v, exc := range map[string]string{"3.2": "AssertionError", "4.2": "ImproperlyConfigured", "5.2": "ImproperlyConfigured"} {
		broken := samples()
		broken.Django = v
		broken.Middleware[1], broken.Middleware[4] = broken.Middleware[4], broken.Middleware[1]
		status, ans, body := compare(t, `{"a": `+scenarioJSON(t, broken)+`, "b": {"middleware": `+mustJSON(t, stack.DefaultMiddleware())+`}}`)
		if status != 200 {
			t.Fatalf("%s: status %d: %s", v, status, body)
		}
		if len(ans.Requests) != len(broken.Requests) {
			t.Fatalf("%s: %d requests compared, want %d", v, len(ans.Requests), len(broken.Requests))
		}
		for _, r := range ans.Requests {
			if !r.Differs || len(r.Fields) == 0 || r.FirstDivergence == nil || r.FirstDivergence.A == nil || r.FirstDivergence.B == nil {
				t.Errorf("%s: request %s: %+v; want a difference with both first diverging steps", v, r.ID, r)
				continue
			}
			a, b := r.FirstDivergence.A, r.FirstDivergence.B
			if a.Class != "AuthenticationMiddleware" || a.Kind != "process_request" || a.Result != "raise "+exc || !strings.Contains(a.Reason, "SessionMiddleware") {
				t.Errorf("%s: request %s parts in a at %+v; want AuthenticationMiddleware's process_request raising %s, with the reason", v, r.ID, a, exc)
			}
			if b.Class != "SessionMiddleware" || b.Kind != "process_request" {
				t.Errorf("%s: request %s parts in b at %+v; want SessionMiddleware's process_request", v, r.ID, b)
			}
		}
	}
}

func TestCompareErrors(t *testing.T) {
	a := scenarioJSON(t, samples())
	for _, c := range []struct{ body, msg string }{
		{`{"a": ` + a + `}`, "b: missing"},
		{`{"b": ` + a + `}`, "a: missing"},
		{`{"a": {"middleware": [], "requests": [{"path": "x"}]}, "b": ` + a + `}`, "a.requests[0].path"},
		{`{"a": ` + a + `, "b": {"middleware": [], "django": "1.0"}}`, "b.django"},
		{`{"a": ` + a + `, "b": ` + a + `, "c": 1}`, "unknown field"},
		{`[]`, "got JSON array"},
	} {
		status, _, body := compare(t, c.body)
		if status != http.StatusBadRequest || !strings.Contains(errorOf(t, body), c.msg) {
			t.Errorf("%s: %d %s, want 400 naming %q", c.body, status, body, c.msg)
		}
	}
}

func TestComparePermalink(t *testing.T) {
	ts := newServer(t)
	broken := samples()
	broken.Middleware[1], broken.Middleware[4] = broken.Middleware[4], broken.Middleware[1]
	idA := share(t, ts, ts.URL, scenarioJSON(t, broken))
	idB := share(t, ts, ts.URL, scenarioJSON(t, samples()))

	resp, body := do(t, ts, "GET", "/c/"+idA+"/"+idB, "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /c/%s/%s = %d", idA, idB, resp.StatusCode)
	}
	if n := strings.Count(body, `data-differs="true"`); n != len(broken.Requests) {
		t.Errorf("%d highlighted rows, want every one of %d", n, len(broken.Requests))
	}
	if !strings.Contains(withoutBreaks(body), "Parts at: AuthenticationMiddleware process_request") {
		t.Error("the page does not say where the runs part")
	}
	_, same := do(t, ts, "GET", "/c/"+idB+"/"+idB, "")
	if strings.Contains(same, `data-differs="true"`) || !strings.Contains(same, `data-differs="false"`) {
		t.Error("a stack compared with itself shows differing rows")
	}

	// The form takes two share links and goes to their comparison.
	noRedirect := *ts.Client()
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	r, err := noRedirect.Get(ts.URL + "/c?a=" + url.QueryEscape(ts.URL+"/s/"+idA) + "&b=" + idB)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || loc != "/c/"+idA+"/"+idB {
		t.Errorf("form: %d to %q", r.StatusCode, loc)
	}
	resp, body = do(t, ts, "GET", "/c?a=nonsense+link&b="+idB, "")
	if resp.StatusCode != 400 || !strings.Contains(body, "is not a share link") {
		t.Errorf("bad link: %d", resp.StatusCode)
	}
	resp, _ = do(t, ts, "GET", "/c/"+idA+"/nope0000000", "")
	if resp.StatusCode != 404 {
		t.Errorf("unknown id: %d, want 404", resp.StatusCode)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The main page's dialog draws the /c page's rows for two scenarios it
// posts: nothing highlighted for a stack against itself, every request
// for Auth above Session against the default, parting at Auth.
func TestCompareFragment(t *testing.T) {
	ts := newServer(t)
	a := scenarioJSON(t, samples())
	resp, same := do(t, ts, "POST", "/ui/compare", `{"a": `+a+`, "b": {"middleware": `+mustJSON(t, stack.DefaultMiddleware())+`}}`)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("same stack: %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), same)
	}
	n := len(stack.SampleRequests())
	if strings.Contains(same, `data-differs="true"`) || strings.Count(same, `data-differs="false"`) != n {
		t.Errorf("a stack against itself: want %d rows, none differing:\n%s", n, same)
	}
	if !strings.Contains(same, fmt.Sprintf("All %d requests behave the same", n)) {
		t.Errorf("no tally saying nothing differs:\n%s", same)
	}

	broken := samples()
	broken.Middleware[1], broken.Middleware[4] = broken.Middleware[4], broken.Middleware[1]
	resp, out := do(t, ts, "POST", "/ui/compare", `{"a": `+scenarioJSON(t, broken)+`, "b": {"middleware": `+mustJSON(t, stack.DefaultMiddleware())+`}}`)
	if resp.StatusCode != 200 {
		t.Fatalf("auth above session: %d: %s", resp.StatusCode, out)
	}
	if got := strings.Count(out, `data-differs="true"`); got != n || strings.Contains(out, `data-differs="false"`) {
		t.Errorf("%d of %d rows differ, want every one", got, n)
	}
	if got := strings.Count(withoutBreaks(out), "Parts at: AuthenticationMiddleware process_request"); got != n {
		t.Errorf("%d rows say A parts at AuthenticationMiddleware's process_request, want %d", got, n)
	}
	if got := strings.Count(withoutBreaks(out), "Parts at: SessionMiddleware process_request"); got != n {
		t.Errorf("%d rows say B parts at SessionMiddleware's process_request, want %d", got, n)
	}
	if !strings.Contains(out, fmt.Sprintf("%d of %d requests behave differently", n, n)) {
		t.Errorf("no tally of %d differing requests:\n%s", n, out)
	}

	resp, bad := do(t, ts, "POST", "/ui/compare", `{"a": `+a+`}`)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(errorOf(t, bad), "b: missing") {
		t.Errorf("without b: %d %s, want 400 naming b", resp.StatusCode, bad)
	}
}

// withoutBreaks is HTML as its text reads: without the line-break
// opportunities the page puts inside long names.
func withoutBreaks(html string) string { return strings.ReplaceAll(html, "<wbr>", "") }

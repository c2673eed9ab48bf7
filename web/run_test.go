package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

type patchAnswer struct {
	Results string `json:"results"`
	Score   string `json:"score"`
	Rows    []struct {
		Key  string `json:"key"`
		HTML string `json:"html"`
	} `json:"rows"`
	Failed int `json:"failed"`
}

// A page that holds the table sends its rows' keys and gets back markup
// only for the rows that changed, the score line, and no trace.
func TestRunSendsOnlyChangedRows(t *testing.T) {
	ts := newServer(t)
	post := func(body string) patchAnswer {
		t.Helper()
		resp, out := do(t, ts, "POST", "/ui/run", body)
		if resp.StatusCode != 200 {
			t.Fatalf("run = %d %s", resp.StatusCode, out)
		}
		var a patchAnswer
		if err := json.Unmarshal([]byte(out), &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	good, bad := scenarioJSON(t, defaultScenario()), scenarioJSON(t, authAboveSession())
	first := post(fmt.Sprintf(`{"scenario": %s, "have": []}`, good))
	if first.Results != "" || len(first.Rows) != 2 || !strings.Contains(first.Score, `data-testid="score"`) {
		t.Fatalf("patch answer with nothing held: %+v", first)
	}
	var keys []string
	for _, r := range first.Rows {
		if r.Key == "" || !strings.Contains(r.HTML, `data-key="`+r.Key+`"`) {
			t.Errorf("row %q lacks its key in its markup: %s", r.Key, r.HTML)
		}
		keys = append(keys, r.Key)
	}
	have, _ := json.Marshal(keys)
	// The same scenario again: every row is held, none is sent.
	same := post(fmt.Sprintf(`{"scenario": %s, "have": %s}`, good, have))
	for i, r := range same.Rows {
		if r.HTML != "" || r.Key != keys[i] {
			t.Errorf("unchanged row %d sent again: %+v", i, r)
		}
	}
	// Opening alice's request changes her row only, and no trace rides
	// along (the page asks /ui/trace for it).
	opened := post(fmt.Sprintf(`{"scenario": %s, "have": %s, "open": 0}`, good, have))
	if opened.Rows[0].HTML == "" || !strings.Contains(opened.Rows[0].HTML, `aria-expanded="true"`) || opened.Rows[1].HTML != "" {
		t.Errorf("opening row 0 sent: %+v", opened.Rows)
	}
	if strings.Contains(opened.Score+opened.Rows[0].HTML, `data-testid="trace"`) {
		t.Error("a trace rode along with the patch")
	}
	// Auth above Session breaks both requests: both rows are sent.
	broken := post(fmt.Sprintf(`{"scenario": %s, "have": %s}`, bad, have))
	if broken.Failed != 1 || !strings.Contains(broken.Rows[0].HTML, `data-status="500"`) || broken.Rows[1].HTML == "" {
		t.Errorf("after the break: %+v", broken.Rows)
	}
	// A held list longer than the requests is fine: the extra rows go.
	if got := post(fmt.Sprintf(`{"scenario": %s, "have": ["a", "b", "c"]}`, good)); len(got.Rows) != 2 {
		t.Errorf("rows = %d", len(got.Rows))
	}
}

// The trace is its own request: a row for the table, with what broke.
func TestTrace(t *testing.T) {
	ts := newServer(t)
	resp, out := do(t, ts, "POST", "/ui/trace", fmt.Sprintf(`{"scenario": %s, "index": 0}`, scenarioJSON(t, authAboveSession())))
	var got struct {
		Index int    `json:"index"`
		HTML  string `json:"html"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || resp.StatusCode != 200 {
		t.Fatalf("trace = %d %s", resp.StatusCode, out)
	}
	for _, want := range []string{`<tr class="trace-row"`, `data-testid="what-broke"`, `data-testid="timeline"`, `/rules#session-before-auth`} {
		if !strings.Contains(got.HTML, want) {
			t.Errorf("trace lacks %s", want)
		}
	}
	for _, c := range []struct{ body, mention string }{
		{fmt.Sprintf(`{"scenario": %s, "index": 9}`, scenarioJSON(t, authAboveSession())), "index"},
		{`{"index": 0}`, "scenario"},
		{`{"scenario": {}, "index": 0, "x": 1}`, "x"},
	} {
		resp, out := do(t, ts, "POST", "/ui/trace", c.body)
		if resp.StatusCode != 400 || !strings.Contains(errorOf(t, out), c.mention) {
			t.Errorf("trace %s = %d %s", c.body, resp.StatusCode, out)
		}
	}
}

// Dotted paths in the palette may wrap after a dot, and only there: no
// space creeps in between their parts.
func TestPalettePathsWrapAtDots(t *testing.T) {
	ts := newServer(t)
	_, body := do(t, ts, "GET", "/", "")
	if !strings.Contains(body, `<code class="path">django.<wbr>contrib.<wbr>sessions.<wbr>middleware.<wbr>SessionMiddleware</code>`) {
		t.Error("the palette's SessionMiddleware path has no break opportunities after its dots")
	}
	if strings.Contains(body, "django. ") {
		t.Error("a dotted path has a space after a dot")
	}
}

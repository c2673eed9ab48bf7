package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/web"
)

// fullVersion is the release the engine reports in its trace when asked
// to simulate version v.
func fullVersion(t *testing.T, ts *httptest.Server, v string) string {
	t.Helper()
	sc := defaultScenario()
	sc.Django = v
	resp, body := do(t, ts, "POST", "/api/simulate", scenarioJSON(t, sc))
	if resp.StatusCode != 200 {
		t.Fatalf("simulate on %s = %d %s", v, resp.StatusCode, body)
	}
	var tr struct {
		Django string `json:"django"`
	}
	if err := json.Unmarshal([]byte(body), &tr); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tr.Django, v+".") {
		t.Fatalf("asked for Django %s, the trace reports %q", v, tr.Django)
	}
	return tr.Django
}

// pageVersion reads what a rendered playground says about its version:
// the picker's options and selection, the initial state's "django", and
// the release the footer names.
type pageVersion struct {
	options  []string
	selected []string
	state    string
	footer   string
}

func readPageVersion(t *testing.T, page string) pageVersion {
	t.Helper()
	var pv pageVersion
	start := strings.Index(page, `id="django-version"`)
	if start < 0 {
		t.Fatal("the page has no version picker")
	}
	picker := page[start : start+strings.Index(page[start:], "</select>")]
	for _, m := range regexp.MustCompile(`<option value="([^"]*)"( selected)?>`).FindAllStringSubmatch(picker, -1) {
		pv.options = append(pv.options, m[1])
		if m[2] != "" {
			pv.selected = append(pv.selected, m[1])
		}
	}
	m := regexp.MustCompile(`(?s)<script id="initial-state" type="application/json">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the page has no initial state")
	}
	var st struct{ Django string }
	if err := json.Unmarshal([]byte(m[1]), &st); err != nil {
		t.Fatalf("initial state: %v", err)
	}
	pv.state = st.Django
	f := regexp.MustCompile(`data-testid="django-full">([^<]*)<`).FindStringSubmatch(page)
	if f == nil {
		t.Fatal("the footer does not name the Django release")
	}
	pv.footer = html.UnescapeString(f[1])
	return pv
}

// nonDefaultVersion is a known version other than the default, so a test
// can tell "kept the version" from "fell back to the default".
func nonDefaultVersion(t *testing.T) string {
	t.Helper()
	for _, v := range stack.KnownVersions() {
		if v != stack.DefaultVersion {
			return v
		}
	}
	t.Skip("the engine knows only one Django version")
	return ""
}

func TestPageOffersEveryVersion(t *testing.T) {
	ts := newServer(t)
	_, page := do(t, ts, "GET", "/", "")
	pv := readPageVersion(t, page)
	if fmt.Sprint(pv.options) != fmt.Sprint(stack.KnownVersions()) {
		t.Errorf("picker offers %v, want %v", pv.options, stack.KnownVersions())
	}
	if fmt.Sprint(pv.selected) != fmt.Sprint([]string{stack.DefaultVersion}) || pv.state != stack.DefaultVersion {
		t.Errorf("fresh page: selected %v, state %q; want the default %s", pv.selected, pv.state, stack.DefaultVersion)
	}
	if want := fullVersion(t, ts, stack.DefaultVersion); pv.footer != want {
		t.Errorf("footer names %q, want the default's release %q", pv.footer, want)
	}
	if strings.Contains(page, "models Django 3.2") {
		t.Error("the page still says it models Django 3.2 whatever the version")
	}
}

// /ui/run runs the version the state names and says which release ran,
// which the page shows in the footer.
func TestRunUsesTheStateVersion(t *testing.T) {
	ts := newServer(t)
	seen := map[string]bool{}
	for _, v := range stack.KnownVersions() {
		sc := defaultScenario()
		sc.Django = v
		resp, out := do(t, ts, "POST", "/ui/run", fmt.Sprintf(`{"scenario": %s}`, scenarioJSON(t, sc)))
		if resp.StatusCode != 200 {
			t.Fatalf("run on %s = %d %s", v, resp.StatusCode, out)
		}
		var got struct{ Django string }
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if want := fullVersion(t, ts, v); got.Django != want {
			t.Errorf("run on %s reports %q, want %q", v, got.Django, want)
		}
		if seen[got.Django] {
			t.Errorf("two versions both ran as %q", got.Django)
		}
		seen[got.Django] = true
	}
}

func TestUnknownVersionIsRefused(t *testing.T) {
	ts := newServer(t)
	sc := defaultScenario()
	sc.Django = "9.9"
	for _, path := range []string{"/api/simulate", "/api/share"} {
		resp, body := do(t, ts, "POST", path, scenarioJSON(t, sc))
		if resp.StatusCode != 400 {
			t.Fatalf("%s with django 9.9 = %d %s, want 400", path, resp.StatusCode, body)
		}
		msg := errorOf(t, body)
		for _, v := range append(stack.KnownVersions(), "9.9") {
			if !strings.Contains(msg, v) {
				t.Errorf("%s: error %q does not name %s", path, msg, v)
			}
		}
	}
	resp, body := do(t, ts, "POST", "/ui/run", fmt.Sprintf(`{"scenario": %s}`, scenarioJSON(t, sc)))
	if resp.StatusCode != 400 || !strings.Contains(errorOf(t, body), "9.9") {
		t.Errorf("/ui/run with django 9.9 = %d %s, want 400", resp.StatusCode, body)
	}
}

// shareAndRead shares sc and returns its id and what GET /api/share/{id}
// answers.
func shareAndRead(t *testing.T, ts *httptest.Server, sc stack.Scenario) (string, *stack.Scenario) {
	t.Helper()
	resp, out := do(t, ts, "POST", "/api/share", scenarioJSON(t, sc))
	if resp.StatusCode != 200 {
		t.Fatalf("share = %d %s", resp.StatusCode, out)
	}
	var got struct{ ID string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	return got.ID, readShare(t, ts, got.ID)
}

func readShare(t *testing.T, ts *httptest.Server, id string) *stack.Scenario {
	t.Helper()
	resp, stored := do(t, ts, "GET", "/api/share/"+id, "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /api/share/%s = %d %s", id, resp.StatusCode, stored)
	}
	sc, err := stack.ParseScenario([]byte(stored))
	if err != nil {
		t.Fatalf("shared scenario does not parse: %v\n%s", err, stored)
	}
	return sc
}

func TestShareKeepsTheVersion(t *testing.T) {
	ts := newServer(t)
	other := nonDefaultVersion(t)

	// A scenario that names no version is shared as the default, so the
	// link does not change meaning when the default moves on.
	idDefault, sc := shareAndRead(t, ts, defaultScenario())
	if sc.Django != stack.DefaultVersion {
		t.Errorf("a share without a version stored %q, want %s", sc.Django, stack.DefaultVersion)
	}
	explicit := defaultScenario()
	explicit.Django = stack.DefaultVersion
	if id, _ := shareAndRead(t, ts, explicit); id != idDefault {
		t.Errorf("naming the default version gave id %s, leaving it out %s: the same state must share one link", id, idDefault)
	}

	picked := defaultScenario()
	picked.Django = other
	id, sc := shareAndRead(t, ts, picked)
	if sc.Django != other {
		t.Errorf("shared on %s, the share says %q", other, sc.Django)
	}
	if id == idDefault {
		t.Error("the same stack on two versions got one link")
	}
	_, page := do(t, ts, "GET", "/s/"+id, "")
	pv := readPageVersion(t, page)
	if fmt.Sprint(pv.selected) != fmt.Sprint([]string{other}) || pv.state != other {
		t.Errorf("shared page on %s: selected %v, state %q", other, pv.selected, pv.state)
	}
	if want := fullVersion(t, ts, other); pv.footer != want {
		t.Errorf("shared page's footer names %q, want %q", pv.footer, want)
	}
}

// Shares stored before the version was part of a share were made on 3.2,
// the only version the engine had; they open on 3.2 whatever the default.
func TestOldShareOpensOnItsVersion(t *testing.T) {
	st := openStore(t)
	const id = "oldShare123"
	// What the share button stored then: the canonical scenario, no
	// "django" field.
	legacy := `{"middleware":["django.contrib.auth.middleware.AuthenticationMiddleware","django.contrib.sessions.middleware.SessionMiddleware"],"requests":[{"label":"alice sees her dashboard","path":"/dashboard/","auth":["session:alice"],"expect":{"status":200,"user":"alice"}}]}`
	if _, err := st.PutShare(t.Context(), id, []byte(legacy)); err != nil {
		t.Fatal(err)
	}
	ts := newServerWith(t, web.Config{Store: st})

	sc := readShare(t, ts, id)
	if sc.Django != "3.2" {
		t.Errorf("an old share reads as Django %q, want 3.2", sc.Django)
	}
	if len(sc.Middleware) != 2 || sc.Requests[0].Label != "alice sees her dashboard" || sc.Requests[0].Expect.User != "alice" {
		t.Errorf("the rest of the old share changed: %+v", sc)
	}

	_, page := do(t, ts, "GET", "/s/"+id, "")
	pv := readPageVersion(t, page)
	if fmt.Sprint(pv.selected) != "[3.2]" || pv.state != "3.2" {
		t.Errorf("old share's page: selected %v, state %q; want 3.2", pv.selected, pv.state)
	}
	if want := fullVersion(t, ts, "3.2"); pv.footer != want {
		t.Errorf("old share's footer names %q, want %q", pv.footer, want)
	}
	if !strings.Contains(page, `data-failed="1"`) {
		t.Error("the old share's page does not draw its results")
	}
}

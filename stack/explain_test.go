package stack

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func simulateSamples(t *testing.T, mw []string, settings map[string]any) (*Trace, []Request) {
	t.Helper()
	reqs := SampleRequests()
	tr, err := SimulateStrict(&Scenario{Middleware: mw, Settings: settings, Requests: reqs})
	if err != nil {
		t.Fatal(err)
	}
	return tr, reqs
}

func diagnoseByID(t *testing.T, tr *Trace, reqs []Request, id string) Diagnosis {
	t.Helper()
	for i := range reqs {
		if reqs[i].ID == id {
			return Diagnose(reqs[i], &tr.Results[i])
		}
	}
	t.Fatalf("no request %s", id)
	return Diagnosis{}
}

func TestSamplesOnDefaultStack(t *testing.T) {
	tr, reqs := simulateSamples(t, DefaultMiddleware(), nil)
	// The default stack has no JWT, CORS or static-file middleware: those
	// three samples fail on purpose; every other one passes.
	wantFail := map[string]bool{"jwt-valid": true, "cors-preflight": true, "static": true}
	for i := range reqs {
		d := Diagnose(reqs[i], &tr.Results[i])
		if d.Passed == wantFail[reqs[i].ID] {
			t.Errorf("%s: passed=%v (%s)", reqs[i].ID, d.Passed, d.Summary)
		}
	}
}

func TestDiagnoseAuthAboveSession(t *testing.T) {
	mw := []string{PathSecurity, PathAuth, PathSession, PathCommon, PathCsrf, PathMessages, PathXFrame}
	tr, reqs := simulateSamples(t, mw, nil)
	d := diagnoseByID(t, tr, reqs, "alice-home")
	if d.Passed {
		t.Fatal("alice-home should fail with Authentication above Session")
	}
	if d.Layer != 1 || d.Code != SessionMissing {
		t.Errorf("layer %d, code %q (%s)", d.Layer, d.Code, d.Reason)
	}
	if !strings.Contains(d.Fix, "Below SessionMiddleware") {
		t.Errorf("fix %q", d.Fix)
	}
	if !strings.Contains(d.Summary, "expected 200, got 500") {
		t.Errorf("summary %q", d.Summary)
	}
}

func TestDiagnoseSilentJWTAboveAuth(t *testing.T) {
	mw := []string{PathSecurity, PathSession, PathCommon, PathCsrf, PathSilentJWT, PathAuth, PathMessages, PathXFrame}
	tr, reqs := simulateSamples(t, mw, nil)
	d := diagnoseByID(t, tr, reqs, "jwt-valid")
	if d.Passed {
		t.Fatal("jwt-valid should fail with the JWT middleware above Authentication")
	}
	if d.Step < 0 || tr.Results[5].Steps[d.Step].Class != "AuthenticationMiddleware" {
		t.Errorf("the user is lost at step %d, want AuthenticationMiddleware's process_request; steps %+v", d.Step, tr.Results[5].Steps)
	}
}

func TestDiagnoseCacheLeak(t *testing.T) {
	mw := []string{PathSecurity, PathSession, PathCommon, PathCsrf, PathAuth, PathMessages, PathXFrame, PathUpdateCache, PathFetchCache}
	tr, reqs := simulateSamples(t, mw, nil)
	d := diagnoseByID(t, tr, reqs, "cache-guest")
	if d.Passed || !strings.Contains(d.Summary, "made for alice") || !strings.Contains(d.Fix, "UpdateCacheMiddleware first") {
		t.Errorf("%+v", d)
	}
}

func TestOutcomeSentences(t *testing.T) {
	mw := append(DefaultMiddleware(), PathJSONError, PathUpdateCache, PathFetchCache)
	tr, err := SimulateStrict(&Scenario{Middleware: mw, Requests: []Request{
		{Path: "/boom/"},
		{Path: "/api/drf/", Method: "POST", Auth: []string{"session:alice"}, Client: "B"},
		{Path: "/health/", Auth: []string{"session:alice"}, Client: "C"},
		{Path: "/health/", Client: "D"},
		{Path: "/members/", Client: "E"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{
		"The view boom raised ValueError; JsonErrorMiddleware's process_exception turned it into a 500.",
		"The view drf_data answered 403 before its handler ran",
		"The view health answered 200",
		"Served from the page cache (a copy made for alice's request)",
		"The view members answered 302 before its handler ran: @login_required: request.user is anonymous",
	} {
		if got := tr.Results[i].Outcome(); !strings.HasPrefix(got, want) {
			t.Errorf("r%d: outcome %q, want it to start %q", i+1, got, want)
		}
	}
	// The health check never read request.user, yet the copy is known to
	// be alice's: whose page it is must not depend on what the view read.
	if got := tr.Results[3].CachedForUser; got != "alice" {
		t.Errorf("cached for %q, want alice", got)
	}
}

// TestVerdictsIgnoreWording rewords every reason sentence and checks no
// verdict, "what broke" step, layer or code changes: programs compare
// codes and fields, never sentences.
func TestVerdictsIgnoreWording(t *testing.T) {
	orders := [][]string{
		DefaultMiddleware(),
		{PathSecurity, PathAuth, PathSession, PathCommon, PathCsrf, PathMessages, PathXFrame},
		{PathSecurity, PathSession, PathCommon, PathCsrf, PathSilentJWT, PathAuth, PathMessages, PathXFrame},
		{PathSecurity, PathSession, PathCommon, PathCsrf, PathAuth, PathMessages, PathXFrame, PathUpdateCache, PathFetchCache},
		{PathSecurity, PathSession, PathCommon, PathCsrf, PathAuth, PathJWT, PathMessages, PathXFrame},
		{PathCors, PathWhiteNoise, PathSecurity, PathSession, PathLoginPattern, PathCommon, PathCsrf, PathAuth},
	}
	verdicts := func() []Diagnosis {
		var out []Diagnosis
		for _, mw := range orders {
			tr, reqs := simulateSamples(t, mw, nil)
			for i := range tr.Results {
				d := Diagnose(reqs[i], &tr.Results[i])
				d.Summary, d.Reason, d.Fix = "", "", ""
				out = append(out, d)
			}
		}
		scenarios := conformanceScenarios(t)
		for _, name := range slices.Sorted(maps.Keys(scenarios)) {
			sc := scenarios[name]
			tr, err := Simulate(sc)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tr.Results {
				req := sc.Requests[i]
				req.Expect = &Expectation{Status: 200, User: "alice"}
				d := Diagnose(req, &tr.Results[i])
				d.Summary, d.Reason, d.Fix = "", "", ""
				out = append(out, d)
			}
		}
		return out
	}
	want := verdicts()
	restore := RewordReasons(func(code ReasonCode, s string) string { return "[" + s + "]" })
	defer restore()
	got := verdicts()
	if len(got) != len(want) {
		t.Fatalf("%d verdicts reworded, %d before", len(got), len(want))
	}
	failed := 0
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("verdict %d changed with the wording: %+v, was %+v", i, got[i], want[i])
		}
		if !want[i].Passed {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("no failing verdict among them: the test proves nothing")
	}
}

// TestCachedCopyIsWhoseDjangoWouldSay: a page cached for a request whose
// lazy user nobody read belongs to the user get_user would have loaded,
// not to whoever the stored session names: an expired session is an
// anonymous visitor's.
func TestCachedCopyIsWhoseDjangoWouldSay(t *testing.T) {
	mw := append(DefaultMiddleware(), PathUpdateCache, PathFetchCache)
	for _, c := range []struct {
		age  float64
		want string
	}{{1209600, "alice"}, {0, "anonymous"}} {
		tr, err := SimulateStrict(&Scenario{Middleware: mw, Settings: map[string]any{"SESSION_COOKIE_AGE": c.age}, Requests: []Request{
			{Path: "/health/", Auth: []string{"session:alice"}, Client: "C"},
			{Path: "/health/", Client: "D"},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.Results[1].CachedForUser; got != c.want {
			t.Errorf("SESSION_COOKIE_AGE = %v: the copy is %q's, want %q's", c.age, got, c.want)
		}
	}
}

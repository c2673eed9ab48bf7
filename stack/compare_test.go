package stack

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func simulateFile(t *testing.T, name, v string) *Trace {
	t.Helper()
	src, err := os.ReadFile("testdata/conformance/scenarios/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := parseScenarioOn(src, v)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := SimulateStrict(sc)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestCompareSameTraceHasNoDifferences(t *testing.T) {
	a := simulateFile(t, "default-stack", "5.2")
	b := simulateFile(t, "default-stack", "5.2")
	if d := Compare(a, b); len(d) != 0 {
		t.Fatalf("a trace compared with a rerun of itself differs: %+v", d)
	}
}

// Auth above Session is a 500 on both versions, but 3.2 asserts where
// 5.2 raises ImproperlyConfigured, and 5.2 adds COOP and a charset.
func TestCompareAuthAboveSessionAcrossVersions(t *testing.T) {
	a := simulateFile(t, "auth-above-session", "3.2")
	b := simulateFile(t, "auth-above-session", "5.2")
	diffs := Compare(a, b)
	if len(diffs) == 0 {
		t.Fatal("no differences between 3.2 and 5.2")
	}
	d := diffs[0]
	if d.ID != a.Results[0].ID || slices.Contains(d.Fields, "status") || !slices.Contains(d.Fields, "events") || !slices.Contains(d.Fields, "headers") {
		t.Fatalf("first difference %+v: want %s with events and headers but the same status", d, a.Results[0].ID)
	}
	want := map[string]HeaderChange{
		"cross-origin-opener-policy": {"cross-origin-opener-policy", "", "same-origin"},
		"content-type":               {"content-type", "text/html", "text/html; charset=utf-8"},
	}
	for _, h := range d.Headers {
		if w, ok := want[h.Name]; ok && h != w {
			t.Errorf("header change %+v, want %+v", h, w)
		}
		delete(want, h.Name)
	}
	if len(want) > 0 {
		t.Errorf("header changes %+v miss %v", d.Headers, want)
	}
	if d.StepA < 0 || d.StepA != d.StepB {
		t.Fatalf("steps part at %d and %d, want one step in both", d.StepA, d.StepB)
	}
	sa, sb := a.Results[0].Steps[d.StepA], b.Results[0].Steps[d.StepB]
	if sa.Raised != "AssertionError" || sb.Raised != "ImproperlyConfigured" {
		t.Errorf("diverging steps raised %q and %q, want AssertionError and ImproperlyConfigured", sa.Raised, sb.Raised)
	}
	if d.ReasonA.Code != SessionMissing || d.ReasonB.Code != SessionMissing || d.ReasonA.String() == d.ReasonB.String() {
		t.Errorf("reasons %v / %v: want SessionMissing naming each version's exception", d.ReasonA, d.ReasonB)
	}
}

// The slash redirect moved from process_request to process_response in
// 4.2: same status and location, different events and reasons.
func TestCompareAppendSlashAcrossVersions(t *testing.T) {
	a := simulateFile(t, "default-stack", "3.2")
	b := simulateFile(t, "default-stack", "4.2")
	var found bool
	for _, d := range Compare(a, b) {
		if d.ReasonA.Code == AppendSlashRedirect {
			found = true
			if d.ReasonB.Code != NoURLPattern {
				t.Errorf("%s: 4.2's reason %s, want %s: the request went on to URL resolution", d.ID, d.ReasonB.Code, NoURLPattern)
			}
			if slices.Contains(d.Fields, "status") || !slices.Contains(d.Fields, "events") {
				t.Errorf("%s: fields %v, want events but not status", d.ID, d.Fields)
			}
			if d.StepB < 0 || b.Results[slices.IndexFunc(b.Results, func(r Result) bool { return r.ID == d.ID })].Steps[d.StepB].Event != "process_request CommonMiddleware none" {
				t.Errorf("%s: 4.2's steps part at %d, want Common's process_request returning none", d.ID, d.StepB)
			}
		}
	}
	if !found {
		t.Fatal("no request whose 3.2 reason is the process_request slash redirect")
	}
}

// A header one version adds is a step that parts: SecurityMiddleware's
// process_response, which sets COOP on 4.2.
func TestCompareHeaderOnlyDifference(t *testing.T) {
	a := simulateFile(t, "default-stack", "3.2")
	b := simulateFile(t, "default-stack", "4.2")
	d := Compare(a, b)[0]
	if !slices.Equal(d.Fields, []string{"headers"}) || d.StepB < 0 {
		t.Fatalf("%s: %+v, want only headers, with a parting step", d.ID, d)
	}
	s := b.Results[0].Steps[d.StepB]
	if s.Class != "SecurityMiddleware" || s.Kind != KindProcessResponse || !slices.Contains(s.HeadersSet, Header{"Cross-Origin-Opener-Policy", "same-origin"}) {
		t.Errorf("4.2 parts at %+v, want SecurityMiddleware's process_response setting COOP", s)
	}
	// Each side says why: the header is new in 4.0.
	if d.ReasonA.Code != COOPNotYet || d.ReasonB.Code != COOPSent {
		t.Errorf("reasons %s / %s, want %s / %s", d.ReasonA.Code, d.ReasonB.Code, COOPNotYet, COOPSent)
	}
}

func TestCompareMissingRequest(t *testing.T) {
	a := simulateFile(t, "default-stack", "5.2")
	b := &Trace{Results: a.Results[1:]}
	d := Compare(a, b)
	if len(d) != 1 || d[0].ID != a.Results[0].ID || d[0].StepB != -1 || len(d[0].Fields) != len(conformanceFields) {
		t.Fatalf("a request only one trace has: %+v", d)
	}
}

func TestCompareVersions(t *testing.T) {
	sc := &Scenario{Middleware: []string{PathAuth, PathSession}, Requests: []Request{{Path: "/health/"}}}
	ta, tb, diffs, err := CompareVersions(sc, "3.2", "5.2")
	if err != nil {
		t.Fatal(err)
	}
	if ta.Django != versions["3.2"].full || tb.Django != versions["5.2"].full || len(diffs) != 1 || diffs[0].ReasonB.Code != SessionMissing {
		t.Fatalf("traces %s and %s, differences %+v", ta.Django, tb.Django, diffs)
	}
	if sc.Django != "" {
		t.Errorf("CompareVersions changed the scenario's version to %q", sc.Django)
	}
	lrm := &Scenario{Middleware: []string{PathSession, PathAuth, PathLoginRequired}, Requests: []Request{{Path: "/"}}}
	if _, _, _, err := CompareVersions(lrm, "4.2", "5.2"); err == nil || !strings.Contains(err.Error(), "needs Django 5.1") {
		t.Errorf("LoginRequiredMiddleware compared from 4.2: error %v, want needs Django 5.1", err)
	}
}

// Every request whose cookies differ says which ones, and how, as each
// trace has them.
func TestCompareNamesCookieChanges(t *testing.T) {
	entries, err := os.ReadDir("testdata/conformance/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		src, err := os.ReadFile("testdata/conformance/scenarios/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parseScenarioOn(src, "3.2"); err != nil {
			continue // a scenario for what 3.2 does not have
		}
		a, b := simulateFile(t, name, "3.2"), simulateFile(t, name, "5.2")
		for _, d := range Compare(a, b) {
			if !slices.Contains(d.Fields, "cookies") {
				if len(d.Cookies) != 0 {
					t.Errorf("%s/%s: cookie changes %+v though cookies are the same", name, d.ID, d.Cookies)
				}
				continue
			}
			seen++
			if len(d.Cookies) == 0 {
				t.Errorf("%s/%s: cookies differ but no change is named", name, d.ID)
			}
			ra := a.Results[slices.IndexFunc(a.Results, func(r Result) bool { return r.ID == d.ID })]
			rb := b.Results[slices.IndexFunc(b.Results, func(r Result) bool { return r.ID == d.ID })]
			for _, c := range d.Cookies {
				va, _ := ra.Cookies.Get(c.Name)
				vb, _ := rb.Cookies.Get(c.Name)
				if c.A != va || c.B != vb || va == vb {
					t.Errorf("%s/%s: cookie change %+v, traces have %q and %q", name, d.ID, c, va, vb)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no public scenario has a request whose cookies differ between 3.2 and 5.2")
	}
}

func TestOutcomeFieldsLeaveOutTheHookOrder(t *testing.T) {
	d := Difference{Fields: []string{"status", "headers", "events", "body_h1"}}
	if got := d.OutcomeFields(); !slices.Equal(got, []string{"status", "headers", "body_h1"}) {
		t.Errorf("OutcomeFields = %v", got)
	}
	if !slices.Equal(d.Fields, []string{"status", "headers", "events", "body_h1"}) {
		t.Errorf("OutcomeFields changed the difference's Fields to %v", d.Fields)
	}
}

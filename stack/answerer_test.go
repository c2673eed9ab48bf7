package stack

import (
	"strings"
	"testing"
)

// wellBuilt is the stack every sample request's expectation describes:
// Django's defaults plus what the JWT, CORS and static-file requests need,
// each where its authors say it goes.
func wellBuilt() []string {
	return []string{PathCors, PathSecurity, PathWhiteNoise, PathSession, PathCommon, PathCsrf, PathAuth, PathJWT, PathMessages, PathXFrame}
}

func TestSamplesNameWhoAnswers(t *testing.T) {
	for _, r := range SampleRequests() {
		if r.Expect == nil || r.Expect.AnsweredBy == "" || r.Expect.ViewRuns == nil {
			t.Errorf("%s: the expectation does not say who answers and whether the view runs: %+v", r.ID, r.Expect)
		}
	}
	tr, reqs := simulateSamples(t, wellBuilt(), nil)
	for i := range reqs {
		if d := Diagnose(reqs[i], &tr.Results[i]); !d.Passed {
			t.Errorf("%s fails on the well-built stack: %s", reqs[i].ID, d.Summary)
		}
	}
}

// TestRightStatusWrongReason runs requests that get the status (and user)
// they expect, but from another place than expected.
func TestRightStatusWrongReason(t *testing.T) {
	ran, skipped := ptrTo(true), ptrTo(false)
	sample := func(id string) Request {
		for _, r := range SampleRequests() {
			if r.ID == id {
				return r
			}
		}
		t.Fatalf("no sample %s", id)
		return Request{}
	}
	preflight := Request{ID: "preflight-health", Path: "/health/", Method: "OPTIONS", Client: "spa",
		Headers: map[string]string{"Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"},
		Expect:  &Expectation{Status: 200, AnsweredBy: "CorsMiddleware", ViewRuns: skipped}}
	health := Request{ID: "health", Path: "/health/", Client: "monitor", Expect: &Expectation{Status: 200, AnsweredBy: "view", ViewRuns: ran}}
	for _, tc := range []struct {
		name     string
		mw       []string
		reqs     []Request
		answered string // who really answered the last request
		layer    int    // the layer "what broke" points at
		code     ReasonCode
		fix      string // a class the fix must name
	}{
		{"a view raises, with Authentication above Session",
			[]string{PathSecurity, PathAuth, PathSession, PathCommon, PathCsrf, PathMessages, PathXFrame},
			[]Request{sample("boom")}, "AuthenticationMiddleware", 1, SessionMissing, "SessionMiddleware"},
		{"a preflight answered by a view, with no CorsMiddleware",
			DefaultMiddleware(), []Request{preflight}, "view", -1, HealthOK, "CorsMiddleware"},
		{"a health check served from the page cache",
			[]string{PathUpdateCache, PathSecurity, PathSession, PathCommon, PathCsrf, PathAuth, PathMessages, PathXFrame, PathFetchCache},
			[]Request{health, health}, "FetchFromCacheMiddleware", 8, ServedFromCacheForOthers, "FetchFromCacheMiddleware"},
		{"a view's exception answered by JsonErrorMiddleware",
			append(DefaultMiddleware(), PathJSONError),
			[]Request{sample("boom")}, "JsonErrorMiddleware", 7, JSONErrorHandled, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := SimulateStrict(&Scenario{Middleware: tc.mw, Requests: tc.reqs})
			if err != nil {
				t.Fatal(err)
			}
			last := len(tc.reqs) - 1
			req, res := tc.reqs[last], &tr.Results[last]
			if res.Status != req.Expect.Status {
				t.Fatalf("status %d, want %d: the case must get the right status", res.Status, req.Expect.Status)
			}
			if res.AnsweredBy != tc.answered {
				t.Fatalf("answered by %s, want %s", res.AnsweredBy, tc.answered)
			}
			d := Diagnose(req, res)
			if d.Passed || !d.WrongReason || !strings.HasPrefix(d.Summary, RightStatusWrongReason) {
				t.Fatalf("diagnosis %+v, want a failure with %q", d, RightStatusWrongReason)
			}
			if d.Layer != tc.layer || d.Code != tc.code {
				t.Errorf("what broke: layer %d code %q (%s), want layer %d code %q", d.Layer, d.Code, d.Reason, tc.layer, tc.code)
			}
			if d.Step < 0 || d.Step != res.AnsweredStep && res.AnsweredStep >= 0 {
				t.Errorf("step %d, want the answering step %d", d.Step, res.AnsweredStep)
			}
			if tc.fix != "" && !strings.Contains(d.Fix, tc.fix) {
				t.Errorf("fix %q does not name %s", d.Fix, tc.fix)
			}
			// The same request met by the place it expects passes.
			want := *req.Expect
			want.AnsweredBy, want.ViewRuns = res.AnsweredBy, ptrTo(res.ViewRan())
			req.Expect = &want
			if d := Diagnose(req, res); !d.Passed || d.WrongReason {
				t.Errorf("with the real answerer expected: %+v", d)
			}
		})
	}
}

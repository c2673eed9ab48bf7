package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

// TestRunRightStatusWrongReason: with AuthenticationMiddleware above
// SessionMiddleware, "a view raises" still gets its 500, from the wrong
// layer: the page says so, and "expect this" is offered who answered.
func TestRunRightStatusWrongReason(t *testing.T) {
	ts := newServer(t)
	var boom stack.Request
	for _, r := range stack.SampleRequests() {
		if r.ID == "boom" {
			boom = r
		}
	}
	sc := authAboveSession()
	sc.Requests = []stack.Request{boom}
	resp, out := do(t, ts, "POST", "/ui/run", fmt.Sprintf(`{"scenario": %s, "open": 0}`, scenarioJSON(t, sc)))
	if resp.StatusCode != 200 {
		t.Fatalf("run = %d %s", resp.StatusCode, out)
	}
	var a struct {
		Results  string
		Failed   int
		Outcomes []struct {
			Status     int    `json:"status"`
			AnsweredBy string `json:"answered_by"`
			ViewRuns   bool   `json:"view_runs"`
		}
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if a.Failed != 1 || !strings.Contains(a.Results, `data-testid="wrong-reason"`) || !strings.Contains(a.Results, `data-testid="broke-wrong-reason"`) {
		t.Errorf("failed %d; the row or the trace does not say right status, wrong reason:\n%s", a.Failed, a.Results)
	}
	if o := a.Outcomes[0]; o.Status != 500 || o.AnsweredBy != "AuthenticationMiddleware" || o.ViewRuns {
		t.Errorf("outcome for expect-this = %+v", o)
	}
}

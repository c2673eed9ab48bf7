package exercises

import (
	"testing"

	"github.com/middleware-playground/playground/stack"
)

// TestRequestsNameWhoAnswers: every request of every exercise (and each
// variant a learner may pick) says who should answer it and whether the
// view runs, and the first reference solution does exactly that.
func TestRequestsNameWhoAnswers(t *testing.T) {
	set, err := Load(FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range set.List() {
		named := func(where string, r stack.Request) {
			if r.Expect == nil || r.Expect.AnsweredBy == "" || r.Expect.ViewRuns == nil {
				t.Errorf("%s: %s does not say who answers and whether the view runs", ex.ID, where)
			}
		}
		for _, r := range ex.Requests {
			named("request "+r.ID, r.Request)
			for _, v := range r.Variants {
				named("request "+r.ID+" variant "+v.ID, v.Request)
			}
		}
		sol := ex.Solutions[0]
		sc, err := ex.Scenario(sol.Attempt())
		if err != nil {
			t.Fatal(err)
		}
		tr, err := stack.Simulate(sc)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range sc.Requests {
			res := &tr.Results[i]
			if e := r.Expect; e != nil && (res.AnsweredBy != e.AnsweredBy || e.ViewRuns == nil || res.ViewRan() != *e.ViewRuns) {
				t.Errorf("%s: request %s on the reference solution is answered by %s (view ran: %v); it expects %+v",
					ex.ID, r.ID, res.AnsweredBy, res.ViewRan(), e)
			}
		}
	}
}

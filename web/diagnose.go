package web

import (
	"fmt"
	"strconv"

	"github.com/middleware-playground/playground/stack"
)

// diagnose asks the engine whether a result meets its request's
// expectation. Until the engine's Diagnose is written it answers "passed"
// with no summary for everything; in that case (and only when the outcome
// plainly contradicts the expectation) a plain comparison of status and
// user stands in, pointing at the step where the answer was made.
// TODO: drop the stand-in once stack.Diagnose is implemented.
func diagnose(req stack.Request, res *stack.Result) stack.Diagnosis {
	d := stack.Diagnose(req, res)
	if !d.Passed || d.Summary != "" || req.Expect == nil || meetsExpectation(req.Expect, res) {
		return d
	}
	got := strconv.Itoa(res.Status)
	if res.UserAtView != nil {
		got += " as " + *res.UserAtView
	}
	d = stack.Diagnosis{
		Summary: fmt.Sprintf("%s, got %s from %s", expectLabel(req.Expect), got, answeredByLabel(res.AnsweredBy)),
		Step:    answeringStep(res),
	}
	if d.Step >= 0 {
		for _, st := range res.Steps[d.Step:] {
			if st.Reason != "" {
				d.Reason = st.Reason
				break
			}
		}
		if m, ok := stack.Lookup(stepPath(res, d.Step)); ok {
			d.Fix = m.Placement
		}
	}
	if d.Reason == "" {
		d.Reason = res.Outcome
	}
	return d
}

func meetsExpectation(e *stack.Expectation, res *stack.Result) bool {
	if e.Status != 0 && e.Status != res.Status {
		return false
	}
	if e.User != "" && (res.UserAtView == nil || *res.UserAtView != e.User) {
		return false
	}
	return true
}

// stepPath is the dotted path of the layer a step belongs to, from the
// catalog's class names.
func stepPath(res *stack.Result, step int) string {
	class := res.Steps[step].Class
	for _, m := range stack.Catalog() {
		if m.Class == class {
			return m.Path
		}
	}
	return ""
}

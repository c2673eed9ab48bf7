package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/middleware-playground/playground/exercises"
	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/templates"
)

// errReferenceBeforeSolving keeps the reference hidden until the learner
// has an answer of their own: the comparison would otherwise be a
// solution without the "show a solution" guard.
var errReferenceBeforeSolving = &apiError{status: http.StatusForbidden,
	msg: "the reference is compared only with an answer that meets every goal; this one still fails a goal"}

// versus compares a solving answer with the exercise's first reference
// solution, the one "show a solution" reveals, on the exercise's requests
// with each answer's own settings and variants.
func versus(ex *exercises.Exercise, yours *exerciseRun) (templates.VersusVM, error) {
	if !yours.res.Solved {
		return templates.VersusVM{}, errReferenceBeforeSolving
	}
	sol := ex.Solutions[0]
	ref, err := simulateAttempt(ex, sol.Attempt())
	if err != nil {
		return templates.VersusVM{}, fmt.Errorf("exercise %s: reference solution: %w", ex.ID, err)
	}
	c := compareRuns(yours.run, ref.run)
	vm := templates.VersusVM{
		Django: ex.DjangoVersion(), Total: len(yours.tr.Results), ReferenceNote: sol.Note,
		Yours:     stackEntries(yours.sc.Middleware, ref.sc.Middleware),
		Reference: stackEntries(ref.sc.Middleware, yours.sc.Middleware),
		Elsewhere: chosenDifferently(yours.sc, ref.sc),
	}
	vm.SameAnswer = slices.Equal(yours.sc.Middleware, ref.sc.Middleware) && len(vm.Elsewhere) == 0
	for i, row := range c.rows() {
		d := c.byID[row.ID]
		if !row.Differs || len(d.OutcomeFields()) == 0 {
			continue
		}
		j := c.indexInB(row.ID)
		if j < 0 {
			// Both answers run the exercise's requests; only a broken
			// exercise file could get here.
			return templates.VersusVM{}, fmt.Errorf("exercise %s: request %s missing from the reference's run", ex.ID, row.ID)
		}
		vm.Rows = append(vm.Rows, templates.VersusRow{
			ID: row.ID, Label: row.A.Label, Fields: differingFields(d, &yours.tr.Results[i], &ref.tr.Results[j], row.A, row.B),
			WhereYours: row.WhereA, WhereReference: row.WhereB,
		})
	}
	return vm, nil
}

// stackEntries marks the entries of mine that other lacks, and those it
// has in another order: outside the longest sequence both lists share.
func stackEntries(mine, other []string) []templates.VersusEntry {
	kept := commonOrder(mine, other)
	out := make([]templates.VersusEntry, 0, len(mine))
	for i, p := range mine {
		e := templates.VersusEntry{Name: stack.ClassName(p), Path: p}
		switch {
		case !slices.Contains(other, p):
			e.Mark = "only here"
		case !kept[i]:
			e.Mark = "placed differently"
		}
		out = append(out, e)
	}
	return out
}

// commonOrder says which entries of a belong to a longest common
// subsequence of a and b.
func commonOrder(a, b []string) []bool {
	kept := make([]bool, len(a))
	alignLCS(len(a), len(b), func(i, j int) bool { return a[i] == b[j] }, func(i, j int) {
		if i >= 0 && j >= 0 {
			kept[i] = true
		}
	})
	return kept
}

// chosenDifferently lists the settings and request variants (told by the
// request's label) where the two scenarios part.
func chosenDifferently(yours, ref *stack.Scenario) []templates.Change {
	var out []templates.Change
	names := map[string]any{}
	maps.Copy(names, yours.Settings)
	maps.Copy(names, ref.Settings)
	for _, k := range slices.Sorted(maps.Keys(names)) {
		a, b := overrideText(yours.Settings, k), overrideText(ref.Settings, k)
		if a != b {
			out = append(out, templates.Change{Name: k, A: a, B: b})
		}
	}
	for i := range yours.Requests {
		j := slices.IndexFunc(ref.Requests, func(r stack.Request) bool { return r.ID == yours.Requests[i].ID })
		if j < 0 {
			continue
		}
		if a, b := requestLabel(yours.Requests[i]), requestLabel(ref.Requests[j]); a != b {
			out = append(out, templates.Change{Name: "request " + yours.Requests[i].ID, A: a, B: b})
		}
	}
	return out
}

func overrideText(settings map[string]any, name string) string {
	v, ok := settings[name]
	if !ok {
		return "Django's default"
	}
	return jsonOrText(v)
}

// differingFields spells out, with both values, each outcome field the
// engine found different, plus who answered: the results table's first
// clue.
func differingFields(d stack.Difference, yours, ref *stack.Result, rowYours, rowRef templates.ResultRow) []templates.Change {
	var out []templates.Change
	add := func(name, a, b string) {
		out = append(out, templates.Change{Name: name, A: a, B: b})
	}
	// Status leads, as in the results table, then who answered.
	if slices.Contains(d.Fields, "status") {
		add("status", strconv.Itoa(yours.Status), strconv.Itoa(ref.Status))
	}
	if rowYours.AnsweredBy != rowRef.AnsweredBy {
		add("answered by", rowYours.AnsweredBy, rowRef.AnsweredBy)
	}
	for _, f := range d.OutcomeFields() {
		switch f {
		case "escaped":
			add("exception that escaped", orDefault(yours.Escaped, "none"), orDefault(ref.Escaped, "none"))
		case "view":
			add("view run", ptrText(yours.View), ptrText(ref.View))
		case "user_at_view":
			add("user at the view", rowYours.User, rowRef.User)
		case "cookies":
			for _, c := range d.Cookies {
				add("cookie "+c.Name, orDefault(c.A, "untouched"), orDefault(c.B, "untouched"))
			}
		case "headers":
			for _, h := range d.Headers {
				add("header "+h.Name, orDefault(h.A, "absent"), orDefault(h.B, "absent"))
			}
		case "body_json":
			add("JSON body", jsonText(yours.BodyJSON), jsonText(ref.BodyJSON))
		case "body_h1":
			add("page heading", ptrText(yours.BodyH1), ptrText(ref.BodyH1))
		}
	}
	return out
}

func ptrText(p *string) string {
	if p == nil {
		return "none"
	}
	return *p
}

func jsonText(v any) string {
	if v == nil {
		return "none"
	}
	return jsonOrText(v)
}

// jsonOrText is v as JSON, or as Go prints it if it has no JSON form.
func jsonOrText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// versusHTML is the comparison of a solving answer as the exercise page
// draws it.
func versusHTML(ctx context.Context, ex *exercises.Exercise, er *exerciseRun) (string, error) {
	vm, err := versus(ex, er)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = templates.Versus(vm).Render(ctx, &b)
	return b.String(), err
}

// handleExerciseVersus answers POST /ui/exercises/{id}/versus with the
// attempt (as /check takes it): the comparison as HTML, once it solves.
func handleExerciseVersus(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body checkRequest
		ex, er, err := s.readAttempt(w, r, &body)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		vm, err := versus(ex, er)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		templ.Handler(templates.Versus(vm)).ServeHTTP(w, r)
	}
}

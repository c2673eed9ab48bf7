package exercises

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/middleware-playground/playground/stack"
)

// AttemptError says what is wrong with an attempt; the web layer answers
// it with 400.
type AttemptError struct{ Msg string }

func (e *AttemptError) Error() string { return e.Msg }

func attemptErr(format string, args ...any) error {
	return &AttemptError{Msg: fmt.Sprintf(format, args...)}
}

// Result is the verdict on one attempt.
type Result struct {
	Solved bool         `json:"solved"`
	Goals  []GoalResult `json:"goals"`
}

// Allowed reports whether a dotted path may appear in the learner's stack:
// it is in the starting stack or in the palette.
func (e *Exercise) Allowed(path string) bool {
	for _, p := range e.Middleware {
		if p == path {
			return true
		}
	}
	for _, p := range e.Palette {
		if p == path {
			return true
		}
	}
	return false
}

// Scenario builds the engine's scenario for an attempt: its stack, the
// exercise's settings with the learner's changes to editable settings,
// and the requests with the chosen variants.
func (e *Exercise) Scenario(a Attempt) (*stack.Scenario, error) {
	if len(a.Middleware) > stack.MaxMiddleware {
		return nil, attemptErr("middleware: %d entries; at most %d are allowed", len(a.Middleware), stack.MaxMiddleware)
	}
	seen := map[string]bool{}
	for i, p := range a.Middleware {
		if !e.Allowed(p) {
			return nil, attemptErr("middleware[%d]: %q is not part of this exercise; its palette offers %s", i, p, strings.Join(classList(e.paletteAndStart()), ", "))
		}
		if seen[p] {
			return nil, attemptErr("middleware[%d]: %s is in the stack twice", i, stack.ClassName(p))
		}
		seen[p] = true
	}
	settings := copySettings(e.Settings)
	editable := map[string]bool{}
	for _, s := range e.EditableSettings {
		editable[s] = true
	}
	for _, name := range sortedKeys(a.Settings) {
		v := a.Settings[name]
		if !editable[name] {
			// The page sends the whole settings object, exercise values
			// included; only a change to a locked setting is an error.
			if old, ok := e.Settings[name]; ok && sameJSON(old, v) {
				continue
			}
			if len(e.EditableSettings) == 0 {
				return nil, attemptErr("settings.%s: this exercise has no settings to change", name)
			}
			return nil, attemptErr("settings.%s: this exercise lets you change only %s", name, strings.Join(e.EditableSettings, ", "))
		}
		settings[name] = v
	}
	reqs := make([]stack.Request, len(e.Requests))
	byID := map[string]int{}
	for i, r := range e.Requests {
		reqs[i] = r.Request
		byID[r.ID] = i
	}
	for _, rid := range sortedKeys(a.Choices) {
		vid := a.Choices[rid]
		i, ok := byID[rid]
		if !ok {
			return nil, attemptErr("choices.%s: this exercise has no request with that id", rid)
		}
		if vid == "" {
			continue
		}
		v := e.Requests[i].variant(vid)
		if v == nil {
			return nil, attemptErr("choices.%s: request %s has no variant %q", rid, rid, vid)
		}
		r := v.Request
		r.ID, r.Client, r.Label = rid, e.Requests[i].Client, v.Label
		reqs[i] = r
	}
	sc := &stack.Scenario{Name: e.ID, Django: e.DjangoVersion(), Middleware: append([]string(nil), a.Middleware...), Settings: settings, Requests: reqs}
	if err := sc.Validate(); err != nil {
		var fe *stack.FieldError
		if errors.As(err, &fe) {
			return nil, attemptErr("%s", fe.Error())
		}
		return nil, err
	}
	return sc, nil
}

func (r *Request) variant(id string) *Variant {
	for i := range r.Variants {
		if r.Variants[i].ID == id {
			return &r.Variants[i]
		}
	}
	return nil
}

// Check runs an attempt on the engine and judges every goal on the trace.
// An *AttemptError means the attempt itself is malformed.
func (e *Exercise) Check(a Attempt) (*Result, error) {
	sc, err := e.Scenario(a)
	if err != nil {
		return nil, err
	}
	tr, err := stack.SimulateStrict(sc)
	if err != nil {
		var fe *stack.FieldError
		if errors.As(err, &fe) {
			return nil, attemptErr("%s", fe.Error())
		}
		return nil, fmt.Errorf("exercise %s: simulate: %w", e.ID, err)
	}
	return e.Judge(sc, tr), nil
}

// Judge checks every goal on the trace of sc, a scenario Scenario built
// for this exercise: the page simulates once and uses the same trace for
// its results table and for the goals.
func (e *Exercise) Judge(sc *stack.Scenario, tr *stack.Trace) *Result {
	rn := &run{trace: tr, byID: map[string]*stack.Result{}, labels: map[string]string{}, nEntries: len(sc.Middleware)}
	for i := range tr.Results {
		r := &tr.Results[i]
		rn.byID[r.ID] = r
		rn.order = append(rn.order, r.ID)
		rn.labels[r.ID] = describeRequest(r.ID, sc.Requests[i])
	}
	out := &Result{Solved: true, Goals: make([]GoalResult, 0, len(e.Goals))}
	for i := range e.Goals {
		gr := e.Goals[i].check(rn)
		out.Solved = out.Solved && gr.Passed
		out.Goals = append(out.Goals, gr)
	}
	return out
}

// describeRequest names a request in a reason: "r2 (POST /api/data/)".
func describeRequest(id string, r stack.Request) string {
	m := r.Method
	if m == "" {
		m = "GET"
	}
	return fmt.Sprintf("%s (%s %s)", id, strings.ToUpper(m), r.Path)
}

func (e *Exercise) paletteAndStart() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range append(append([]string(nil), e.Middleware...), e.Palette...) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

func classList(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = stack.ClassName(p)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

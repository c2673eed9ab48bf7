package exercises

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/middleware-playground/playground/stack"
)

// Goal kinds. Each reads only the engine's trace (and, for max_entries,
// the length of the stack), so any stack that behaves right passes.
const (
	// KindStatus: the request's response has Status.
	KindStatus = "status"
	// KindUser: the view ran and saw User as request.user ("anonymous"
	// also accepts a lazy user nobody evaluated).
	KindUser = "user"
	// KindHeader: the response carries Header (lower-case), with Value
	// when given; with Absent, it must not carry it.
	KindHeader = "header"
	// KindNoException: no exception became an error response (nor escaped
	// Django) for the request, or for every request when Request is "".
	KindNoException = "no_exception"
	// KindNotServedToOther: the response was not a page-cache copy made
	// for another user than As.
	KindNotServedToOther = "not_cached_for_other"
	// KindNotRun: the layer Layer did nothing at all for the request.
	KindNotRun = "layer_not_run"
	// KindRun: the layer Layer ran for the request.
	KindRun = "layer_run"
	// KindBudget: the request took at most MaxMicros of virtual time.
	KindBudget = "budget"
	// KindMaxEntries: MIDDLEWARE has at most Max entries.
	KindMaxEntries = "max_entries"
	// KindCORS: the browser lets the page read the response (the engine's
	// CORS verdict is "allowed").
	KindCORS = "cors_allowed"
	// KindTimed: the X-Request-Duration header accounts for at least
	// Percent per cent of the request's virtual time.
	KindTimed = "timed"
)

// Goal is one thing the learner's stack must achieve.
type Goal struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Kind string `json:"kind"`
	// Request is the id of the request the goal is about; "" means every
	// request, for kinds that allow it.
	Request   string `json:"request,omitempty"`
	Status    int    `json:"status,omitempty"`
	User      string `json:"user,omitempty"`
	Header    string `json:"header,omitempty"`
	Value     string `json:"value,omitempty"`
	Absent    bool   `json:"absent,omitempty"`
	As        string `json:"as,omitempty"`
	Layer     string `json:"layer,omitempty"`
	MaxMicros int64  `json:"max_us,omitempty"`
	Max       int    `json:"max,omitempty"`
	Percent   int    `json:"percent,omitempty"`
}

// GoalResult is a goal's verdict on one attempt.
type GoalResult struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Passed bool   `json:"passed"`
	// Reason is a plain sentence built from the trace: why it passed or
	// what happened instead.
	Reason string `json:"reason"`
}

// perRequestOrAll are the kinds for which Request "" means every request.
var perRequestOrAll = map[string]bool{KindNoException: true, KindHeader: true, KindStatus: true}

func (g *Goal) validate(reqIDs map[string]bool) error {
	if g.ID == "" {
		return fmt.Errorf("a goal has no id")
	}
	if strings.TrimSpace(g.Text) == "" {
		return fmt.Errorf("goal %s: no text", g.ID)
	}
	needRequest := func() error {
		if g.Request == "" {
			if perRequestOrAll[g.Kind] {
				return nil
			}
			return fmt.Errorf("goal %s: kind %s needs a request id", g.ID, g.Kind)
		}
		if !reqIDs[g.Request] {
			return fmt.Errorf("goal %s: no request has the id %q", g.ID, g.Request)
		}
		return nil
	}
	switch g.Kind {
	case KindStatus:
		if g.Status < 100 || g.Status > 599 {
			return fmt.Errorf("goal %s: status %d is not an HTTP status", g.ID, g.Status)
		}
	case KindUser:
		if g.User == "" {
			return fmt.Errorf("goal %s: no user", g.ID)
		}
	case KindHeader:
		if g.Header == "" || g.Header != strings.ToLower(g.Header) {
			return fmt.Errorf("goal %s: header must be a lower-case name", g.ID)
		}
		if g.Absent && g.Value != "" {
			return fmt.Errorf("goal %s: an absent header cannot have a value", g.ID)
		}
	case KindNoException, KindCORS:
	case KindNotServedToOther:
		if g.As == "" {
			return fmt.Errorf("goal %s: say who the browser is (as)", g.ID)
		}
	case KindNotRun, KindRun:
		if _, ok := stack.Lookup(g.Layer); !ok {
			return fmt.Errorf("goal %s: layer %q is not a catalog path", g.ID, g.Layer)
		}
	case KindBudget:
		if g.MaxMicros <= 0 {
			return fmt.Errorf("goal %s: max_us must be positive", g.ID)
		}
	case KindMaxEntries:
		if g.Max <= 0 || g.Max > stack.MaxMiddleware {
			return fmt.Errorf("goal %s: max must be between 1 and %d", g.ID, stack.MaxMiddleware)
		}
		if g.Request != "" {
			return fmt.Errorf("goal %s: max_entries is about the stack, not a request", g.ID)
		}
		return nil
	case KindTimed:
		if g.Percent <= 0 || g.Percent > 100 {
			return fmt.Errorf("goal %s: percent must be 1 to 100", g.ID)
		}
	default:
		return fmt.Errorf("goal %s: unknown kind %q", g.ID, g.Kind)
	}
	return needRequest()
}

// run is one attempt's simulation, with what the goals need to name
// requests in plain words.
type run struct {
	trace    *stack.Trace
	byID     map[string]*stack.Result
	order    []string
	labels   map[string]string
	nEntries int
}

// check judges one goal on the run.
func (g *Goal) check(rn *run) GoalResult {
	res := GoalResult{ID: g.ID, Text: g.Text}
	if g.Kind == KindMaxEntries {
		res.Passed = rn.nEntries <= g.Max
		if res.Passed {
			res.Reason = fmt.Sprintf("MIDDLEWARE has %d entries; the goal allows %d.", rn.nEntries, g.Max)
		} else {
			res.Reason = fmt.Sprintf("MIDDLEWARE has %d entries; the goal allows at most %d.", rn.nEntries, g.Max)
		}
		return res
	}
	ids := rn.order
	if g.Request != "" {
		ids = []string{g.Request}
	}
	// A goal over every request passes when each one does, and reports
	// the first that does not.
	var last string
	for _, id := range ids {
		r := rn.byID[id]
		if r == nil {
			res.Reason = fmt.Sprintf("request %s did not run.", id)
			return res
		}
		ok, why := g.checkOne(rn.labels[id], r)
		if !ok {
			res.Reason = why
			return res
		}
		last = why
	}
	res.Passed = true
	if g.Request == "" && len(ids) > 1 {
		last = fmt.Sprintf("All %d requests pass: %s", len(ids), lowerFirst(last))
	}
	res.Reason = last
	return res
}

func (g *Goal) checkOne(name string, r *stack.Result) (bool, string) {
	switch g.Kind {
	case KindStatus:
		if r.Status == g.Status {
			return true, fmt.Sprintf("%s answered %d%s.", name, r.Status, byWhom(r))
		}
		return false, fmt.Sprintf("%s answered %d%s; the goal wants %d.", name, r.Status, byWhom(r), g.Status)
	case KindUser:
		if r.UserAtView == nil {
			return false, fmt.Sprintf("%s never reached a view that reads request.user: it answered %d%s.", name, r.Status, byWhom(r))
		}
		got := *r.UserAtView
		if r.ViewSawUser(g.User) {
			return true, fmt.Sprintf("The view saw request.user = %s for %s.", got, name)
		}
		return false, fmt.Sprintf("The view saw request.user = %s for %s; the goal wants %s.", describeUser(got), name, g.User)
	case KindHeader:
		v, has := r.Headers.Get(g.Header)
		switch {
		case g.Absent && has:
			return false, fmt.Sprintf("%s's response carries %s%s; the goal wants it absent.", name, g.Header, whoSet(r, g.Header))
		case g.Absent:
			return true, fmt.Sprintf("%s's response has no %s header.", name, g.Header)
		case !has:
			return false, fmt.Sprintf("%s's response (%d%s) has no %s header.", name, r.Status, byWhom(r), g.Header)
		case g.Value != "" && v != g.Value:
			return false, fmt.Sprintf("%s's response has %s: %s; the goal wants %s.", name, g.Header, v, g.Value)
		}
		return true, fmt.Sprintf("%s's response carries %s: %s.", name, g.Header, rawHeader(r, g.Header, v))
	case KindNoException:
		if r.Escaped != "" {
			return false, fmt.Sprintf("%s: %s escaped Django's error handling and the server answered 500 itself.", name, r.Escaped)
		}
		if r.Exception != nil {
			where := r.AnsweredBy
			if where == "view" {
				where = "the view"
			}
			return false, fmt.Sprintf("%s: %s raised %s (%s), which became a %d.", name, where, r.Exception.Class, r.Exception.Message, r.Status)
		}
		return true, fmt.Sprintf("%s ended without an unhandled exception (%d%s).", name, r.Status, byWhom(r))
	case KindNotServedToOther:
		if r.ServedFromCache && r.CachedForUser != "" && r.CachedForUser != g.As {
			return false, fmt.Sprintf("%s, who is %s, was served the page cache's copy of %s.", name, g.As, r.CachedFor)
		}
		if r.ServedFromCache {
			return true, fmt.Sprintf("%s was served a cached copy, made for %s.", name, r.CachedFor)
		}
		return true, fmt.Sprintf("%s was not served from the page cache.", name)
	case KindNotRun, KindRun:
		class := stack.ClassName(g.Layer)
		ran := layerRan(r, g.Layer)
		if g.Kind == KindRun {
			if ran {
				return true, fmt.Sprintf("%s ran for %s.", class, name)
			}
			return false, fmt.Sprintf("%s did not run for %s: %s.", class, name, notRunWhy(r, class))
		}
		if !ran {
			return true, fmt.Sprintf("%s did no work for %s (%d%s).", class, name, r.Status, byWhom(r))
		}
		return false, fmt.Sprintf("%s ran for %s before it was answered %d%s.", class, name, r.Status, byWhom(r))
	case KindBudget:
		if r.DurationMicros <= g.MaxMicros {
			return true, fmt.Sprintf("%s took %d µs of virtual time; the budget is %d µs.", name, r.DurationMicros, g.MaxMicros)
		}
		return false, fmt.Sprintf("%s took %d µs of virtual time; the budget is %d µs.", name, r.DurationMicros, g.MaxMicros)
	case KindCORS:
		if r.CORS == "allowed" {
			return true, fmt.Sprintf("The browser lets the page read %s's response (%d%s).", name, r.Status, byWhom(r))
		}
		if r.CORS == "" {
			return false, fmt.Sprintf("%s carried no Origin, so CORS does not apply; the goal needs a cross-origin request.", name)
		}
		return false, fmt.Sprintf("The browser blocks %s's response (%d%s): %s.", name, r.Status, byWhom(r), r.CORSBlocked)
	case KindTimed:
		measured, ok := measuredMicros(r)
		if !ok {
			return false, fmt.Sprintf("%s's response (%d%s) has no X-Request-Duration header, so its time went unmeasured.", name, r.Status, byWhom(r))
		}
		pct := 100.0
		if r.DurationMicros > 0 {
			pct = 100 * float64(measured) / float64(r.DurationMicros)
		}
		if pct+1e-9 >= float64(g.Percent) {
			return true, fmt.Sprintf("X-Request-Duration measured %d of %d µs for %s (%.0f%%).", measured, r.DurationMicros, name, pct)
		}
		return false, fmt.Sprintf("X-Request-Duration measured %d of %d µs for %s (%.0f%%); the goal wants at least %d%%.", measured, r.DurationMicros, name, pct, g.Percent)
	}
	return false, "unknown goal kind " + g.Kind
}

// rawHeader is a header's value as sent: the trace's Headers hide values
// that change from run to run (dates, durations) behind "<present>".
func rawHeader(r *stack.Result, name, fallback string) string {
	for _, h := range r.RawHeaders {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return fallback
}

// byWhom says who answered, as " from X" (empty for a view, the normal case).
func byWhom(r *stack.Result) string {
	switch {
	case r.ServedFromCache:
		return " from the page cache"
	case r.AnsweredBy == "" || r.AnsweredBy == "view":
		if r.View != nil {
			return " from the view " + *r.View
		}
		return " from the view"
	case r.AnsweredBy == "Django":
		return " from Django's own error handling"
	}
	return " from " + r.AnsweredBy
}

func describeUser(u string) string {
	switch u {
	case "absent":
		return "nothing (no middleware set request.user)"
	case "lazy":
		return "a lazy user nobody evaluated"
	}
	return u
}

// whoSet names the layer that set a header, from the trace's steps.
func whoSet(r *stack.Result, header string) string {
	for _, s := range r.Steps {
		for _, h := range s.HeadersSet {
			if strings.EqualFold(h.Name, header) && s.Class != "" {
				return " (set by " + s.Class + ")"
			}
		}
	}
	return ""
}

// layerRan reports whether any step of the request belongs to the layer
// with that dotted path's class: a hook call or work inside one.
func layerRan(r *stack.Result, path string) bool {
	class := stack.ClassName(path)
	for _, s := range r.Steps {
		if s.Layer >= 0 && s.Class == class {
			return true
		}
	}
	return false
}

func notRunWhy(r *stack.Result, class string) string {
	if r.AnsweredAt >= 0 && r.AnsweredBy != "" && r.AnsweredBy != "view" {
		return fmt.Sprintf("%s answered %d before the request got there, or %s is not in the stack", r.AnsweredBy, r.Status, class)
	}
	return "it is not in the stack"
}

// measuredMicros reads X-Request-Duration (seconds, as RequestTimeMiddleware
// writes it) from the raw headers.
func measuredMicros(r *stack.Result) (int64, bool) {
	for _, h := range r.RawHeaders {
		if strings.EqualFold(h.Name, "X-Request-Duration") {
			f, err := strconv.ParseFloat(h.Value, 64)
			if err != nil {
				return 0, false
			}
			return int64(math.Round(f * 1e6)), true
		}
	}
	return 0, false
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

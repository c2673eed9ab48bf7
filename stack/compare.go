package stack

import (
	"encoding/json"
	"reflect"
	"slices"
)

// Difference is how one request behaved differently in two traces of
// the same requests: on two Django versions, or two MIDDLEWARE lists.
type Difference struct {
	// ID is the request's id in both traces.
	ID string `json:"id"`
	// Fields are the conformance fields that differ, in the README's
	// order: status, escaped, view, user_at_view, cookies, body_json,
	// headers, events, body_h1.
	Fields []string `json:"fields"`
	// Headers are the response headers whose normalised values differ;
	// "" is a header the response does not have.
	Headers []HeaderChange `json:"headers,omitempty"`
	// Cookies are the cookies whose fate ("set", "deleted", "" for
	// untouched) differs, compared like headers.
	Cookies []HeaderChange `json:"cookies,omitempty"`
	// StepA and StepB are where the two requests' steps first part (an
	// index in each Result's Steps), -1 when that trace has no step
	// there. ReasonA and ReasonB explain them: from there on, the first
	// decision one trace made that the other never did (or, when each
	// made the same decisions, the first reason after the parting).
	StepA   int    `json:"step_a"`
	StepB   int    `json:"step_b"`
	ReasonA Reason `json:"-"`
	ReasonB Reason `json:"-"`
}

// HeaderChange is one header's value in each trace.
type HeaderChange struct {
	Name string `json:"name"`
	A    string `json:"a"`
	B    string `json:"b"`
}

// Compare lists, request by request (matched by id), how trace b differs
// from trace a in the fields the conformance comparison reads, and where
// their steps part. Requests that behave the same are left out; a
// request only one trace has differs in every field.
func Compare(a, b *Trace) []Difference {
	var out []Difference
	for i := range a.Results {
		ra := &a.Results[i]
		j := slices.IndexFunc(b.Results, func(r Result) bool { return r.ID == ra.ID })
		if j < 0 {
			out = append(out, Difference{ID: ra.ID, Fields: conformanceFields, StepA: 0, StepB: -1})
			continue
		}
		if d, differs := compareResults(ra, &b.Results[j]); differs {
			out = append(out, d)
		}
	}
	for i := range b.Results {
		rb := &b.Results[i]
		if !slices.ContainsFunc(a.Results, func(r Result) bool { return r.ID == rb.ID }) {
			out = append(out, Difference{ID: rb.ID, Fields: conformanceFields, StepA: -1, StepB: 0})
		}
	}
	return out
}

var conformanceFields = []string{"status", "escaped", "view", "user_at_view", "cookies", "body_json", "headers", "events", "body_h1"}

func compareResults(a, b *Result) (Difference, bool) {
	d := Difference{ID: a.ID, StepA: -1, StepB: -1}
	same := map[string]bool{
		"status":       a.Status == b.Status,
		"escaped":      a.Escaped == b.Escaped,
		"view":         equalPtr(a.View, b.View),
		"user_at_view": equalPtr(a.UserAtView, b.UserAtView),
		"cookies":      slices.Equal(a.Cookies, b.Cookies),
		"body_json":    reflect.DeepEqual(a.BodyJSON, b.BodyJSON),
		"headers":      slices.Equal(a.Headers, b.Headers),
		"events":       slices.Equal(a.Events(), b.Events()),
		"body_h1":      equalPtr(a.BodyH1, b.BodyH1),
	}
	for _, f := range conformanceFields {
		if !same[f] {
			d.Fields = append(d.Fields, f)
		}
	}
	if len(d.Fields) == 0 {
		return d, false
	}
	d.Headers = headerChanges(a.Headers, b.Headers)
	d.Cookies = headerChanges(a.Cookies, b.Cookies)
	i := 0
	for i < len(a.Steps) && i < len(b.Steps) && sameStep(&a.Steps[i], &b.Steps[i]) {
		i++
	}
	if i < len(a.Steps) {
		d.StepA, d.ReasonA = i, reasonFrom(a.Steps[i:], b.Steps[min(i, len(b.Steps)):])
	}
	if i < len(b.Steps) {
		d.StepB, d.ReasonB = i, reasonFrom(b.Steps[i:], a.Steps[min(i, len(a.Steps)):])
	}
	return d, true
}

// sameStep says two steps did the same thing: the same kind of step by
// the same layer, with the same event and reason code, setting the same
// headers and cookies. Reason arguments and cookie values are left out:
// they carry session keys and tokens, which are random.
// OutcomeFields are d's Fields without the hook order ("events"): what a
// client got back and what the view saw. The hook order follows the
// MIDDLEWARE order, so it differs whenever two stacks do, while two
// orders can give every request the same answer.
func (d Difference) OutcomeFields() []string {
	return slices.DeleteFunc(slices.Clone(d.Fields), func(f string) bool { return f == "events" })
}

func sameStep(a, b *Step) bool {
	return a.Kind == b.Kind && a.Class == b.Class && a.Layer == b.Layer && a.Event == b.Event &&
		a.Reason.Code == b.Reason.Code && slices.Equal(a.HeadersSet, b.HeadersSet) &&
		slices.Equal(a.HeadersRemoved, b.HeadersRemoved) &&
		slices.EqualFunc(a.CookiesSet, b.CookiesSet, func(x, y Header) bool { return x.Name == y.Name })
}

// reasonFrom explains steps, which parted from other at steps[0]. The
// explanation is sought in the decisions taken right there first (the
// parting step and the notes and work that follow it before the next
// hook): a note whose code other never has, else any reason there. Only
// then further on, the same way: a note said on every response (which
// version sends which header) must not explain a parting that happened
// earlier for another reason.
func reasonFrom(steps, other []Step) Reason {
	here := 1
	for here < len(steps) && !steps[here].Kind.hasEvent() {
		here++
	}
	for _, span := range [][]Step{steps[:here], steps} {
		if r, ok := uniqueNote(span, other); ok {
			return r
		}
		if r, ok := firstReason(span); ok {
			return r
		}
	}
	return Reason{}
}

// uniqueNote is the first decision in steps whose code other never has.
func uniqueNote(steps, other []Step) (Reason, bool) {
	for i := range steps {
		code := steps[i].Reason.Code
		if steps[i].Kind == KindNote && !slices.ContainsFunc(other, func(s Step) bool { return s.Reason.Code == code }) {
			return steps[i].Reason, true
		}
	}
	return Reason{}, false
}

func firstReason(steps []Step) (Reason, bool) {
	for i := range steps {
		if steps[i].Reason.Code != "" {
			return steps[i].Reason, true
		}
	}
	return Reason{}, false
}

func headerChanges(a, b Fields) []HeaderChange {
	var out []HeaderChange
	for _, h := range a {
		if v, _ := b.Get(h.Name); v != h.Value {
			out = append(out, HeaderChange{Name: h.Name, A: h.Value, B: v})
		}
	}
	for _, h := range b {
		if _, ok := a.Get(h.Name); !ok {
			out = append(out, HeaderChange{Name: h.Name, B: h.Value})
		}
	}
	slices.SortFunc(out, func(x, y HeaderChange) int {
		if x.Name < y.Name {
			return -1
		}
		if x.Name > y.Name {
			return 1
		}
		return 0
	})
	return out
}

func equalPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// MarshalJSON adds both reasons, as codes and sentences.
func (d Difference) MarshalJSON() ([]byte, error) {
	type plain Difference
	type reason struct {
		Code     ReasonCode `json:"code,omitempty"`
		Sentence string     `json:"sentence,omitempty"`
	}
	return json.Marshal(struct {
		plain
		ReasonA reason `json:"reason_a"`
		ReasonB reason `json:"reason_b"`
	}{plain(d), reason{d.ReasonA.Code, d.ReasonA.String()}, reason{d.ReasonB.Code, d.ReasonB.String()}})
}

// CompareVersions runs one scenario on Django a and on Django b and
// compares the two traces: what an upgrade (or a downgrade) changes. It
// fails when either version cannot run the scenario, as Simulate does.
func CompareVersions(sc *Scenario, a, b string) (ta, tb *Trace, diffs []Difference, err error) {
	on := func(v string) (*Trace, error) {
		c := *sc
		c.Django = v
		return Simulate(&c)
	}
	if ta, err = on(a); err != nil {
		return nil, nil, nil, err
	}
	if tb, err = on(b); err != nil {
		return nil, nil, nil, err
	}
	return ta, tb, Compare(ta, tb), nil
}

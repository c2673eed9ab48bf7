package stack

import (
	"encoding/json"
	"strconv"
)

// StepKind is what a step of a trace is: one of a layer's hooks, the
// view, or a piece of work or a decision inside them.
type StepKind string

const (
	KindEnter            StepKind = "enter"
	KindExit             StepKind = "exit"
	KindRaise            StepKind = "raise"
	KindProcessRequest   StepKind = "process_request"
	KindProcessView      StepKind = "process_view"
	KindProcessException StepKind = "process_exception"
	KindProcessResponse  StepKind = "process_response"
	KindView             StepKind = "view"
	// KindWork is work that takes time (a query, a cache lookup);
	// KindNote a decision that takes none. Neither has a conformance
	// event.
	KindWork StepKind = "work"
	KindNote StepKind = "note"
)

// hasEvent says the step is one the conformance trace lists.
func (k StepKind) hasEvent() bool { return k != KindWork && k != KindNote }

// Phase is where in the request's life a step happened.
type Phase string

const (
	PhaseRequest  Phase = "request"
	PhaseView     Phase = "view"
	PhaseResponse Phase = "response"
	PhaseError    Phase = "error"
)

// Step is one thing that happened to a request, in time order.
type Step struct {
	// AtMicros is the virtual time since the request started, when the
	// step began; CostMicros is how long the step itself took.
	AtMicros   int64 `json:"at_us"`
	CostMicros int64 `json:"cost_us"`
	// Layer is the MIDDLEWARE index of the layer the step belongs to, -1
	// for the core (URL resolution, the view, error handling).
	Layer int      `json:"layer"`
	Class string   `json:"class,omitempty"`
	Kind  StepKind `json:"kind"`
	Phase Phase    `json:"phase"`
	// Event is the conformance event of a hook step; "" for work and notes.
	Event string `json:"event,omitempty"`
	// Returned is the status of the response a hook (or a layer's exit)
	// returned, 0 when it returned none; Raised is the exception class it
	// raised instead.
	Returned int    `json:"-"`
	Raised   string `json:"-"`
	// What the layer saw: request.user ("absent", "lazy", "anonymous" or
	// a username), where the user came from, the session, path_info.
	User       string       `json:"user"`
	UserSource string       `json:"user_source,omitempty"`
	Session    SessionState `json:"session"`
	PathInfo   string       `json:"path_info"`
	// Changes the step made to the response.
	HeadersSet     []Header `json:"headers_set,omitempty"`
	HeadersRemoved []string `json:"headers_removed,omitempty"`
	CookiesSet     []Header `json:"cookies_set,omitempty"`
	// Reason is why the step did what it did, as a code a program can
	// compare; its String is the sentence a learner reads.
	Reason Reason `json:"-"`
}

// ResultText is a hook step's result as the trace shows it: "none", a
// status, or "raise CLASS"; "" for steps that return nothing.
func (s *Step) ResultText() string {
	switch {
	case s.Raised != "":
		return "raise " + s.Raised
	case s.Kind == KindEnter || s.Kind == KindView || !s.Kind.hasEvent():
		return ""
	case s.Returned == 0:
		return "none"
	}
	return strconv.Itoa(s.Returned)
}

// MarshalJSON adds the result and the reason, as a code and a sentence.
func (s Step) MarshalJSON() ([]byte, error) {
	type plain Step
	return json.Marshal(struct {
		plain
		Result     string     `json:"result,omitempty"`
		Reason     string     `json:"reason,omitempty"`
		ReasonCode ReasonCode `json:"reason_code,omitempty"`
	}{plain(s), s.ResultText(), s.Reason.String(), s.Reason.Code})
}

// SessionState is what a step saw of request.session.
type SessionState struct {
	// Absent: no request.session at all.
	Absent bool `json:"-"`
	// Key is the session key, "" for none; Loaded says the store was read.
	Key    string `json:"-"`
	Loaded bool   `json:"-"`
	// UserID is the logged-in user's id the session holds, "" for none.
	UserID   string `json:"-"`
	Empty    bool   `json:"-"`
	Modified bool   `json:"-"`
}

// String is the session as the trace shows it: "none", "empty, not
// loaded", "cookie 1a2b3c4d…, not loaded", "loaded 1a2b3c4d…, user id 1,
// modified", ...
func (v SessionState) String() string {
	switch {
	case v.Absent:
		return "none"
	case !v.Loaded && v.Key == "":
		return "empty, not loaded"
	case !v.Loaded:
		return "cookie " + shortKey(v.Key) + ", not loaded"
	}
	s := "new"
	if v.Key != "" {
		s = "loaded " + shortKey(v.Key)
	}
	switch {
	case v.UserID != "":
		s += ", user id " + v.UserID
	case v.Empty:
		s += ", empty"
	}
	if v.Modified {
		s += ", modified"
	}
	return s
}

// MarshalText writes the session as the trace shows it.
func (v SessionState) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// shortKey is how the trace shows a session key: its first 8 characters
// and an ellipsis.
func shortKey(k string) string {
	if len(k) > 8 {
		return k[:8] + "…"
	}
	return k
}

package stack

import "encoding/json"

// Trace is what a simulation returns: one Result per request, in order.
type Trace struct {
	Name    string   `json:"name"`
	Django  string   `json:"django"`
	Results []Result `json:"results"`
	// Unknown lists the indexes of MIDDLEWARE entries the catalog does not
	// know; they ran as layers that pass every request through.
	Unknown []int `json:"unknown,omitempty"`
}

// Result is what happened to one request. The first block of fields is the
// conformance format (see the conformance README); the rest is for people.
type Result struct {
	ID         string  `json:"id"`
	Status     int     `json:"status"`
	Escaped    string  `json:"escaped,omitempty"`
	View       *string `json:"view"`
	UserAtView *string `json:"user_at_view"`
	Headers    Fields  `json:"headers"`
	Cookies    Fields  `json:"cookies"`
	BodyJSON   any     `json:"body_json"`
	BodyH1     *string `json:"body_h1"`

	// Method and Path echo the request.
	Method string `json:"method"`
	Path   string `json:"path"`
	// RawHeaders are the response headers as sent, in order, with their
	// real (virtual-clock) values.
	RawHeaders []Header `json:"raw_headers"`
	// AnsweredBy is "view" when the view produced the response, otherwise
	// the class name of the layer that answered early or raised, or
	// "Django" for URL resolution and error handling in the core.
	AnsweredBy string `json:"answered_by"`
	// AnsweredAt is the MIDDLEWARE index of AnsweredBy, or -1.
	AnsweredAt int `json:"answered_at"`
	// Exception is the Python exception class that produced an error
	// response, if any, with its message.
	Exception *Exception `json:"exception,omitempty"`
	// DurationMicros is the virtual time the request took.
	DurationMicros int64 `json:"duration_us"`
	// resolved is the view URL resolution found, and handledClass what it
	// raised when a process_exception hook answered for it: Outcome tells
	// of them.
	resolved, handledClass string
	// steps is the detailed record, expanded by Steps, with the notes,
	// states and changes its records index; classes names the layers by
	// MIDDLEWARE index, shared by every result of a trace.
	steps   []stepRec
	notes   []string
	states  []stepState
	changes []stepChange
	classes []string
	// Body is the response body as text (empty when compressed or binary).
	Body string `json:"body,omitempty"`
	// CORS is the browser's verdict on a cross-origin request: "" when the
	// request carried no Origin, else "allowed" or "blocked: reason".
	CORS string `json:"cors,omitempty"`
	// ServedFromCache says the response came from the page cache, and
	// CachedFor names whose request made the cached copy.
	ServedFromCache bool   `json:"served_from_cache,omitempty"`
	CachedFor       string `json:"cached_for,omitempty"`
	// CachedForUser is the user (or "anonymous") whose request made the
	// cached copy, when the request that made it had evaluated request.user.
	CachedForUser string `json:"cached_for_user,omitempty"`
}

// Header is one response header.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Exception is a Python exception as the engine models it.
type Exception struct {
	Class   string `json:"class"`
	Message string `json:"message"`
}

// Step is one thing that happened to a request, in time order.
type Step struct {
	// AtMicros is the virtual time since the request started, when the
	// step began; CostMicros is how long the step itself took.
	AtMicros   int64 `json:"at_us"`
	CostMicros int64 `json:"cost_us"`
	// Layer is the MIDDLEWARE index of the layer the step belongs to, -1
	// for the core (URL resolution, the view, error handling).
	Layer int    `json:"layer"`
	Class string `json:"class,omitempty"`
	// Kind is the hook ("enter", "process_request", "process_view",
	// "process_exception", "process_template_response",
	// "process_response", "exit", "raise", "view") or, for work inside a
	// hook, "work".
	Kind string `json:"kind"`
	// Event is the conformance event string for hook steps, "" for work.
	Event string `json:"event,omitempty"`
	// Phase is "request", "view", "response" or "error".
	Phase string `json:"phase"`
	// Result is "none", a status, or "raise CLASS".
	Result string `json:"result,omitempty"`
	// What the layer saw: request.user ("absent", "lazy", "anonymous" or
	// a username), where the user came from, the session, path_info.
	User       string `json:"user"`
	UserSource string `json:"user_source,omitempty"`
	Session    string `json:"session"`
	PathInfo   string `json:"path_info"`
	// Changes the step made to the response.
	HeadersSet     []Header `json:"headers_set,omitempty"`
	HeadersRemoved []string `json:"headers_removed,omitempty"`
	CookiesSet     []Header `json:"cookies_set,omitempty"`
	// Reason explains a decision in words a learner understands.
	Reason string `json:"reason,omitempty"`
}

// MarshalJSON writes a result with its outcome, events and steps spelled
// out.
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	return json.Marshal(struct {
		plain
		Outcome string   `json:"outcome"`
		Events  []string `json:"events"`
		Steps   []Step   `json:"steps"`
	}{plain(r), r.Outcome(), r.Events(), r.Steps()})
}

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
	// AnsweredStep is the index in Steps of the step where the answer
	// was made: the hook that returned the response or raised, the view,
	// the core's decision; -1 when no step did (the WSGI server's bare
	// 500 for an exception no step is known to have raised).
	AnsweredStep int `json:"answered_step"`
	// Exception is the Python exception class that produced an error
	// response, if any, with its message.
	Exception *Exception `json:"exception,omitempty"`
	// DurationMicros is the virtual time the request took.
	DurationMicros int64 `json:"duration_us"`
	// UserSource is where the request.user the view saw came from
	// ("session", "jwt", "token", "login", ...), "" when it saw none.
	UserSource string `json:"user_source,omitempty"`
	// resolved is the view URL resolution found, and handledClass what it
	// raised when a process_exception hook answered for it: Outcome tells
	// of them.
	resolved, handledClass string
	// Steps is every hook and the work and decisions inside them, in
	// time order.
	Steps []Step `json:"steps"`
	// Body is the response body as text (empty when compressed or binary).
	Body string `json:"body,omitempty"`
	// CORS is the browser's verdict on a cross-origin request: "" when the
	// request carried no Origin, else "allowed" or "blocked", and then
	// CORSBlocked says why.
	CORS        string `json:"cors,omitempty"`
	CORSBlocked Reason `json:"-"`
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

// ViewRan says the view function was called.
func (r *Result) ViewRan() bool { return r.View != nil }

// Events are the request's conformance events, in order: the enter and
// exit of every layer, every hook with its result, the view.
func (r *Result) Events() []string {
	// Never nil: a request no hook saw has an empty list, as the
	// conformance traces write it, not null.
	out := []string{}
	for i := range r.Steps {
		if s := &r.Steps[i]; s.Kind.hasEvent() {
			out = append(out, s.Event)
		}
	}
	return out
}

// MarshalJSON writes a result with its outcome and events spelled out.
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	return json.Marshal(struct {
		plain
		Outcome     string   `json:"outcome"`
		Events      []string `json:"events"`
		ViewRan     bool     `json:"view_ran"`
		CORSBlocked string   `json:"cors_blocked,omitempty"`
	}{plain(r), r.Outcome(), r.Events(), r.ViewRan(), r.CORSBlocked.String()})
}

package stack

import (
	"fmt"
	"slices"
	"strings"
)

// UnknownMiddlewareError is returned by SimulateStrict for a dotted path
// the catalog does not know.
type UnknownMiddlewareError struct {
	Index   int
	Path    string
	Suggest []string
}

func (e *UnknownMiddlewareError) Error() string {
	msg := fmt.Sprintf("middleware[%d]: unknown middleware %q", e.Index, e.Path)
	if len(e.Suggest) > 0 {
		msg += "; closest known: " + strings.Join(e.Suggest, ", ")
	}
	return msg
}

// SimulateStrict is Simulate, but an unknown middleware path is an error.
func SimulateStrict(sc *Scenario) (*Trace, error) {
	for i, p := range sc.Middleware {
		if _, ok := Lookup(p); !ok {
			return nil, &UnknownMiddlewareError{Index: i, Path: p, Suggest: Suggest(p)}
		}
	}
	return Simulate(sc)
}

// Simulate runs every request of a scenario, in order, through the
// MIDDLEWARE list against the demo site, and returns the trace. Unknown
// middleware run as layers that pass requests through untouched; their
// indexes are listed in Trace.Unknown.
func Simulate(sc *Scenario) (*Trace, error) {
	settings, err := sc.validate()
	if err != nil {
		return nil, err
	}
	v := versions[orDefault(sc.Django, DefaultVersion)]
	st := newSite(settings, v)
	h := buildHandler(st, sc.Middleware)
	tr := &Trace{Name: sc.Name, Django: v.full, Results: make([]Result, len(sc.Requests))}
	for i, l := range h.layers {
		if l.info == nil {
			tr.Unknown = append(tr.Unknown, i)
		}
	}
	var clients []*client
	for i := range sc.Requests {
		req := &sc.Requests[i]
		name := orDefault(req.Client, "A")
		ci := slices.IndexFunc(clients, func(c *client) bool { return c.name == name })
		if ci < 0 {
			ci = len(clients)
			clients = append(clients, &client{name: name})
		}
		id := req.ID
		if id == "" {
			id = fmt.Sprintf("r%d", i+1)
		}
		h.run(clients[ci], req, id, &tr.Results[i])
		// Requests are a second apart on the virtual clock, as a person
		// clicking through them would be.
		st.now += secondMicros
	}
	return tr, nil
}

// layer is one MIDDLEWARE entry as the handler chain holds it.
type layer struct {
	index int
	path  string
	class string
	info  *Middleware // nil: unknown to the catalog; shared, never written
	// The hooks of the class's model, or nil: looked up once, not at
	// every request.
	onRequest   requestHook
	onResponse  responseHook
	onView      viewHook
	onException exceptionHook
	onCall      callHook
}

// handler is Django's BaseHandler after load_middleware.
type handler struct {
	site      *site
	layers    []*layer
	viewHooks []*layer // process_view, top to bottom
	excHooks  []*layer // process_exception, bottom to top
}

func buildHandler(st *site, paths []string) *handler {
	h := &handler{site: st}
	for i, p := range paths {
		l := &layer{index: i, path: p, class: ClassName(p)}
		if i, ok := catalogIndex[p]; ok {
			l.info = &catalog[i]
		}
		model := newModel(st, l)
		l.onRequest, _ = model.(requestHook)
		l.onResponse, _ = model.(responseHook)
		l.onView, _ = model.(viewHook)
		l.onException, _ = model.(exceptionHook)
		l.onCall, _ = model.(callHook)
		h.layers = append(h.layers, l)
	}
	// load_middleware walks the list bottom-up, prepending view hooks and
	// appending exception hooks.
	for i := len(h.layers) - 1; i >= 0; i-- {
		l := h.layers[i]
		if l.onView != nil {
			h.viewHooks = append([]*layer{l}, h.viewHooks...)
		}
		if l.onException != nil {
			h.excHooks = append(h.excHooks, l)
		}
	}
	return h
}

// The hooks a model may have; a model without callHook behaves like
// MiddlewareMixin.__call__.
type (
	requestHook interface {
		processRequest(x *exec, r *request) (*response, *pyErr)
	}
	responseHook interface {
		processResponse(x *exec, r *request, resp *response) (*response, *pyErr)
	}
	viewHook interface {
		processView(x *exec, r *request, v *view) (*response, *pyErr)
	}
	exceptionHook interface {
		processException(x *exec, r *request, e *pyErr) (*response, *pyErr)
	}
	callHook interface {
		call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr)
	}
)

// passThrough models a middleware the catalog does not know: a
// function-style layer that calls the next one and changes nothing.
type passThrough struct{}

func (passThrough) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	return next()
}

// client is one browser: the Django test client's cookie jar, which keeps
// every cookie a response sets, deleted ones as empty values.
type client struct {
	name string
	jar  strPairs // sorted by name
}

// exec is one request's run through the handler.
type exec struct {
	h     *handler
	site  *site
	res   *Result
	r     *request
	start int64
	// cur is the layer whose code is running, for attributing work; -1
	// is Django's core.
	cur   int
	phase Phase
	// resolved is the view URL resolution found; handledErr is what the
	// view raised when a process_exception hook answered for it.
	resolved   string
	handledErr *pyErr
	// viewAt is the index of the view's step, once it ran (a view never
	// runs at step 0: resolving the URL comes first).
	viewAt int
}

func (h *handler) run(c *client, req *Request, id string, res *Result) {
	x := &exec{h: h, site: h.site, start: h.site.now, cur: -1, res: res}
	res.ID, res.Method, res.Path = id, strings.ToUpper(orDefault(req.Method, "GET")), req.Path
	res.AnsweredAt, res.AnsweredStep = -1, -1
	// About four steps a layer (enter, a hook or two, exit) and a few of
	// the core's: enough that the steps are rarely copied as they grow.
	res.Steps = make([]Step, 0, 4*len(h.layers)+8)
	r := x.newRequest(c, req)
	x.r = r
	resp, err := x.callGuarded(0, r)
	res.DurationMicros = x.site.now - x.start
	if err != nil {
		// Even Django's own error handling raised: the WSGI server answers
		// with a bare 500 of its own.
		res.Status = 500
		res.Escaped = err.class
		res.Exception = &Exception{Class: err.class, Message: err.msg}
		res.AnsweredBy = "WSGI server"
		res.AnsweredStep = err.step
		return
	}
	x.finish(c, resp)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// callLayer runs layer i's __call__ (or the core below the last layer),
// recording its enter/exit events as the oracle's tracing wrapper does.
func (x *exec) callLayer(i int, r *request) (*response, *pyErr) {
	if i == len(x.h.layers) {
		return x.core(r)
	}
	l := x.h.layers[i]
	x.phase = PhaseRequest
	x.layerStep(l, KindEnter, nil)
	var resp *response
	var err *pyErr
	if ch := l.onCall; ch != nil {
		var got *response
		var gotMark logMark
		prev := x.cur
		x.cur = l.index
		resp, err = ch.call(x, r, func() (*response, *pyErr) {
			inner := x.cur
			resp, err := x.callGuarded(i+1, r)
			x.cur = inner
			x.phase = PhaseResponse
			if resp != nil {
				got, gotMark = resp, resp.mark()
			}
			return resp, err
		})
		x.cur = prev
		x.site.now += l.hookCost("call")
		if err == nil {
			// A layer that answered without calling inward made the
			// response; one that replaced the response from below made a
			// new one: either way every header on it is its doing.
			step := x.layerStep(l, KindExit, resp)
			s := &x.res.Steps[step]
			switch {
			case got == resp:
				x.setChanges(step, resp, gotMark)
			case got != nil:
				s.Reason = Reason{Code: ReplacedFromBelow}
				x.setChanges(step, resp, logMark{})
				x.replacedErrorResponse(l, step, got)
			default:
				s.Reason = Reason{Code: AnsweredItself, Args: []string{itoa(resp.status)}}
				x.setChanges(step, resp, logMark{})
				x.answered(l, step)
			}
			return resp, nil
		}
	} else {
		resp, err = x.mixinCall(l, r, i+1)
		if err == nil {
			x.layerStep(l, KindExit, resp)
			return resp, nil
		}
	}
	x.phase = PhaseError
	step := x.beginStep(l.index, KindRaise)
	x.res.Steps[step].Raised = err.class
	x.res.Steps[step].Event = "raise " + l.class + " " + err.class
	err.raisedAt(l, step)
	return nil, err
}

// mixinCall is MiddlewareMixin.__call__: process_request may answer, and
// process_response sees whatever response the layer holds, its own
// early answer included.
func (x *exec) mixinCall(l *layer, r *request, next int) (*response, *pyErr) {
	var resp *response
	if rh := l.onRequest; rh != nil {
		hc := x.beginHook(l, KindProcessRequest, PhaseRequest, nil)
		var err *pyErr
		resp, err = rh.processRequest(x, r)
		x.endHook(l, hc, resp, err)
		if err != nil {
			return nil, err
		}
		if resp != nil {
			x.answered(l, hc.step)
		}
	}
	if resp == nil {
		var err *pyErr
		resp, err = x.callGuarded(next, r)
		if err != nil {
			return nil, err
		}
	}
	if rh := l.onResponse; rh != nil {
		hc := x.beginHook(l, KindProcessResponse, PhaseResponse, resp)
		resp, err := rh.processResponse(x, r, resp)
		x.endHook(l, hc, resp, err)
		return resp, err
	}
	return resp, nil
}

// callGuarded is layer i (or the core) wrapped in
// convert_exception_to_response: an exception becomes a response right
// here, unless handling it raises again.
func (x *exec) callGuarded(i int, r *request) (*response, *pyErr) {
	resp, err := x.callLayer(i, r)
	if err == nil {
		return resp, nil
	}
	prev := x.cur
	x.cur = -1
	resp, err2 := x.responseForException(x.r, err)
	x.cur = prev
	if resp != nil {
		resp.fromException = true
	}
	return resp, err2
}

// replacedErrorResponse: a layer that replaces the response Django made
// from an exception (CommonMiddleware turning a 404 into the slash
// redirect) made the answer the client gets, and the exception no longer
// explains it.
func (x *exec) replacedErrorResponse(l *layer, step int, replaced *response) {
	if replaced.fromException {
		x.res.Exception = nil
		x.res.AnsweredBy, x.res.AnsweredAt, x.res.AnsweredStep = l.class, l.index, step
	}
}

// answered notes the layer whose code made the response the client
// gets, and the step where it did, the first time a layer answers
// without calling inward.
func (x *exec) answered(l *layer, step int) {
	if x.res.AnsweredAt < 0 && x.res.AnsweredBy == "" {
		x.res.AnsweredBy, x.res.AnsweredAt, x.res.AnsweredStep = l.class, l.index, step
	}
}

// hookCost is what one of l's hooks (or a function-style layer's
// __call__, "call") costs: its catalog entry's figure, else 1.
func (l *layer) hookCost(hook string) int64 {
	if l.info != nil {
		if c, ok := l.info.Costs[hook]; ok {
			return c
		}
	}
	return 1
}

// workCost is what a piece of work costs when the layer running (nil for
// the core) does it: a catalog layer's own figure, else Django's or the
// shared one, else nothing; the core and unknown layers pay 10 for work
// nobody priced.
func (l *layer) workCost(kind string) int64 {
	unpriced := int64(10)
	if l != nil && l.info != nil {
		if c, ok := l.info.Costs[kind]; ok {
			return c
		}
		unpriced = 0
	}
	if c, ok := coreCosts[kind]; ok {
		return c
	}
	if c, ok := workCosts[kind]; ok {
		return c
	}
	return unpriced
}

// coreCosts are what Django's own steps cost, in virtual microseconds.
var coreCosts = map[string]int64{
	"resolve":        15,
	"view":           300,
	"view_db":        450,
	"error_page":     60,
	"debug_page":     2500,
	"password_check": 900,
	"login":          700,
	"drf":            120,
	"token_query":    380,
}

// workCosts are the costs of shared work when the layer doing it has no
// figure of its own (a session loaded by whoever touches it first).
var workCosts = map[string]int64{
	"session_load": 350,
	"session_save": 600,
	"user_load":    450,
	"cache_get":    60,
	"cache_set":    80,
	"user_query":   400,
	"jwt_decode":   35,
}

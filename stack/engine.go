package stack

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	return simulate(sc, settings, recordSizes{}), nil
}

// simulate runs a validated scenario; per sizes the trace's storage, or
// when zero, the handler's estimate does.
func simulate(sc *Scenario, settings *Settings, per recordSizes) *Trace {
	vname := sc.Django
	if vname == "" {
		vname = DefaultVersion
	}
	v := versions[vname]
	st := newSite(settings, v)
	h := buildHandler(st, sc.Middleware)
	if per == (recordSizes{}) {
		per = h.recordEstimate()
	}
	h.rec.init(len(sc.Requests), per)
	tr := &Trace{Name: sc.Name, Django: v.full, Results: make([]Result, len(sc.Requests))}
	for i, l := range h.layers {
		if l.info == nil {
			tr.Unknown = append(tr.Unknown, i)
		}
	}
	// One exec serves every request in turn: run resets it.
	x := new(exec)
	// A scenario has a handful of clients: a slice finds them.
	var clients []*client
	for i := range sc.Requests {
		req := &sc.Requests[i]
		name := req.Client
		if name == "" {
			name = "A"
		}
		ci := slices.IndexFunc(clients, func(c *client) bool { return c.name == name })
		if ci < 0 {
			ci = len(clients)
			clients = append(clients, &client{name: name})
		}
		c := clients[ci]
		id := req.ID
		if id == "" {
			id = defaultRequestIDs[i]
		}
		h.run(x, c, req, id, &tr.Results[i])
		// Requests are a second apart on the virtual clock, as a person
		// clicking through them would be.
		st.now += secondMicros
	}
	return tr
}

// defaultRequestIDs are the IDs of requests that have none, "r1" for
// the first, made once: a scenario has at most MaxRequests.
var defaultRequestIDs = func() (ids [MaxRequests]string) {
	for i := range ids {
		ids[i] = "r" + itoa(i+1)
	}
	return ids
}()

// layer is one MIDDLEWARE entry as the handler chain holds it.
type layer struct {
	index int
	path  string
	class string
	info  *Middleware // nil: unknown to the catalog; shared, never written
	// eventBase is the ID of the first event in the class's table (see
	// tableEvent).
	eventBase eventID
	// The hooks of the class's model, or nil: looked up once, not at
	// every request.
	onRequest   requestHook
	onResponse  responseHook
	onView      viewHook
	onException exceptionHook
	onCall      callHook
	// events are the class's event strings and hook costs, shared by
	// every simulation; nil for a class the catalog does not know.
	events *eventTable
	// unknownEnter is the enter event of a class the catalog does not
	// know; a known class's is in its table.
	unknownEnter string
}

// eventTable holds what every layer of one catalog entry needs at each
// hook: its event strings, "<hook> <Class> <result>", for every hook and
// the statuses responses usually have, and the hooks' virtual costs.
// Built once per entry, then only read, by any number of simulations at
// once.
type eventTable struct {
	// byKind is indexed by step kind and status slot (statusSlot); an
	// enter's event is in slot 0.
	byKind [kindProcessResponse + 1][len(tableStatuses) + 1]string
	// hookCosts are the costs of the hooks, by step kind, and callCost
	// that of __call__ for function-style middleware; workCosts are the
	// costs of work inside them, the entry's own over Django's and the
	// shared ones.
	hookCosts [kindProcessResponse + 1]int64
	callCost  int64
	workCosts map[string]int64
}

// tableStatuses are the statuses an eventTable has strings for; slot 0
// is "none", a hook that returned nothing.
var tableStatuses = [...]int{200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 405, 429, 500}

func statusSlot(status int) int {
	switch {
	case status < 0:
		return 0
	case status < len(statusSlots):
		return int(statusSlots[status])
	}
	return -1
}

// statusSlots is statusSlot for every status below 600, worked out once:
// it runs for every hook.
var statusSlots = func() (t [600]int8) {
	for i := range t {
		t[i] = -1
	}
	for i, s := range tableStatuses {
		t[s] = int8(i + 1)
	}
	return t
}()

func newEventTable(class string, costs map[string]int64) *eventTable {
	t := &eventTable{callCost: costOr(costs, "call", 1), workCosts: mergeCosts(costs)}
	t.byKind[kindEnter][0] = "enter " + class
	for k := kindExit; k <= kindProcessResponse; k++ {
		if k == kindRaise {
			continue
		}
		t.hookCosts[k] = costOr(costs, kindNames[k], 1)
		t.byKind[k][0] = eventString(kindNames[k], class, -1)
		for i, status := range tableStatuses {
			t.byKind[k][i+1] = eventString(kindNames[k], class, status)
		}
	}
	return t
}

// catalogEvents are the catalog entries' event tables, by catalog index,
// each built when a simulation first uses its entry.
var catalogEvents = make([]struct {
	once  sync.Once
	table atomic.Pointer[eventTable]
}, len(catalog))

// catalogEventTable is entry i's event table. Every layer of every
// simulation asks: once the table is built, one atomic load answers.
func catalogEventTable(i int) *eventTable {
	e := &catalogEvents[i]
	if t := e.table.Load(); t != nil {
		return t
	}
	e.once.Do(func() { e.table.Store(newEventTable(ClassName(catalog[i].Path), catalog[i].Costs)) })
	return e.table.Load()
}

// eventID names an event string in two bytes: one of a catalog entry's
// eventTable strings, by entry, kind and status slot, or, with noteEvent
// set, one of the result's notes (a request records a few hundred steps
// at most, and so fewer notes). A result records its events as IDs in
// its steps, with no pointers in them, and spells them out when asked.
type eventID uint16

const noteEvent eventID = 1 << 15

// Every table event's ID must stay below noteEvent: this fails at start-up,
// and so every test fails, if the catalog outgrows them.
var _ = func() int {
	if len(catalog)*int(kindProcessResponse+1)*(len(tableStatuses)+1) > int(noteEvent) {
		panic("stack: the catalog has too many entries for an eventID")
	}
	return 0
}()

// tableEvent is the ID of a catalog entry's event string.
func tableEvent(catalogIndex int, kind stepKind, slot int) eventID {
	return eventID((catalogIndex*int(kindProcessResponse+1)+int(kind))*(len(tableStatuses)+1) + slot)
}

// text spells an event ID out.
func (id eventID) text(notes []string) string {
	if id&noteEvent != 0 {
		return notes[id&^noteEvent]
	}
	slot, rest := int(id)%(len(tableStatuses)+1), int(id)/(len(tableStatuses)+1)
	kind, entry := rest%int(kindProcessResponse+1), rest/int(kindProcessResponse+1)
	return catalogEventTable(entry).byKind[kind][slot]
}

// eventText is the event of layer l's enter (status -1), or of a hook
// (or exit) that ended with a response of the given status, or -1 for
// none, spelled out: for a class the catalog does not know, or a status
// its table has no slot for.
func (l *layer) eventText(kind stepKind, status int) string {
	if kind == kindEnter && l.events == nil {
		return l.unknownEnter
	}
	return globalEvent(l.class, kindNames[kind], status)
}

type eventKey struct {
	class, hook string
	status      int // -1: "none"
}

// eventStrings memoises the event strings no table has (classes the
// catalog does not know, unusual statuses) across simulations.
var (
	eventStringsMu sync.RWMutex
	eventStrings   = map[eventKey]string{}
)

func eventString(hook, class string, status int) string {
	result := "none"
	if status >= 0 {
		result = itoa(status)
	}
	return hook + " " + class + " " + result
}

func globalEvent(class, hook string, status int) string {
	k := eventKey{class, hook, status}
	eventStringsMu.RLock()
	e, ok := eventStrings[k]
	eventStringsMu.RUnlock()
	if ok {
		return e
	}
	e = eventString(hook, class, status)
	eventStringsMu.Lock()
	if len(eventStrings) < 1<<16 {
		eventStrings[k] = e
	}
	eventStringsMu.Unlock()
	return e
}

// handler is Django's BaseHandler after load_middleware.
type handler struct {
	site      *site
	layers    []*layer
	viewHooks []*layer // process_view, top to bottom
	excHooks  []*layer // process_exception, bottom to top
	// classes names the layers, for expanding steps.
	classes []string
	// rec holds the backing arrays every result's trace is recorded in.
	rec recorder
	// req is the request being served: nothing but exec.r refers to a
	// request, so one request value holds each in turn, in memory that
	// is already warm.
	req request
}

func buildHandler(st *site, paths []string) *handler {
	h := &handler{site: st}
	h.layers = make([]*layer, len(paths))
	h.classes = make([]string, len(paths))
	layers := make([]layer, len(paths))
	for i, p := range paths {
		l := &layers[i]
		*l = layer{index: i, path: p, class: ClassName(p)}
		if ci, ok := catalogIndex[p]; ok {
			l.info, l.eventBase = &catalog[ci], tableEvent(ci, 0, 0)
			l.events = catalogEventTable(ci)
		} else {
			l.unknownEnter = "enter " + l.class
		}
		model := newModel(st, l)
		l.onRequest, _ = model.(requestHook)
		l.onResponse, _ = model.(responseHook)
		l.onView, _ = model.(viewHook)
		l.onException, _ = model.(exceptionHook)
		l.onCall, _ = model.(callHook)
		h.layers[i] = l
		h.classes[i] = l.class
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
	phase phase
	// resolved is the view URL resolution found; handledErr is what the
	// view raised when a process_exception hook answered for it.
	resolved   string
	handledErr *pyErr
	// stateChanged says something a step shows of the request
	// (request.user and what it evaluated to, the session, path_info) may
	// have changed since the last step's state was worked out. Everything
	// that writes those says so: setUser, setSession, setPathInfo, the
	// session's changed, evaluateUser.
	stateChanged bool
}

func (h *handler) run(x *exec, c *client, req *Request, id string, res *Result) {
	st := h.site
	*x = exec{h: h, site: st, start: st.now, cur: -1, res: res}
	// res is fresh from make: setting only what is not zero spares
	// copying a whole Result over it.
	res.ID, res.Method, res.Path = id, strings.ToUpper(orDefault(req.Method, "GET")), req.Path
	res.AnsweredAt, res.classes = -1, h.classes
	x.serve(c, req)
	h.rec.finish(res)
}

// serve runs one request through the stack and fills x.res.
func (x *exec) serve(c *client, req *Request) {
	st, res := x.site, x.res
	r := x.newRequest(c, req)
	x.r = r
	resp, err := x.callGuarded(0, r)
	res.DurationMicros = st.now - x.start
	if err != nil {
		// Even Django's own error handling raised: the WSGI server answers
		// with a bare 500 of its own.
		res.Status = 500
		res.Escaped = err.class
		res.Exception = &Exception{Class: err.class, Message: err.msg}
		res.AnsweredBy = "WSGI server"
		return
	}
	x.finish(c, req, resp)
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
	x.phase = phaseRequest
	x.layerEventStep(l, kindEnter, -1)
	var resp *response
	var err *pyErr
	if ch := l.onCall; ch != nil {
		var got *response
		var gotMark logMark
		resp, err = x.withLayer(l, func() (*response, *pyErr) {
			return ch.call(x, r, func() (*response, *pyErr) {
				prev := x.cur
				resp, err := x.callGuarded(i+1, r)
				x.cur = prev
				x.phase = phaseResponse
				if resp != nil {
					got, gotMark = resp, resp.mark()
				}
				return resp, err
			})
		})
		x.advanceCall(l)
		if err == nil && got == nil {
			x.answered(l, resp)
		}
		if err == nil {
			step := x.beginStep(l.index, kindExit)
			s := x.step(step)
			switch {
			case got == resp:
				x.setChanges(step, resp, gotMark)
			case got != nil:
				s.why = whyReplacedFromBelow
				x.setChanges(step, resp, logMark{})
			default:
				s.why = whyAnsweredItself
				x.setChanges(step, resp, logMark{})
			}
			x.setLayerEvent(step, l, kindExit, resp.status)
			return resp, nil
		}
	} else {
		resp, err = x.mixinCall(l, r, i+1)
		if err == nil {
			x.layerEventStep(l, kindExit, resp.status)
			return resp, nil
		}
	}
	if err.raisedBy == "" {
		err.raisedBy = l.class
		err.layer = l.index
	}
	x.phase = phaseError
	x.setEvent(x.beginStep(l.index, kindRaise), "raise "+l.class+" "+err.class)
	return nil, err
}

// mixinCall is MiddlewareMixin.__call__: process_request may answer, and
// process_response sees whatever response the layer holds, its own
// early answer included.
func (x *exec) mixinCall(l *layer, r *request, next int) (*response, *pyErr) {
	var resp *response
	if rh := l.onRequest; rh != nil {
		hc := x.beginHook(l, kindProcessRequest, phaseRequest, nil)
		var err *pyErr
		resp, err = rh.processRequest(x, r)
		x.endHook(l, hc, resp, err)
		if err != nil {
			return nil, err
		}
		if resp != nil {
			x.answered(l, resp)
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
		hc := x.beginHook(l, kindProcessResponse, phaseResponse, resp)
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
	return resp, err2
}

// withLayer runs f with layer l as the one doing work.
func (x *exec) withLayer(l *layer, f func() (*response, *pyErr)) (*response, *pyErr) {
	prev := x.cur
	x.cur = l.index
	resp, err := f()
	x.cur = prev
	return resp, err
}

// hookCall is a middleware method under way: beginHook starts
// recording it, endHook records how it ended. in is the response a
// process_response hook was given, so its changes can be shown.
type hookCall struct {
	step, prev int
	kind       stepKind
	in         *response
	inMark     logMark
}

// beginHook records the start of one of l's methods and makes l the
// layer doing work.
func (x *exec) beginHook(l *layer, kind stepKind, ph phase, in *response) hookCall {
	x.phase = ph
	hc := hookCall{step: x.beginStep(l.index, kind), prev: x.cur, kind: kind, in: in}
	if in != nil {
		hc.inMark = in.mark()
	}
	x.cur = l.index
	return hc
}

// endHook records what the method begun as hc returned.
func (x *exec) endHook(l *layer, hc hookCall, resp *response, err *pyErr) {
	x.cur = hc.prev
	kind, step, in := hc.kind, hc.step, hc.in
	x.advance(l, kind)
	switch {
	case err != nil:
		x.setEvent(step, kindNames[kind]+" "+l.class+" raise "+err.class)
		if err.raisedBy == "" {
			err.raisedBy = l.class
			err.layer = l.index
		}
	case resp != nil:
		x.setLayerEvent(step, l, kind, resp.status)
	default:
		x.setLayerEvent(step, l, kind, -1)
	}
	s := x.step(step)
	s.cost = int32(x.site.now-x.start) - s.at
	switch {
	case in != nil && resp == in:
		x.setChanges(step, in, hc.inMark)
	case resp != nil:
		if in != nil {
			s.why = whyReplacedResponse
		}
		// A response this step made: every header it has, it set.
		x.setChanges(step, resp, logMark{})
	}
}

// answered notes the layer whose code made the response the client gets,
// the first time a layer answers without calling inward.
func (x *exec) answered(l *layer, resp *response) {
	if x.res.AnsweredAt < 0 && x.res.AnsweredBy == "" {
		x.res.AnsweredBy = l.class
		x.res.AnsweredAt = l.index
	}
}

// advance moves the virtual clock by what a layer's hook costs; a hook
// without a figure costs 1.
func (x *exec) advance(l *layer, kind stepKind) {
	if l.events != nil {
		x.site.now += l.events.hookCosts[kind]
	} else {
		x.site.now++
	}
}

// advanceCall is advance for a function-style middleware's __call__.
func (x *exec) advanceCall(l *layer) {
	if l.events != nil {
		x.site.now += l.events.callCost
	} else {
		x.site.now++
	}
}

func costOr(costs map[string]int64, name string, def int64) int64 {
	if c, ok := costs[name]; ok {
		return c
	}
	return def
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

// work records work done inside a hook (a query, a cache lookup, ...) and
// moves the clock by its cost.
func (x *exec) work(kind, reason string) {
	x.workAbout(kind, whyNone, reason)
}

// workAbout is work whose reason is the sentence why about arg, spelled
// out only if the step is expanded.
func (x *exec) workAbout(kind string, why stepWhy, arg string) {
	// Work by a catalog layer costs what its entry says, else what Django
	// or the shared work costs, else nothing; work by the core or an
	// unknown layer costs what Django or the shared work costs, else 10.
	costs, cost := coreWorkCosts, int64(10)
	if x.cur >= 0 {
		if t := x.h.layers[x.cur].events; t != nil {
			costs, cost = t.workCosts, 0
		}
	}
	if c, ok := costs[kind]; ok {
		cost = c
	}
	step := x.beginStep(x.cur, kindWork)
	x.setNote(step, why, arg)
	x.step(step).cost = int32(cost)
	x.site.now += cost
}

// coreWorkCosts are coreCosts over workCosts, for work the core or an
// unknown layer does: one lookup instead of two.
var coreWorkCosts = mergeCosts(nil)

// mergeCosts is own over coreCosts over workCosts.
func mergeCosts(own map[string]int64) map[string]int64 {
	m := make(map[string]int64, len(own)+len(coreCosts)+len(workCosts))
	for _, costs := range []map[string]int64{workCosts, coreCosts, own} {
		for k, v := range costs {
			m[k] = v
		}
	}
	return m
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

// note records a decision without cost: the reason a learner reads.
func (x *exec) note(reason string) {
	x.noteAbout(whyNone, reason)
}

// noteAbout is note with the sentence why about arg, spelled out only if
// the step is expanded.
func (x *exec) noteAbout(why stepWhy, arg string) {
	x.setNote(x.beginStep(x.cur, kindWork), why, arg)
}

func (x *exec) curClass() string {
	if x.cur >= 0 {
		return x.h.layers[x.cur].class
	}
	return ""
}

// setUser, setSession and setPathInfo set what steps show of the request,
// and say so (see exec.stateChanged).
func (x *exec) setUser(r *request, u *userAttr) {
	r.user = u
	x.stateChanged = true
}

func (x *exec) setSession(r *request, s *session) {
	r.session = s
	x.stateChanged = true
}

func (x *exec) setPathInfo(r *request, p string) {
	r.pathInfo = p
	x.stateChanged = true
}

package stack

import (
	"strings"
	"unsafe"
)

// The trace records every step compactly while a request runs, and
// expands records into Step values only when someone asks (Result.Steps):
// a simulation records tens of thousands of steps a second, and most are
// never looked at one by one.

type stepKind uint8

const (
	kindEnter stepKind = iota
	kindExit
	kindRaise
	kindProcessRequest
	kindProcessView
	kindProcessException
	kindProcessTemplateResponse
	kindProcessResponse
	kindView
	kindWork
)

var kindNames = [...]string{
	kindEnter: "enter", kindExit: "exit", kindRaise: "raise",
	kindProcessRequest: "process_request", kindProcessView: "process_view",
	kindProcessException: "process_exception", kindProcessTemplateResponse: "process_template_response",
	kindProcessResponse: "process_response", kindView: "view", kindWork: "work",
}

type phase uint8

const (
	phaseRequest phase = iota
	phaseView
	phaseResponse
	phaseError
)

var phaseNames = [...]string{phaseRequest: "request", phaseView: "view", phaseResponse: "response", phaseError: "error"}

// stepState is what a layer saw; consecutive steps share one while it
// does not change. request.user is kept as the objects it was, spelled
// out only when a step is expanded: user nil is no request.user at all,
// value nil a lazy user not yet evaluated. Both are faithful snapshots: a
// userValue never changes once made, and of a userAttr only its value is
// ever filled in, which value records.
type stepState struct {
	user     *userAttr
	value    *userValue
	session  sessionView
	pathInfo string
}

// same says s and o show the same. The strings of a state come from a
// few places that hand out the very same string while nothing changes:
// comparing where they point usually decides it without comparing bytes.
func (s *stepState) same(o *stepState) bool {
	return s.user == o.user && s.value == o.value &&
		s.session.same(&o.session) && sameString(s.pathInfo, o.pathInfo)
}

func sameString(a, b string) bool {
	return len(a) == len(b) && (unsafe.StringData(a) == unsafe.StringData(b) || a == b)
}

// stepRec is one recorded step. It holds no pointers, so the garbage
// collector never scans the thousands a simulation records, and storing
// one needs no write barrier.
type stepRec struct {
	// at and cost are virtual microseconds since the request started; a
	// request lasting over half an hour of virtual time is not a thing.
	at, cost int32
	// text is the step's text: for a hook step its conformance event as
	// an eventID, for a work step, which has no event, the index of its
	// reason or the argument of why in the result's notes.
	text eventID
	// state indexes the result's states, what the layer saw. Indexes
	// rather than pointers keep a record at 16 bytes, and a request never
	// records 65,535 steps. What a step changed is in the result's
	// changes, which name their step.
	state uint16
	// layer is a MIDDLEWARE index (at most MaxMiddleware) or -1.
	layer int8
	kind  stepKind
	phase phase
	why   stepWhy
}

// A step record stays within 16 bytes: a simulation records thousands,
// and their bytes set its pace. This fails to compile if it grows.
var _ [16 - unsafe.Sizeof(stepRec{})]struct{}

// A MIDDLEWARE index must fit stepRec.layer: this fails to compile if
// MaxMiddleware grows past an int8.
var _ [127 - MaxMiddleware]struct{}

// stepChange is what the result's step number step changed: resp's logs,
// between from and to, hold the headers and cookies it set or removed.
type stepChange struct {
	resp     *response
	from, to logMark
	step     uint16
}

// stepWhy says which of a few common reasons a step has, sentences about
// one value that are spelled out only when the step is expanded: most
// steps never are. A hook step's sentence is about the status of the
// response it returned, which ends its event; a work step's is about its
// text (a path, a session key, a user), and with whyNone its text is its
// reason.
type stepWhy uint8

const (
	whyNone stepWhy = iota
	// An exit whose layer's __call__ returned a response other than the
	// one the layers below gave it.
	whyReplacedFromBelow
	// An exit whose layer answered without calling the layers below.
	whyAnsweredItself
	// A process_response hook that returned a new response.
	whyReplacedResponse

	// Work steps, about their text (a session key, shortened when spelled
	// out).
	whyResolve
	whyResolveWithSlash
	whyLazySession
	whyLoadedSession
	whySavedSession
	whyLoadedUser
	whyGreeting
	whyAPIData
)

// eventResult is the last word of an event: a hook's status or "none".
func eventResult(event string) string {
	return event[strings.LastIndexByte(event, ' ')+1:]
}

// text is a recorded step's event or, for a work step, its note.
func (r *Result) text(rec *stepRec) string {
	if rec.kind == kindWork {
		return r.notes[rec.text]
	}
	return rec.text.text(r.notes)
}

// Events are the request's conformance events, in order: the enter and
// exit of every layer, every hook with its result, the view. Every step
// but work has one, and no hook runs inside another, so the steps' order
// is the events' order: they are read off the steps, not stored twice.
func (r *Result) Events() []string {
	n := 0
	for i := range r.steps {
		if r.steps[i].kind != kindWork {
			n++
		}
	}
	out := make([]string, 0, n)
	for i := range r.steps {
		if rec := &r.steps[i]; rec.kind != kindWork {
			out = append(out, rec.text.text(r.notes))
		}
	}
	return out
}

// reason is the step's reason, spelled out; a is its text.
func (rec *stepRec) reason(a string) string {
	switch rec.why {
	case whyNone:
		if rec.kind == kindWork {
			return a
		}
		return ""
	case whyReplacedFromBelow:
		return "replaced the response from below with a new one"
	case whyAnsweredItself:
		return "answered with its own " + eventResult(a) + " response; nothing below it ran"
	case whyReplacedResponse:
		return "replaced the response with a new " + eventResult(a) + " response"
	case whyResolve:
		return "resolve " + a + " against the URLconf"
	case whyResolveWithSlash:
		return "CommonMiddleware tries to resolve " + a + " and " + a + "/"
	case whyLazySession:
		return "request.session is a lazy SessionStore for cookie " + shortKey(a) + ": nothing is read until someone uses it"
	case whyLoadedSession:
		return "loaded session " + shortKey(a) + " from the database"
	case whySavedSession:
		return "saved session " + shortKey(a) + " to the database"
	case whyLoadedUser:
		return "loaded user id " + a + " from the database"
	case whyGreeting:
		return "home renders a greeting for " + a
	case whyAPIData:
		return "api_data loads " + a + "'s data"
	}
	panic("stack: unknown step reason")
}

// beginStep appends a record at the current virtual time and returns its
// index; its text is set once known, by setEvent or setNote.
func (x *exec) beginStep(layerIndex int, kind stepKind) int {
	r, rc := x.r, &x.h.rec
	// The state is worked out again only when something it shows may
	// have changed (see exec.stateChanged); tests check that nothing
	// changes it unannounced.
	if x.stateChanged || rc.states.n == 0 || verifyMemos {
		state := stepState{user: r.user, session: r.session.view(), pathInfo: r.pathInfo}
		if r.user != nil {
			state.value = r.user.value
		}
		// Consecutive steps share a state while it does not change.
		if rc.states.n == 0 || !state.same(rc.states.last()) {
			if verifyMemos && rc.states.n > 0 && !x.stateChanged {
				panic("stack: the step state changed, but nothing said it might")
			}
			rc.states.push(state)
		}
		x.stateChanged = false
	}
	// rc.steps.push, written out: the generic push is too large for the
	// compiler to inline, and this is the engine's busiest line.
	steps := &rc.steps
	if steps.used+steps.n == len(steps.buf) {
		steps.grow()
	}
	steps.buf[steps.used+steps.n] = stepRec{
		at: int32(x.site.now - x.start), layer: int8(layerIndex), kind: kind, phase: x.phase,
		state: uint16(rc.states.n - 1),
	}
	steps.n++
	return steps.n - 1
}

// step is the running result's step record i.
func (x *exec) step(i int) *stepRec { return x.h.rec.steps.at(i) }

// layerEventStep records a step of layer l whose event is known at once:
// its enter, or its exit with a response of the given status.
func (x *exec) layerEventStep(l *layer, kind stepKind, status int) {
	x.setLayerEvent(x.beginStep(l.index, kind), l, kind, status)
}

// setLayerEvent sets step's event: l's for the kind and a response of
// the given status (-1 for none, or an enter), from the class's table
// when it has one for the status.
func (x *exec) setLayerEvent(step int, l *layer, kind stepKind, status int) {
	if l.events != nil {
		if slot := statusSlot(status); slot >= 0 {
			x.step(step).text = l.eventBase + eventID(int(kind)*(len(tableStatuses)+1)+slot)
			return
		}
	}
	x.setEvent(step, l.eventText(kind, status))
}

// setEvent sets step's event, spelled out in the result's notes.
func (x *exec) setEvent(step int, event string) {
	rc := &x.h.rec
	x.step(step).text = noteEvent | eventID(rc.notes.push(event))
}

// setNote gives a work step its text, a reason or the argument of why.
func (x *exec) setNote(step int, why stepWhy, note string) {
	rc := &x.h.rec
	s := x.step(step)
	s.text, s.why = eventID(rc.notes.push(note)), why
}

// recorder holds the backing arrays the results of one simulation record
// their steps, events and step states in, and those of the objects every
// request makes: a few large allocations instead of several per request.
// Results get capped sub-slices, so appending to one result's Events can
// never overwrite another's.
type recorder struct {
	steps   chunk[stepRec]
	notes   chunk[string]
	states  chunk[stepState]
	changes chunk[stepChange]
	// fieldStore backs the results' Headers and Cookies.
	fieldStore chunk[Header]
	// strs back the results' *string fields.
	strs slab[string]
	// sessions and users are request.session and request.user objects,
	// and responses responses, about one of each per request.
	sessions  slab[session]
	responses slab[responseBlock]
	users     slab[userAttr]
	// requestsLeft sizes new chunks and slabs (see sizing): what the
	// requests not yet finished will likely need.
	requestsLeft int
}

// recordSizes are how many steps, notes and changes a request is
// expected to record.
type recordSizes struct{ steps, notes, changes int }

// recordEstimate guesses how much a request records: an event for every
// layer's enter and exit and for each of its hooks, and one for the view;
// a step for each event, and a few steps of work (URL resolution, loading
// the session and the user, the view's own work).
func (h *handler) recordEstimate() recordSizes {
	events, responseHooks := 1, 0
	for _, l := range h.layers {
		events += 2
		if l.onRequest != nil {
			events++
		}
		if l.onView != nil {
			events++
		}
		if l.onResponse != nil {
			events++
			responseHooks++
		}
	}
	// Notes are the work steps' texts and the view's event. About half
	// the process_response hooks change the response, and the step that
	// makes it counts as a change too.
	return recordSizes{steps: events + 4, notes: 5, changes: 1 + responseHooks/2}
}

// statesPerRequest is about how often what a layer sees (request.user,
// the session, path_info) changes during a request; strsPerRequest is
// how many of a result's fields are *string (View, UserAtView, BodyH1);
// fieldsPerRequest is about how many headers and cookies a response has.
// The chunks are shared by a simulation's results, so a request above the
// average uses what one below it left.
const (
	statesPerRequest = 4
	strsPerRequest   = 3
	fieldsPerRequest = 6
)

func (rc *recorder) init(requests int, per recordSizes) {
	rc.requestsLeft = requests
	left := &rc.requestsLeft
	rc.steps.size = sizing{per.steps, left}
	rc.notes.size = sizing{per.notes, left}
	rc.states.size = sizing{statesPerRequest, left}
	rc.changes.size = sizing{per.changes, left}
	rc.fieldStore.size = sizing{fieldsPerRequest, left}
	rc.strs.size = sizing{strsPerRequest, left}
	rc.sessions.size = sizing{1, left}
	rc.responses.size = sizing{1, left}
	rc.users.size = sizing{1, left}
}

// sizing is how a chunk or slab sizes a new backing array, made when it
// first stores something and whenever it runs out: room for perRequest
// elements for the running request and each one after it.
type sizing struct {
	perRequest int
	// left is the recorder's requestsLeft.
	left *int
}

func (s sizing) want() int { return max(*s.left, 1) * s.perRequest }

// finish hands a result its records and closes them off, so the next
// result's records start after them.
func (rc *recorder) finish(res *Result) {
	res.steps = rc.steps.close()
	res.notes = rc.notes.close()
	res.states = rc.states.close()
	res.changes = rc.changes.close()
	rc.requestsLeft--
}

// fields stores f, built by setField, as a result's Fields.
func (rc *recorder) fields(f []Header) Fields {
	if len(f) == 0 {
		return nil
	}
	for _, h := range f {
		rc.fieldStore.push(h)
	}
	return rc.fieldStore.close()
}

func (rc *recorder) newSession(s session) *session {
	return rc.sessions.add(s)
}

func (rc *recorder) newUserAttr(u userAttr) *userAttr {
	return rc.users.add(u)
}

// newString returns a pointer to a copy of s, for a result's *string
// fields.
func (rc *recorder) newString(s string) *string {
	return rc.strs.add(s)
}

// slab stores values that are handed out by pointer. A full slab is
// replaced, never grown: the pointers already out must stay valid. The
// part of buf past its length is always zero: slabs are only made by
// make and only appended to.
type slab[T any] struct {
	buf  []T
	size sizing
}

// add stores v and returns its address.
func (s *slab[T]) add(v T) *T {
	p := s.next()
	*p = v
	return p
}

// next returns the address of a new zero value.
func (s *slab[T]) next() *T {
	if len(s.buf) == cap(s.buf) {
		s.buf = make([]T, 0, max(s.size.want(), 1))
	}
	s.buf = s.buf[:len(s.buf)+1]
	return &s.buf[len(s.buf)-1]
}

// chunk is a backing array that successive results fill in turn: the
// running result's records are buf[used:used+n]. The chunk, not the
// result, keeps count while a request runs, so recording a step writes no
// slice header, and so no pointer the garbage collector must hear of.
type chunk[T any] struct {
	buf     []T
	used, n int
	size    sizing
}

// push appends v to the running records and returns its index among
// them, first moving them to a new chunk if this one is full.
func (c *chunk[T]) push(v T) int {
	if c.used+c.n == len(c.buf) {
		c.grow()
	}
	c.buf[c.used+c.n] = v
	c.n++
	return c.n - 1
}

// grow moves the running records to a new chunk with room for as many
// more as the sizing wants (or twice as many as they are, if that is
// more).
func (c *chunk[T]) grow() {
	running := c.running()
	buf := make([]T, len(running)+max(c.size.want(), len(running), 1))
	c.buf, c.used, c.n = buf, 0, copy(buf, running)
}

// at is the running record i.
func (c *chunk[T]) at(i int) *T { return &c.buf[c.used+i] }

// last is the running records' last.
func (c *chunk[T]) last() *T { return &c.buf[c.used+c.n-1] }

// running are the running records, for reading and changing in place.
func (c *chunk[T]) running() []T { return c.buf[c.used : c.used+c.n] }

// close hands the running records over, capped so appending to them can
// never reach the next result's, and starts the next result after them.
func (c *chunk[T]) close() []T {
	s := c.buf[c.used : c.used+c.n : c.used+c.n]
	c.used += c.n
	c.n = 0
	return s
}

// setChanges records that step changed resp between the two marks.
func (x *exec) setChanges(step int, resp *response, from logMark) {
	to := resp.mark()
	if to == from {
		return
	}
	rc := &x.h.rec
	rc.changes.push(stepChange{resp, from, to, uint16(step)})
}

// Steps expands the recorded steps: every hook and the work inside them,
// in time order.
func (r *Result) Steps() []Step {
	// Many steps share a state, and consecutive states often the same
	// session: each session is spelled out once.
	sessions := make([]string, len(r.states))
	for i := range r.states {
		if v := &r.states[i].session; i > 0 && v.same(&r.states[i-1].session) {
			sessions[i] = sessions[i-1]
		} else {
			sessions[i] = v.String()
		}
	}
	out := make([]Step, len(r.steps))
	for i := range r.steps {
		out[i] = r.expand(&r.steps[i], sessions)
	}
	for i := range r.changes {
		ch := &r.changes[i]
		c, f, t, s := ch.resp, ch.from, ch.to, &out[ch.step]
		if t.set > f.set {
			s.HeadersSet = c.setLog[f.set:t.set:t.set]
		}
		if t.removed > f.removed {
			s.HeadersRemoved = c.removedLog[f.removed:t.removed:t.removed]
		}
		if t.cookie > f.cookie {
			s.CookiesSet = c.cookieLog[f.cookie:t.cookie:t.cookie]
		}
	}
	return out
}

// expand spells out one step; sessions are the states' sessions, spelled
// out.
func (r *Result) expand(rec *stepRec, sessions []string) Step {
	s := Step{
		AtMicros: int64(rec.at), CostMicros: int64(rec.cost), Layer: int(rec.layer),
		Kind: kindNames[rec.kind], Phase: phaseNames[rec.phase],
	}
	st := &r.states[rec.state]
	s.User, s.UserSource = describeUser(st.user, st.value)
	s.Session, s.PathInfo = sessions[rec.state], st.pathInfo
	text := r.text(rec)
	s.Reason = rec.reason(text)
	if rec.kind != kindWork {
		s.Event = text
	}
	if rec.layer >= 0 && int(rec.layer) < len(r.classes) {
		s.Class = r.classes[rec.layer]
	}
	switch rec.kind {
	case kindEnter, kindView, kindWork:
	case kindRaise:
		s.Result = "raise " + eventResult(text)
	default:
		// "<hook> <Class> <result>", where the result may be "raise X".
		rest := strings.TrimPrefix(text, s.Kind+" "+s.Class+" ")
		s.Result = rest
	}
	return s
}

package stack

import "strings"

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

func hookKind(name string) stepKind {
	switch name {
	case "process_request":
		return kindProcessRequest
	case "process_view":
		return kindProcessView
	case "process_exception":
		return kindProcessException
	case "process_template_response":
		return kindProcessTemplateResponse
	}
	return kindProcessResponse
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
// does not change.
type stepState struct {
	user, source, session, pathInfo string
}

// stepRec is one recorded step.
type stepRec struct {
	// at and cost are virtual microseconds since the request started; a
	// request lasting over half an hour of virtual time is not a thing.
	at, cost int32
	layer    int16
	kind     stepKind
	phase    phase
	// event is the conformance event, "" for work steps.
	event  string
	reason string
	state  *stepState
	// changes is the response whose logs, between from and to, hold the
	// headers and cookies the step set.
	changes  *response
	from, to logMark
}

// beginStep appends a record at the current virtual time and returns its
// index.
func (x *exec) beginStep(layerIndex int, kind stepKind, event string) int {
	r := x.r
	user, source := peekUser(r)
	sess := r.session.describe()
	st := x.state
	if st == nil || st.user != user || st.source != source || st.session != sess || st.pathInfo != r.pathInfo {
		st = &stepState{user: user, source: source, session: sess, pathInfo: r.pathInfo}
		x.state = st
	}
	x.res.steps = append(x.res.steps, stepRec{
		at: int32(x.site.now - x.start), layer: int16(layerIndex), kind: kind, phase: x.phase, event: event, state: st,
	})
	return len(x.res.steps) - 1
}

// setChanges records that the step changed resp between the two marks.
func (s *stepRec) setChanges(resp *response, from logMark) {
	to := resp.mark()
	if to != from {
		s.changes, s.from, s.to = resp, from, to
	}
}

// Steps expands the recorded steps: every hook and the work inside them,
// in time order.
func (r *Result) Steps() []Step {
	out := make([]Step, len(r.steps))
	for i := range r.steps {
		out[i] = r.expand(&r.steps[i])
	}
	return out
}

func (r *Result) expand(rec *stepRec) Step {
	s := Step{
		AtMicros: int64(rec.at), CostMicros: int64(rec.cost), Layer: int(rec.layer),
		Kind: kindNames[rec.kind], Event: rec.event, Phase: phaseNames[rec.phase], Reason: rec.reason,
		User: rec.state.user, UserSource: rec.state.source, Session: rec.state.session, PathInfo: rec.state.pathInfo,
	}
	if rec.layer >= 0 && int(rec.layer) < len(r.classes) {
		s.Class = r.classes[rec.layer]
	}
	switch rec.kind {
	case kindEnter, kindView, kindWork:
	case kindRaise:
		s.Result = "raise " + rec.event[strings.LastIndexByte(rec.event, ' ')+1:]
	default:
		// "<hook> <Class> <result>", where the result may be "raise X".
		rest := strings.TrimPrefix(rec.event, s.Kind+" "+s.Class+" ")
		s.Result = rest
	}
	if c := rec.changes; c != nil {
		f, t := rec.from, rec.to
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
	return s
}

package stack

// The recorder: every step of a request is a plain Step appended to its
// Result, with what the layer saw at that moment. Models do not take
// part in recording: they do Django's work through the request, the
// session and the response, and say why with note and work.

// beginStep appends a step of the running layer (or the core, -1) at
// the current virtual time, with what it sees of the request, and
// returns its index.
func (x *exec) beginStep(layerIndex int, kind StepKind) int {
	r := x.r
	s := Step{
		AtMicros: x.site.now - x.start, Layer: layerIndex, Kind: kind, Phase: x.phase,
		Session: r.session.state(), PathInfo: r.pathInfo,
	}
	if layerIndex >= 0 {
		s.Class = x.h.layers[layerIndex].class
	}
	s.User, s.UserSource = describeUser(r.user)
	x.res.Steps = append(x.res.Steps, s)
	return len(x.res.Steps) - 1
}

// layerStep records l's enter, or its exit with the response it returns.
func (x *exec) layerStep(l *layer, kind StepKind, resp *response) int {
	step := x.beginStep(l.index, kind)
	s := &x.res.Steps[step]
	if resp != nil {
		s.Returned = resp.status
	}
	s.Event = hookEvent(kind, l.class, s)
	return step
}

// hookEvent is a hook step's conformance event: "enter M",
// "process_request M none", "exit M 200", "process_view M raise X".
func hookEvent(kind StepKind, class string, s *Step) string {
	if kind == KindEnter {
		return "enter " + class
	}
	return string(kind) + " " + class + " " + s.ResultText()
}

// hookCall is a middleware method under way: beginHook starts
// recording it, endHook records how it ended. in is the response a
// process_response hook was given, so its changes can be shown.
type hookCall struct {
	step, prev int
	kind       StepKind
	in         *response
	inMark     logMark
}

// beginHook records the start of one of l's methods and makes l the
// layer doing work.
func (x *exec) beginHook(l *layer, kind StepKind, ph Phase, in *response) hookCall {
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
	x.site.now += l.hookCost(string(hc.kind))
	s := &x.res.Steps[hc.step]
	switch {
	case err != nil:
		s.Raised = err.class
		err.raisedAt(l, hc.step)
	case resp != nil:
		s.Returned = resp.status
	}
	s.Event = hookEvent(hc.kind, l.class, s)
	s.CostMicros = x.site.now - x.start - s.AtMicros
	switch {
	case hc.in != nil && resp == hc.in:
		x.setChanges(hc.step, hc.in, hc.inMark)
	case resp != nil:
		if hc.in != nil {
			s.Reason = Reason{Code: ReplacedResponse, Args: []string{itoa(resp.status)}}
			x.replacedErrorResponse(l, hc.step, hc.in)
		}
		// A response this step made: every header it has, it set.
		x.setChanges(hc.step, resp, logMark{})
	}
}

// setChanges gives step the headers and cookies resp's logs gained
// since from.
func (x *exec) setChanges(step int, resp *response, from logMark) {
	to := resp.mark()
	s := &x.res.Steps[step]
	if to.set > from.set {
		s.HeadersSet = resp.setLog[from.set:to.set:to.set]
	}
	if to.removed > from.removed {
		s.HeadersRemoved = resp.removedLog[from.removed:to.removed:to.removed]
	}
	if to.cookie > from.cookie {
		s.CookiesSet = resp.cookieLog[from.cookie:to.cookie:to.cookie]
	}
}

// work records work done inside a hook (a query, a cache lookup, ...),
// and why, and moves the clock by its cost.
func (x *exec) work(kind string, code ReasonCode, args ...string) {
	step := x.beginStep(x.cur, KindWork)
	cost := x.curLayer().workCost(kind)
	s := &x.res.Steps[step]
	s.CostMicros, s.Reason = cost, Reason{Code: code, Args: args}
	x.site.now += cost
}

// note records a decision, which takes no time: the reason a learner
// reads.
func (x *exec) note(code ReasonCode, args ...string) {
	x.noteReason(Reason{Code: code, Args: args})
}

func (x *exec) noteReason(r Reason) {
	step := x.beginStep(x.cur, KindNote)
	x.res.Steps[step].Reason = r
}

// curLayer is the layer whose code is running, nil for the core.
func (x *exec) curLayer() *layer {
	if x.cur >= 0 {
		return x.h.layers[x.cur]
	}
	return nil
}

func (x *exec) curClass() string {
	if l := x.curLayer(); l != nil {
		return l.class
	}
	return ""
}

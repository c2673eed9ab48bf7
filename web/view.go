package web

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/stack/lint"
	"github.com/middleware-playground/playground/templates"
)

// run is one simulated scenario with each result's diagnosis: the thing
// every view of results is built from.
type run struct {
	sc    *stack.Scenario
	tr    *stack.Trace
	diags []stack.Diagnosis
	// findings are the ordering rules the stack breaks; "what broke" names
	// the one that explains a failure.
	findings []lint.Finding
}

func newRun(sc *stack.Scenario) (*run, error) {
	tr, err := simulate(sc)
	if err != nil {
		return nil, err
	}
	if len(tr.Results) != len(sc.Requests) {
		return nil, fmt.Errorf("simulate: %d results for %d requests", len(tr.Results), len(sc.Requests))
	}
	rn := &run{sc: sc, tr: tr, diags: make([]stack.Diagnosis, len(tr.Results))}
	for i := range tr.Results {
		rn.diags[i] = stack.Diagnose(sc.Requests[i], &tr.Results[i])
	}
	return rn, nil
}

// verdict is "none" for a request without an expectation, else pass/fail.
func (rn *run) verdict(i int) string {
	switch {
	case rn.sc.Requests[i].Expect == nil:
		return "none"
	case rn.diags[i].Passed:
		return "pass"
	}
	return "fail"
}

func (rn *run) resultsVM(open int) templates.ResultsVM {
	vm := templates.ResultsVM{Open: open, Total: len(rn.tr.Results)}
	for i := range rn.tr.Results {
		res, req := &rn.tr.Results[i], rn.sc.Requests[i]
		row := templates.ResultRow{
			Index:           i,
			Label:           requestLabel(req),
			Method:          orDefault(res.Method, methodOf(req)),
			Path:            orDefault(res.Path, req.Path),
			Client:          clientLabel(req.Client),
			Creds:           credsLabel(req.Auth),
			Status:          res.Status,
			StatusClass:     statusClass(res.Status),
			AnsweredBy:      res.AnsweredBy,
			AnsweredByView:  res.AnsweredBy == "view",
			User:            userLabel(res.UserAtView),
			Verdict:         rn.verdict(i),
			VerdictText:     rn.diags[i].Summary,
			WrongReason:     rn.diags[i].WrongReason,
			Expect:          expectLabel(req.Expect),
			Open:            i == open,
			ServedFromCache: res.ServedFromCache,
		}
		if res.Exception != nil {
			row.ExceptionText = res.Exception.Class
		}
		// A passing row restates the expectation; a failing one says
		// what happened instead.
		if row.Verdict == "pass" || row.VerdictText == "" {
			row.VerdictText = row.Expect
		}
		row.Key = rowKey(row)
		switch row.Verdict {
		case "pass":
			vm.Passed++
		case "fail":
			vm.Failed++
		}
		vm.Rows = append(vm.Rows, row)
	}
	return vm
}

// rowKey digests a row's content, so the page can tell which rows a
// change touched without being sent the others.
func rowKey(r templates.ResultRow) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%+v", r)
	return strconv.FormatUint(h.Sum64(), 36)
}

// outcome is what "expect this" copies into a request's expectation:
// the status, the user, and who answered, so the expectation holds the
// request to the same path and not only to the same status.
type outcome struct {
	Status     int    `json:"status"`
	User       string `json:"user,omitempty"`
	AnsweredBy string `json:"answered_by"`
	ViewRuns   bool   `json:"view_runs"`
}

func (rn *run) outcomes() []outcome {
	out := make([]outcome, len(rn.tr.Results))
	for i := range rn.tr.Results {
		res := &rn.tr.Results[i]
		out[i] = outcome{Status: res.Status, User: stack.ExpectableUser(res.UserAtView), AnsweredBy: res.AnsweredBy, ViewRuns: res.ViewRan()}
	}
	return out
}

func requestLabel(r stack.Request) string {
	if r.Label != "" {
		return r.Label
	}
	return methodOf(r) + " " + r.Path
}

func methodOf(r stack.Request) string {
	if r.Method == "" {
		return "GET"
	}
	return strings.ToUpper(r.Method)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// clientLabel names the browser (cookie jar) a request comes from.
func clientLabel(c string) string {
	if c == "" {
		c = "A"
	}
	return "client " + c
}

// credsLabel names a request's credentials the way the request editor does.
func credsLabel(auth []string) string {
	var parts []string
	for _, a := range auth {
		parts = append(parts, credLabel(a))
	}
	if len(parts) == 0 {
		return ""
	}
	return " · " + strings.Join(parts, " · ")
}

func credLabel(a string) string { return stack.CredentialLabel(a) }

// userLabel shows what the view saw as request.user, with the engine's
// two non-user states spelled out for a learner.
func userLabel(u *string) string {
	switch {
	case u == nil:
		return "— (no view ran)"
	case *u == "lazy":
		return "lazy (the view never read it)"
	case *u == "absent":
		return "absent (no request.user at all)"
	}
	return *u
}

func expectLabel(e *stack.Expectation) string {
	if e == nil {
		return ""
	}
	var parts []string
	if e.Status != 0 {
		parts = append(parts, strconv.Itoa(e.Status))
	}
	if e.User != "" {
		parts = append(parts, "as "+e.User)
	}
	switch {
	case e.AnsweredBy == "view":
		parts = append(parts, "from the view")
	case e.AnsweredBy != "":
		parts = append(parts, "from "+e.AnsweredBy)
	}
	if e.ViewRuns != nil && !*e.ViewRuns && e.AnsweredBy == "" {
		parts = append(parts, "without the view")
	}
	what := strings.Join(parts, " ")
	switch {
	case e.Text == "":
		return "expects " + what
	case what == "":
		return e.Text
	}
	return e.Text + " (" + what + ")"
}

func statusClass(s int) string {
	switch {
	case s >= 500:
		return "s5xx"
	case s >= 400:
		return "s4xx"
	case s >= 300:
		return "s3xx"
	}
	return "s2xx"
}

// fmtMicros shows a virtual duration in the unit a person reads best.
func fmtMicros(us int64) string {
	if us < 1000 {
		return fmt.Sprintf("%d µs", us)
	}
	return strconv.FormatFloat(float64(us)/1000, 'f', -1, 64) + " ms"
}

// traceVM is the detail panel of request i.
func (rn *run) traceVM(i int) *templates.TraceVM {
	if i < 0 || i >= len(rn.tr.Results) {
		return nil
	}
	res, req, diag := &rn.tr.Results[i], rn.sc.Requests[i], rn.diags[i]
	vm := &templates.TraceVM{
		Index:       i,
		Label:       requestLabel(req),
		Method:      orDefault(res.Method, methodOf(req)),
		Path:        orDefault(res.Path, req.Path),
		Status:      res.Status,
		StatusClass: statusClass(res.Status),
		AnsweredBy:  answeredByLabel(res.AnsweredBy),
		Outcome:     res.Outcome(),
		Duration:    fmtMicros(res.DurationMicros),
		Passed:      rn.verdict(i) == "pass",
		CORS:        corsLabel(res),
	}
	if res.Exception != nil {
		vm.Exception = res.Exception.Class + ": " + res.Exception.Message
	}
	steps := res.Steps
	brokeStep := -1
	if rn.verdict(i) == "fail" {
		brokeStep = diag.Step
		b := &templates.BrokeVM{Summary: diag.Summary, Reason: diag.Reason, Fix: diag.Fix, WrongReason: diag.WrongReason}
		layer := diag.Layer
		if layer < 0 {
			layer = res.AnsweredAt
		}
		if f, ok := lint.Explain(rn.findings, layer); ok {
			b.Rule, b.RuleMessage = f.Rule, f.Message
		}
		if diag.Step >= 0 && diag.Step < len(steps) {
			st := steps[diag.Step]
			b.Where = fmt.Sprintf("%s, %s, at %s", layerName(rn.sc, st.Layer, st.Class), hookName(st), fmtMicros(st.AtMicros))
		}
		vm.Broke = b
	}
	// The trace marks the step where a layer (or Django) answered; a view
	// answering is the normal case and needs no mark.
	answerStep := -1
	if res.AnsweredBy != "view" {
		answerStep = res.AnsweredStep
	}
	for j, st := range steps {
		sv := stepVM(rn.sc, j, st, j == brokeStep, j == answerStep)
		// path_info matters only where a layer rewrote it.
		if j > 0 && st.PathInfo != steps[j-1].PathInfo && st.PathInfo != "" {
			sv.Changes = append(sv.Changes, "path_info = "+st.PathInfo)
			sv.Quiet = false
		}
		vm.Steps = append(vm.Steps, sv)
	}
	for _, h := range res.RawHeaders {
		vm.Headers = append(vm.Headers, templates.KV{Name: h.Name, Value: h.Value})
	}
	for _, c := range res.Cookies {
		vm.Cookies = append(vm.Cookies, templates.KV{Name: c.Name, Value: c.Value})
	}
	vm.Body = res.Body
	if len(vm.Body) > 4000 {
		vm.Body = vm.Body[:4000] + "\n…"
	}
	vm.Timeline = timelineVM(rn.sc, res, steps, brokeStep, answerStep)
	return vm
}

// corsLabel is the browser's verdict as the trace panel shows it.
func corsLabel(res *stack.Result) string {
	if res.CORS == "blocked" {
		return "blocked: " + res.CORSBlocked.String()
	}
	return res.CORS
}

func answeredByLabel(a string) string {
	if a == "view" {
		return "the view"
	}
	return a
}

func layerName(sc *stack.Scenario, layer int, class string) string {
	if layer >= 0 && layer < len(sc.Middleware) {
		return stack.ClassName(sc.Middleware[layer])
	}
	if class != "" {
		return class
	}
	return "Django"
}

func hookName(st stack.Step) string {
	if isWork(st) {
		return "inside the hook"
	}
	return string(st.Kind)
}

// isWork says the step is work or a decision inside a hook, not a hook.
func isWork(st stack.Step) bool { return st.Kind == stack.KindWork || st.Kind == stack.KindNote }

func stepVM(sc *stack.Scenario, j int, st stack.Step, broke, answered bool) templates.StepVM {
	vm := templates.StepVM{
		Index:      j,
		At:         strconv.FormatInt(st.AtMicros, 10),
		Layer:      layerName(sc, st.Layer, st.Class),
		Kind:       string(st.Kind),
		Phase:      string(st.Phase),
		Result:     st.ResultText(),
		User:       st.User,
		UserSource: st.UserSource,
		Session:    st.Session.String(),
		Reason:     st.Reason.String(),
		Work:       isWork(st),
		Broke:      broke,
		Answered:   answered,
	}
	if st.Kind == stack.KindView {
		vm.Layer = "view"
	}
	for _, h := range st.HeadersSet {
		vm.Changes = append(vm.Changes, "+ "+h.Name+": "+h.Value)
	}
	for _, h := range st.HeadersRemoved {
		vm.Changes = append(vm.Changes, "− "+h)
	}
	for _, c := range st.CookiesSet {
		vm.Changes = append(vm.Changes, "Set-Cookie "+c.Name+"="+c.Value)
	}
	vm.Quiet = st.Returned == 0 && st.Raised == "" && len(vm.Changes) == 0 && st.Reason.Code == "" && !broke && !answered && st.Kind != stack.KindView
	return vm
}

// Timeline geometry, in SVG user units.
const (
	tlWidth      = 760.0
	tlLabelWidth = 200.0
	tlRowHeight  = 22.0
	tlRightPad   = 70.0
)

// timelineVM lays out the onion: one row per MIDDLEWARE entry, outermost
// on top, then a row for Django's core (URL resolution, the view, error
// handling). A layer's bar spans its first to its last step, so nested
// layers draw as shrinking bars around the view.
func timelineVM(sc *stack.Scenario, res *stack.Result, steps []stack.Step, brokeStep, answerStep int) templates.TimelineVM {
	n := len(sc.Middleware)
	total := res.DurationMicros
	for _, st := range steps {
		if end := st.AtMicros + st.CostMicros; end > total {
			total = end
		}
	}
	if total <= 0 {
		total = 1
	}
	scale := (tlWidth - tlLabelWidth - tlRightPad) / float64(total)
	x := func(us int64) float64 { return tlLabelWidth + float64(us)*scale }
	w := func(us int64) float64 { return max(float64(us)*scale, 2) }

	vm := templates.TimelineVM{Width: tlWidth, LabelWidth: tlLabelWidth}
	rows := make([]templates.TimelineRow, n+1)
	for i := range rows {
		rows[i].Y = 4 + float64(i)*tlRowHeight
		rows[i].H = tlRowHeight
		if i < n {
			rows[i].Label = fmt.Sprintf("%d %s", i+1, stack.ClassName(sc.Middleware[i]))
		} else {
			rows[i].Label = "Django core and the view"
		}
	}
	first := make([]int64, n+1)
	last := make([]int64, n+1)
	for i := range first {
		first[i] = -1
	}
	for j, st := range steps {
		r := st.Layer
		if r < 0 || r >= n {
			r = n
		}
		row := &rows[r]
		row.Reached = true
		if first[r] < 0 {
			first[r] = st.AtMicros
		}
		last[r] = max(last[r], st.AtMicros+st.CostMicros)
		class := "hook"
		switch {
		case isWork(st):
			class = "work"
		case st.Kind == stack.KindView:
			class = "viewbar"
		case st.Phase == stack.PhaseResponse:
			class = "hook up"
		case st.Phase == stack.PhaseError:
			class = "hook err"
		}
		if j == brokeStep {
			class += " broke"
		}
		title := fmt.Sprintf("%s %s at %s (%s)", layerName(sc, st.Layer, st.Class), hookName(st), fmtMicros(st.AtMicros), fmtMicros(st.CostMicros))
		if result := st.ResultText(); result != "" {
			title += ": " + result
		}
		if st.Reason.Code != "" {
			title += ". " + st.Reason.String()
		}
		row.Marks = append(row.Marks, templates.Bar{X: x(st.AtMicros), W: w(st.CostMicros), Class: class, Title: title, Step: j})
		if j == answerStep {
			row.Cap = &templates.Bar{X: x(st.AtMicros+st.CostMicros) - 1, W: 4, Title: fmt.Sprintf("%s answered here: %s", layerName(sc, st.Layer, st.Class), st.ResultText())}
			note := "answered " + strconv.Itoa(res.Status)
			if st.Raised != "" {
				note = "raise " + st.Raised
			}
			row.Note = note
		}
	}
	for i := range rows {
		if first[i] < 0 {
			rows[i].Label += " (not reached)"
			continue
		}
		rows[i].Span = &templates.Bar{X: x(first[i]), W: w(last[i] - first[i]), Class: "layer",
			Title: fmt.Sprintf("%s: from %s to %s", rows[i].Label, fmtMicros(first[i]), fmtMicros(last[i]))}
		if rows[i].Note != "" {
			rows[i].NoteX = rows[i].Span.X + rows[i].Span.W + 6
			if rows[i].NoteX > tlWidth-tlRightPad+10 {
				rows[i].NoteX = tlWidth - tlRightPad + 4
			}
		}
	}
	vm.Rows = rows
	vm.AxisY = 4 + float64(n+1)*tlRowHeight + 6
	vm.Height = vm.AxisY + 22
	for k := 0; k <= 4; k++ {
		us := total * int64(k) / 4
		vm.Ticks = append(vm.Ticks, templates.Tick{X: x(us), Label: fmtMicros(us)})
	}
	return vm
}

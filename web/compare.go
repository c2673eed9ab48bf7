package web

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/templates"
)

// comparison is two scenarios run on the same requests, with the engine's
// differences request by request.
type comparison struct {
	a, b   *run
	byID   map[string]stack.Difference
	differ int
}

// pairScenarios completes b from a: the requests, settings and Django
// version b leaves out are a's, so {"a": X, "b": {"middleware": [...]}}
// compares two orders of the same requests.
func pairScenarios(a, b *stack.Scenario) {
	if len(b.Requests) == 0 {
		b.Requests = a.Requests
	}
	if b.Settings == nil {
		b.Settings = a.Settings
	}
	if b.Django == "" {
		b.Django = a.Django
	}
}

func compareScenarios(a, b *stack.Scenario) (*comparison, error) {
	pairScenarios(a, b)
	ra, err := newRun(a)
	if err != nil {
		return nil, fmt.Errorf("a: %w", err)
	}
	rb, err := newRun(b)
	if err != nil {
		return nil, fmt.Errorf("b: %w", err)
	}
	return compareRuns(ra, rb), nil
}

// compareRuns is the engine's comparison of two runs already simulated.
func compareRuns(a, b *run) *comparison {
	c := &comparison{a: a, b: b, byID: map[string]stack.Difference{}}
	for _, d := range stack.Compare(a.tr, b.tr) {
		c.byID[d.ID] = d
		c.differ++
	}
	return c
}

// divergedStep is where one run parted from the other, as the API tells
// it: the first hook at or after the parting point (a layer's "enter" is
// only its wrapper starting; the hook is where it acted), with the reason
// the engine gives for the parting.
type divergedStep struct {
	Index      int    `json:"index"`
	Layer      int    `json:"layer"`
	Class      string `json:"class,omitempty"`
	Kind       string `json:"kind"`
	Event      string `json:"event,omitempty"`
	Result     string `json:"result,omitempty"`
	Reason     string `json:"reason,omitempty"`
	ReasonCode string `json:"reason_code,omitempty"`
}

func divergence(res *stack.Result, from int, why stack.Reason) *divergedStep {
	if from < 0 || from >= len(res.Steps) {
		return nil
	}
	i := from
	for j := from; j < len(res.Steps); j++ {
		if k := res.Steps[j].Kind; k != stack.KindEnter && k != stack.KindWork && k != stack.KindNote {
			i = j
			break
		}
	}
	st := &res.Steps[i]
	return &divergedStep{Index: i, Layer: st.Layer, Class: st.Class, Kind: string(st.Kind), Event: st.Event,
		Result: st.ResultText(), Reason: why.String(), ReasonCode: string(why.Code)}
}

type requestComparison struct {
	ID              string   `json:"id"`
	Differs         bool     `json:"differs"`
	Fields          []string `json:"fields"`
	FirstDivergence *struct {
		A *divergedStep `json:"a"`
		B *divergedStep `json:"b"`
	} `json:"first_divergence"`
}

// requests lists every request of a, differing or not.
func (c *comparison) requests() []requestComparison {
	out := make([]requestComparison, 0, len(c.a.tr.Results))
	for i := range c.a.tr.Results {
		ra := &c.a.tr.Results[i]
		rc := requestComparison{ID: ra.ID, Fields: []string{}}
		if d, ok := c.byID[ra.ID]; ok {
			rc.Differs, rc.Fields = true, d.Fields
			rc.FirstDivergence = &struct {
				A *divergedStep `json:"a"`
				B *divergedStep `json:"b"`
			}{A: divergence(ra, d.StepA, d.ReasonA)}
			if j := c.indexInB(ra.ID); j >= 0 {
				rc.FirstDivergence.B = divergence(&c.b.tr.Results[j], d.StepB, d.ReasonB)
			}
		}
		out = append(out, rc)
	}
	return out
}

func (c *comparison) indexInB(id string) int {
	return slices.IndexFunc(c.b.tr.Results, func(r stack.Result) bool { return r.ID == id })
}

// handleCompare answers POST /api/compare: {"a": SCENARIO, "b": SCENARIO}
// run on the same requests (b takes a's requests, settings and version
// when it has none of its own), request by request.
func handleCompare(log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := comparePosted(w, r, log)
		if !ok {
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"requests": c.requests()})
	}
}

// handleCompareFragment answers POST /ui/compare, the body of
// /api/compare, with the HTML the main page's "Compare with…" dialog
// shows: the /c page's table, so both draw what the engine found alike.
func handleCompareFragment(log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := comparePosted(w, r, log)
		if !ok {
			return
		}
		vm := templates.CompareVM{Differ: c.differ, Total: len(c.a.tr.Results), Rows: c.rows()}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := templates.CompareDiff(vm).Render(r.Context(), w); err != nil {
			log.ErrorContext(r.Context(), "render compare", "err", err)
		}
	}
}

// comparePosted reads {"a": SCENARIO, "b": SCENARIO} and compares them,
// or answers the error and returns false.
func comparePosted(w http.ResponseWriter, r *http.Request, log *slog.Logger) (*comparison, bool) {
	var in struct {
		A json.RawMessage `json:"a"`
		B json.RawMessage `json:"b"`
	}
	if err := decodeBody(w, r, &in); err != nil {
		writeError(w, r, log, err)
		return nil, false
	}
	var sc [2]*stack.Scenario
	for i, raw := range []json.RawMessage{in.A, in.B} {
		name := "ab"[i : i+1]
		if len(raw) == 0 {
			writeError(w, r, log, badRequest("%s: missing; send {\"a\": SCENARIO, \"b\": SCENARIO}", name))
			return nil, false
		}
		s, err := stack.ParseScenario(raw)
		if err != nil {
			writeError(w, r, log, badRequest("%s.%s", name, err.Error()))
			return nil, false
		}
		sc[i] = s
	}
	c, err := compareScenarios(sc[0], sc[1])
	if err != nil {
		writeError(w, r, log, err)
		return nil, false
	}
	return c, true
}

// handleComparePage renders /c/{a}/{b}: two shared stacks side by side on
// a's requests, the requests that behave differently highlighted.
func handleComparePage(log *slog.Logger, st ShareStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		idA, idB := chi.URLParam(r, "a"), chi.URLParam(r, "b")
		a, ok := sharedScenarioOr404(w, r, log, st, idA)
		if !ok {
			return
		}
		b, ok := sharedScenarioOr404(w, r, log, st, idB)
		if !ok {
			return
		}
		// The permalink compares the two stacks on a's requests.
		b.Requests = nil
		c, err := compareScenarios(a, b)
		if err != nil {
			log.ErrorContext(r.Context(), "compare", "err", err, "a", idA, "b", idB)
			http.Error(w, "These two stacks could not be compared.", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		templ.Handler(templates.Compare(c.viewModel(idA, idB))).ServeHTTP(w, r)
	}
}

// handleCompareForm is /c: a form for two share links, or, with both
// filled in (?a=LINK&b=LINK), a redirect to their comparison.
func handleCompareForm(log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		vm := templates.CompareVM{FormA: q.Get("a"), FormB: q.Get("b")}
		if vm.FormA != "" || vm.FormB != "" {
			idA, errA := shareIDOf(vm.FormA)
			idB, errB := shareIDOf(vm.FormB)
			if errA == nil && errB == nil {
				http.Redirect(w, r, "/c/"+idA+"/"+idB, http.StatusSeeOther)
				return
			}
			for _, e := range []error{errA, errB} {
				if e != nil {
					vm.FormError = append(vm.FormError, e.Error())
				}
			}
			w.WriteHeader(http.StatusBadRequest)
		}
		templ.Handler(templates.Compare(vm)).ServeHTTP(w, r)
	}
}

// shareIDOf takes a share link (or a bare id) and returns its id.
func shareIDOf(link string) (string, error) {
	link = strings.TrimSpace(link)
	if link == "" {
		return "", fmt.Errorf("paste two share links")
	}
	p := link
	if u, err := url.Parse(link); err == nil && u.Path != "" {
		p = u.Path
	}
	id := p
	if rest, ok := sharePathID(p); ok {
		id = rest
	}
	if !shareIDPattern.MatchString(id) {
		return "", fmt.Errorf("%q is not a share link (…/s/ID)", link)
	}
	return id, nil
}

// sharePathID is the id in a share's path, /s/ID or /embed/ID; ok is
// false for any other path. The compare form and oEmbed both take links
// of either kind.
func sharePathID(p string) (id string, ok bool) {
	for _, prefix := range []string{"/s/", "/embed/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			return rest, true
		}
	}
	return "", false
}

func (c *comparison) viewModel(idA, idB string) templates.CompareVM {
	vm := templates.CompareVM{IDA: idA, IDB: idB, Differ: c.differ, Total: len(c.a.tr.Results),
		FormA: "/s/" + idA, FormB: "/s/" + idB}
	for _, side := range []struct {
		rn  *run
		out *templates.CompareSide
		id  string
	}{{c.a, &vm.A, idA}, {c.b, &vm.B, idB}} {
		side.out.Link = "/s/" + side.id
		side.out.Django = side.rn.tr.Django
		for _, p := range side.rn.sc.Middleware {
			side.out.Stack = append(side.out.Stack, templates.KV{Name: stack.ClassName(p), Value: p})
		}
	}
	vm.Rows = c.rows()
	return vm
}

// rows is every request of a through both runs, as the pages show it.
func (c *comparison) rows() []templates.CompareRow {
	rowsA := c.a.resultsVM(-1).Rows
	rowsB := c.b.resultsVM(-1).Rows
	var out []templates.CompareRow
	for i, rc := range c.requests() {
		row := templates.CompareRow{ID: rc.ID, A: rowsA[i], Differs: rc.Differs, Fields: strings.Join(rc.Fields, ", ")}
		if j := c.indexInB(rc.ID); j >= 0 {
			row.B = rowsB[j]
		}
		if fd := rc.FirstDivergence; fd != nil {
			row.WhereA, row.WhereB = divergenceText(fd.A), divergenceText(fd.B)
		}
		out = append(out, row)
	}
	return out
}

func divergenceText(s *divergedStep) string {
	if s == nil {
		return "—"
	}
	t := s.Class + " " + s.Kind
	if s.Kind == "view" {
		t = "the view"
	}
	if s.Result != "" {
		t += " → " + s.Result
	}
	if s.Reason != "" {
		t += ". " + s.Reason
	}
	return t
}

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/stack/lint"
	"github.com/middleware-playground/playground/templates"
)

// defaultScenario is what a fresh playground shows: Django's default
// stack and the sample requests, on the default Django version.
func defaultScenario() *stack.Scenario {
	return &stack.Scenario{Django: stack.DefaultVersion, Middleware: stack.DefaultMiddleware(), Settings: map[string]any{}, Requests: sampleRequests()}
}

// handlePage serves a fresh playground. Its first render (results
// included) is the same for every visitor, so it is rendered once and then
// served as bytes.
func handlePage(log *slog.Logger) http.HandlerFunc {
	var pages [prefVariants]struct {
		once sync.Once
		page renderedPage
	}
	return func(w http.ResponseWriter, r *http.Request) {
		p := &pages[prefVariant(r)]
		p.once.Do(func() {
			b, err := pageBytes(r.Context(), log, defaultScenario(), "")
			if err != nil {
				// Rendered per request below, where the failure is answered.
				log.ErrorContext(r.Context(), "render the default page", "err", err)
				return
			}
			p.page = newRenderedPage(b)
		})
		if p.page.body.plain == nil {
			renderPage(w, r, log, defaultScenario(), "")
			return
		}
		p.page.serve(w, r)
	}
}

// handleSharedPage renders the playground restored from a permalink, or a
// friendly 404 page for an unknown id.
func handleSharedPage(log *slog.Logger, st ShareStore, cache *pageCache) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := chi.URLParam(r, "id")
		if !shareIDPattern.MatchString(id) {
			renderNotFound(w, r, log, fmt.Sprintf("No shared playground has the id %q.", id))
			return
		}
		page, err := cache.get(id+"/"+strconv.Itoa(prefVariant(r)), func() ([]byte, error) {
			// Others may be waiting for this render: it must not stop
			// because the visitor who started it went away.
			ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
			defer cancel()
			return sharedPageBytes(ctx, log, st, id)
		})
		if err == nil {
			page.serve(w, r)
			return
		}
		var ae *apiError
		if errors.As(err, &ae) {
			if ae.status == http.StatusNotFound {
				renderNotFound(w, r, log, ae.msg)
				return
			}
			http.Error(w, ae.msg, ae.status)
			return
		}
		log.ErrorContext(r.Context(), "render shared page", "err", err, "id", id)
		http.Error(w, "The shared playground could not be drawn. Try again in a moment.", http.StatusInternalServerError)
	}
}

// sharedPageBytes renders the page of share id, or returns an apiError
// for the visitor.
func sharedPageBytes(ctx context.Context, log *slog.Logger, st ShareStore, id string) ([]byte, error) {
	b, err := loadShare(ctx, st, id)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			return nil, &apiError{status: ae.status, msg: fmt.Sprintf("No shared playground has the id %q.", id)}
		}
		log.ErrorContext(ctx, "load share", "err", err, "id", id)
		return nil, &apiError{status: http.StatusInternalServerError, msg: "The shared playground could not be loaded. Try again in a moment."}
	}
	sc, err := stack.ParseScenario(b)
	if err != nil {
		// A stored share that no longer parses means the format moved on
		// without a migration: our bug, not the visitor's.
		log.ErrorContext(ctx, "stored share does not parse", "err", err, "id", id)
		return nil, &apiError{status: http.StatusInternalServerError, msg: "This shared playground was saved in a format this version cannot read."}
	}
	if sc.Settings == nil {
		sc.Settings = map[string]any{}
	}
	return pageBytes(ctx, log, sc, id)
}

func renderPage(w http.ResponseWriter, r *http.Request, log *slog.Logger, sc *stack.Scenario, sharedID string) {
	b, err := pageBytes(r.Context(), log, sc, sharedID)
	if err != nil {
		log.ErrorContext(r.Context(), "render page", "err", err)
		http.Error(w, "The page could not be drawn. Reload to try again.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// pageBytes renders the playground showing sc.
func pageBytes(ctx context.Context, log *slog.Logger, sc *stack.Scenario, sharedID string) ([]byte, error) {
	vm := templates.PageVM{
		SharedID:   sharedID,
		OEmbed:     oembedDiscovery(sharedID),
		State:      sc,
		Catalog:    catalogData(),
		Palette:    paletteVM(),
		Settings:   settingsVM(sc.Settings),
		Creds:      credSlotsVM(),
		Intro:      introVM(),
		Stack:      stackVM(sc.Middleware),
		Django:     sc.Django,
		Versions:   versionOptions(),
		DjangoFull: sc.Django,
	}
	// The first paint shows results too, so the page is useful before (or
	// without) JavaScript; an engine failure shows as a message in place.
	if rn, err := newRun(sc); err != nil {
		_, msg := classify(err)
		if errors.As(err, new(*stack.FieldError)) {
			msg = err.Error()
		} else {
			log.ErrorContext(ctx, "first paint simulation failed", "err", err)
		}
		vm.Results = templates.ResultsVM{Error: msg, Open: -1}
	} else {
		vm.Results = rn.resultsVM(-1)
		vm.DjangoFull = rn.tr.Django
	}
	var buf bytes.Buffer
	if err := templates.Page(vm).Render(ctx, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// versionOptions lists the Django versions the engine simulates for the
// picker, marking the one a fresh playground starts on.
func versionOptions() []templates.Option {
	var out []templates.Option
	for _, v := range stack.KnownVersions() {
		label := v
		if v == stack.DefaultVersion {
			label += " (default)"
		}
		out = append(out, templates.Option{Value: v, Label: label})
	}
	return out
}

func renderNotFound(w http.ResponseWriter, r *http.Request, log *slog.Logger, what string) {
	templ.Handler(templates.NotFound(what), templ.WithStatus(http.StatusNotFound)).ServeHTTP(w, r)
}

// handleNotFound answers unknown paths: JSON on the API, a page elsewhere.
func handleNotFound(log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if wantsJSON(r) {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no such endpoint: %s %s", r.Method, r.URL.Path)})
			return
		}
		renderNotFound(w, r, log, fmt.Sprintf("There is no page at %s.", r.URL.Path))
	}
}

// catalogData is what the editor's JavaScript needs to draw entries and
// to tell a changed setting from a default one.
func catalogData() any {
	return map[string]any{
		"middleware":  stack.Catalog(),
		"settings":    stack.KnownSettings(),
		"max":         stack.MaxMiddleware,
		"maxRequests": stack.MaxRequests,
		// fresh is what Reset goes back to, even on a shared page.
		"fresh": defaultScenario(),
	}
}

// stackVM is the editor's list as editor.js draws it: the short name, the
// package, and whether the catalog knows the path.
func stackVM(middleware []string) []templates.StackEntry {
	out := make([]templates.StackEntry, len(middleware))
	for i, path := range middleware {
		_, known := stack.Lookup(path)
		pkg := path[:max(strings.LastIndexByte(path, '.'), 0)]
		out[i] = templates.StackEntry{Path: path, Class: stack.ClassName(path), Package: pkg, Known: known}
	}
	return out
}

func paletteVM() []templates.PaletteGroup {
	var groups []templates.PaletteGroup
	index := map[stack.Group]int{}
	for _, m := range stack.Catalog() {
		gi, ok := index[m.Group]
		if !ok {
			gi = len(groups)
			index[m.Group] = gi
			groups = append(groups, templates.PaletteGroup{Name: string(m.Group)})
		}
		it := templates.PaletteItem{
			Path: m.Path, Class: m.Class, Summary: m.Summary, Placement: m.Placement, Docs: m.Docs,
			Below: classNames(m.MustBeBelow), Above: classNames(m.MustBeAbove), Requires: classNames(m.Requires),
		}
		it.Search = strings.ToLower(strings.Join([]string{m.Path, m.Summary, string(m.Group)}, " "))
		groups[gi].Items = append(groups[gi].Items, it)
	}
	return groups
}

func classNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = stack.ClassName(p)
	}
	return out
}

// prominentSettings are the ones the lessons turn on; the rest sit
// under "More settings".
var prominentSettings = map[string]bool{
	"DEBUG": true, "APPEND_SLASH": true, "CSRF_USE_SESSIONS": true, "SECURE_SSL_REDIRECT": true,
	"CACHE_MIDDLEWARE_SECONDS": true, "RATE_LIMIT": true, "CORS_ALLOWED_ORIGINS": true,
}

func settingsVM(overrides map[string]any) []templates.SettingVM {
	var out []templates.SettingVM
	for _, s := range stack.KnownSettings() {
		v, changed := overrides[s.Name]
		if !changed {
			v = s.Default
		}
		out = append(out, templates.SettingVM{
			Name: s.Name, Type: s.Type, Description: s.Description,
			Value: settingText(v), Checked: v == true, Default: pyRepr(s.Default),
			Prominent: prominentSettings[s.Name], Changed: changed,
		})
	}
	return out
}

// settingText shows a setting value as its input holds it: lists one
// item per line.
func settingText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		if v {
			return "True"
		}
		return "False"
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []string:
		return strings.Join(v, "\n")
	case []any:
		parts := make([]string, len(v))
		for i, it := range v {
			parts[i] = fmt.Sprint(it)
		}
		return strings.Join(parts, "\n")
	}
	return fmt.Sprint(v)
}

func credSlotsVM() []templates.CredSlot {
	var out []templates.CredSlot
	for _, g := range stack.Credentials() {
		slot := templates.CredSlot{Name: g.Name, Label: g.Label, Options: []templates.Option{{Value: "", Label: "none"}}}
		for _, c := range g.Items {
			slot.Options = append(slot.Options, templates.Option{Value: c.Value, Label: c.Label})
		}
		out = append(out, slot)
	}
	return out
}

// renderString renders a component to a string, for JSON envelopes.
func renderString(ctx context.Context, c templ.Component) (string, error) {
	var buf bytes.Buffer
	if err := c.Render(ctx, &buf); err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	return buf.String(), nil
}

// runResponse is what the page gets back after every change: the results
// table (and the open trace) as HTML, with the data the editor needs.
type runResponse struct {
	// Results is the whole table, for a page that holds none; a page that
	// does gets Score and the Rows instead (see handleRun).
	Results  string         `json:"results,omitempty"`
	Score    string         `json:"score,omitempty"`
	Rows     []rowPatch     `json:"rows,omitempty"`
	Passed   int            `json:"passed"`
	Failed   int            `json:"failed"`
	Outcomes []outcome      `json:"outcomes"`
	Findings []lint.Finding `json:"findings"`
	Fix      *orderFix      `json:"fix"`
	Unknown  []int          `json:"unknown"`
	// Django is the version the engine ran, as its trace reports it.
	Django string `json:"django"`
	// Marks point the editor at the open request's layers: the one
	// that answered it and the one Diagnose holds at fault (-1: none).
	Marks struct {
		Answered int `json:"answered"`
		Fault    int `json:"fault"`
	} `json:"marks"`
}

// rowPatch is one row of the results: its key, and its markup when the
// page lacks it.
type rowPatch struct {
	Key  string `json:"key"`
	HTML string `json:"html,omitempty"`
}

// handleRun is what the page calls on every change: it runs the scenario
// and returns what the page needs to redraw, with the data the editor
// needs beside it. A page that holds a results table sends the keys of its
// rows (have) and gets back only the rows that changed and the score line;
// without have it gets the whole table, and the open trace under its row.
func handleRun(log *slog.Logger) http.HandlerFunc {
	type request struct {
		pageRequest
		Open *int     `json:"open"`
		Have []string `json:"have"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req request
		sc, err := readPageScenario(w, r, &req)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		rn, err := newRun(sc)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		out, err := rn.response(r.Context(), req.Open, req.Have)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// response renders the run for the page, with the trace of request open
// (nil or -1: none) drawn under its row, and the ordering rules the stack
// breaks, for the chosen Django version.
func (rn *run) response(ctx context.Context, open *int, have []string) (*runResponse, error) {
	sc := rn.sc
	o := -1
	if open != nil {
		o = *open
	}
	out := &runResponse{Outcomes: rn.outcomes(), Unknown: rn.tr.Unknown, Findings: []lint.Finding{}, Django: rn.tr.Django}
	out.Marks.Answered, out.Marks.Fault = -1, -1
	if o >= 0 && o < len(rn.tr.Results) {
		out.Marks.Answered = rn.tr.Results[o].AnsweredAt
		if rn.verdict(o) == "fail" {
			out.Marks.Fault = rn.diags[o].Layer
		}
	}
	lcfg := rn.lintConfig()
	if findings := lint.Check(sc.Middleware, lcfg); len(findings) > 0 {
		out.Findings = findings
		out.Fix = fixOrder(sc.Middleware, lcfg)
	}
	rn.findings = out.Findings
	rvm := rn.resultsVM(o)
	out.Passed, out.Failed = rvm.Passed, rvm.Failed
	var err error
	if have == nil {
		out.Results, err = renderString(ctx, templates.Results(rvm, rn.traceVM(o)))
	} else {
		out.Score, err = renderString(ctx, templates.Score(rvm))
		out.Rows = make([]rowPatch, len(rvm.Rows))
		for i, row := range rvm.Rows {
			out.Rows[i].Key = row.Key
			if i < len(have) && have[i] == row.Key || err != nil {
				continue
			}
			out.Rows[i].HTML, err = renderString(ctx, templates.Row(row))
		}
	}
	if err != nil {
		return nil, err
	}
	if out.Unknown == nil {
		out.Unknown = []int{}
	}
	return out, nil
}

// lintConfig is what the order linter needs to know of the scenario.
func (rn *run) lintConfig() lint.Config {
	debug, _ := rn.sc.Settings["DEBUG"].(bool)
	return lint.Config{Debug: debug, Settings: rn.sc.Settings, Django: rn.sc.Django}
}

// pageRequest is the scenario every sandbox call sends; each handler's
// body embeds it beside its own fields.
type pageRequest struct {
	Scenario json.RawMessage `json:"scenario"`
}

func (p *pageRequest) pageScenario() json.RawMessage { return p.Scenario }

// readPageScenario decodes body and parses the scenario it holds: what
// the run, trace and upgrade endpoints share, as readAttempt is for the
// exercises'.
func readPageScenario(w http.ResponseWriter, r *http.Request, body interface{ pageScenario() json.RawMessage }) (*stack.Scenario, error) {
	if err := decodeBody(w, r, body); err != nil {
		return nil, err
	}
	raw := body.pageScenario()
	if len(raw) == 0 {
		return nil, badRequest("scenario: missing")
	}
	return stack.ParseScenario(raw)
}

// handleTrace draws one request's trace, as a row for the results table:
// the page asks for it when a trace is opened, and again after a change
// while it stays open, so the answer to every change stays small.
func handleTrace(log *slog.Logger) http.HandlerFunc {
	type request struct {
		pageRequest
		Index int `json:"index"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req request
		sc, err := readPageScenario(w, r, &req)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		rn, err := newRun(sc)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeTraceRow(w, r, log, rn, req.Index)
	}
}

// writeTraceRow answers request index's trace, drawn as a results row,
// with "what broke" naming the rule that explains a failure.
func writeTraceRow(w http.ResponseWriter, r *http.Request, log *slog.Logger, rn *run, index int) {
	rn.findings = lint.Check(rn.sc.Middleware, rn.lintConfig())
	vm := rn.traceVM(index)
	if vm == nil {
		writeError(w, r, log, badRequest("index: %d is not one of the %d requests", index, len(rn.tr.Results)))
		return
	}
	html, err := renderString(r.Context(), templates.TraceRow(*vm))
	if err != nil {
		writeError(w, r, log, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"index": index, "html": html})
}

// orderFix is a proposed stack and how many moves, additions and removals
// it takes to get there.
type orderFix struct {
	Stack   []string `json:"stack"`
	Changes int      `json:"changes"`
}

// fixOrder proposes the fewest changes that satisfy the rules, or nil when
// the stack already does.
func fixOrder(mw []string, cfg lint.Config) *orderFix {
	res := lint.FixOrder(mw, cfg)
	if len(res.Moves) == 0 || slices.Equal(res.Stack, mw) {
		return nil
	}
	return &orderFix{Stack: res.Stack, Changes: len(res.Moves)}
}

// handleRules lists every ordering rule the linter checks.
func handleRules() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var vms []templates.RuleVM
		for _, rule := range lint.Rules() {
			vms = append(vms, templates.RuleVM{ID: rule.ID, Title: rule.Title, Severity: string(rule.Severity), Explanation: rule.Explanation, Fix: rule.Fix, Docs: rule.Docs})
		}
		templ.Handler(templates.Rules(vms)).ServeHTTP(w, r)
	}
}

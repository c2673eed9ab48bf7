package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/templates"
)

// defaultScenario is what a fresh playground shows: Django's default
// stack and the sample requests, on the default Django version.
func defaultScenario() *stack.Scenario {
	return &stack.Scenario{Django: stack.DefaultVersion, Middleware: stack.DefaultMiddleware(), Settings: map[string]any{}, Requests: sampleRequests()}
}

// handlePage renders a fresh playground.
func handlePage(log *slog.Logger, cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		renderPage(w, r, log, cfg, defaultScenario(), "")
	}
}

// handleSharedPage renders the playground restored from a permalink, or a
// friendly 404 page for an unknown id.
func handleSharedPage(log *slog.Logger, cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := chi.URLParam(r, "id")
		b, err := loadShare(r.Context(), cfg.Store, id)
		if err != nil {
			var ae *apiError
			if errors.As(err, &ae) && ae.status == http.StatusNotFound {
				renderNotFound(w, r, log, fmt.Sprintf("No shared playground has the id %q.", id))
				return
			}
			log.ErrorContext(r.Context(), "load share", "err", err, "id", id)
			http.Error(w, "The shared playground could not be loaded. Try again in a moment.", http.StatusInternalServerError)
			return
		}
		sc, err := stack.ParseScenario(b)
		if err != nil {
			// A stored share that no longer parses means the format moved
			// on without a migration: our bug, not the visitor's.
			log.ErrorContext(r.Context(), "stored share does not parse", "err", err, "id", id)
			http.Error(w, "This shared playground was saved in a format this version cannot read.", http.StatusInternalServerError)
			return
		}
		if sc.Settings == nil {
			sc.Settings = map[string]any{}
		}
		renderPage(w, r, log, cfg, sc, id)
	}
}

func renderPage(w http.ResponseWriter, r *http.Request, log *slog.Logger, cfg Config, sc *stack.Scenario, sharedID string) {
	vm := templates.PageVM{
		SharedID:       sharedID,
		State:          sc,
		Catalog:        catalogData(),
		Palette:        paletteVM(),
		Settings:       settingsVM(sc.Settings),
		Creds:          credSlotsVM(),
		PasteAvailable: cfg.Parser != nil,
		Django:         sc.Django,
		Versions:       versionOptions(),
		DjangoFull:     sc.Django,
	}
	// The first paint shows results too, so the page is useful before (or
	// without) JavaScript; an engine failure shows as a message in place.
	if rn, err := newRun(sc); err != nil {
		_, msg := classify(err)
		if errors.As(err, new(*stack.FieldError)) {
			msg = err.Error()
		} else {
			log.ErrorContext(r.Context(), "first paint simulation failed", "err", err)
		}
		vm.Results = templates.ResultsVM{Error: msg, Open: -1}
	} else {
		vm.Results = rn.resultsVM(-1)
		vm.DjangoFull = rn.tr.Django
	}
	w.Header().Set("Cache-Control", "no-store")
	templ.Handler(templates.Page(vm)).ServeHTTP(w, r)
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
			Value: settingText(v), Checked: v == true, Default: settingText(s.Default),
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

// handleRun is what the page calls on every change: it runs the scenario
// and returns what the page needs to redraw, with the data the editor
// needs beside it. A page that holds a results table sends the keys of its
// rows (have) and gets back only the rows that changed and the score line:
// a few hundred bytes for a drop. Without have it gets the whole table,
// and the open trace under its row.
func handleRun(log *slog.Logger, linter Linter) http.HandlerFunc {
	type request struct {
		Scenario json.RawMessage `json:"scenario"`
		Open     *int            `json:"open"`
		Have     []string        `json:"have"`
	}
	// rowPatch is one row: its key, and its markup when the page lacks it.
	type rowPatch struct {
		Key  string `json:"key"`
		HTML string `json:"html,omitempty"`
	}
	type response struct {
		Results  string     `json:"results,omitempty"`
		Score    string     `json:"score,omitempty"`
		Rows     []rowPatch `json:"rows,omitempty"`
		Passed   int        `json:"passed"`
		Failed   int        `json:"failed"`
		Outcomes []outcome  `json:"outcomes"`
		Findings []Finding  `json:"findings"`
		Fix      *OrderFix  `json:"fix"`
		Unknown  []int      `json:"unknown"`
		// Django is the version the engine ran, as its trace reports it.
		Django string `json:"django"`
		// Marks point the editor at the open request's layers: the one
		// that answered it and the one Diagnose holds at fault (-1: none).
		Marks struct {
			Answered int `json:"answered"`
			Fault    int `json:"fault"`
		} `json:"marks"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeBody(w, r, &req); err != nil {
			writeError(w, r, log, err)
			return
		}
		rn, findings, err := runFor(req.Scenario, linter)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		open := -1
		if req.Open != nil {
			open = *req.Open
		}
		out := response{Outcomes: rn.outcomes(), Unknown: rn.tr.Unknown, Findings: []Finding{}, Django: rn.tr.Django}
		out.Marks.Answered, out.Marks.Fault = -1, -1
		if open >= 0 && open < len(rn.tr.Results) {
			out.Marks.Answered = rn.tr.Results[open].AnsweredAt
			if rn.verdict(open) == "fail" {
				out.Marks.Fault = rn.diags[open].Layer
			}
		}
		if findings != nil {
			out.Findings = findings
			out.Fix = linter.FixOrder(rn.sc.Middleware, debugOf(rn.sc), rn.sc.Settings)
		}
		rvm := rn.resultsVM(open)
		out.Passed, out.Failed = rvm.Passed, rvm.Failed
		if req.Have == nil {
			out.Results, err = renderString(r.Context(), templates.Results(rvm, rn.traceVM(open)))
		} else {
			out.Score, err = renderString(r.Context(), templates.Score(rvm))
			out.Rows = make([]rowPatch, len(rvm.Rows))
			for i, row := range rvm.Rows {
				out.Rows[i].Key = row.Key
				if i < len(req.Have) && req.Have[i] == row.Key || err != nil {
					continue
				}
				out.Rows[i].HTML, err = renderString(r.Context(), templates.Row(row))
			}
		}
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		if out.Unknown == nil {
			out.Unknown = []int{}
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// handleTrace draws one request's trace, as a row for the results table:
// the page asks for it when a trace is opened, and again after a change
// while it stays open, so the answer to every change stays small.
func handleTrace(log *slog.Logger, linter Linter) http.HandlerFunc {
	type request struct {
		Scenario json.RawMessage `json:"scenario"`
		Index    int             `json:"index"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeBody(w, r, &req); err != nil {
			writeError(w, r, log, err)
			return
		}
		rn, _, err := runFor(req.Scenario, linter)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		vm := rn.traceVM(req.Index)
		if vm == nil {
			writeError(w, r, log, badRequest("index: %d is not one of the %d requests", req.Index, len(rn.tr.Results)))
			return
		}
		html, err := renderString(r.Context(), templates.TraceRow(*vm))
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"index": req.Index, "html": html})
	}
}

// runFor runs a scenario the page sent, with the linter's findings and
// the rule that explains a failure, when a linter is wired.
func runFor(raw json.RawMessage, linter Linter) (*run, []Finding, error) {
	if len(raw) == 0 {
		return nil, nil, badRequest("scenario: missing")
	}
	sc, err := stack.ParseScenario(raw)
	if err != nil {
		return nil, nil, err
	}
	rn, err := newRun(sc)
	if err != nil {
		return nil, nil, err
	}
	if linter == nil {
		return rn, nil, nil
	}
	findings := linter.Check(sc.Middleware, debugOf(sc), sc.Settings)
	rn.ruleFor = func(layer int) (Finding, bool) { return linter.Explain(findings, layer) }
	return rn, findings, nil
}

func debugOf(sc *stack.Scenario) bool {
	debug, _ := sc.Settings["DEBUG"].(bool)
	return debug
}

// handlePaste reads the MIDDLEWARE setting out of pasted settings.py text.
func handlePaste(log *slog.Logger, parser SettingsParser) http.HandlerFunc {
	type request struct {
		Text  string `json:"text"`
		Debug bool   `json:"debug"`
	}
	type entry struct {
		Path  string `json:"path"`
		Line  int    `json:"line"`
		Known bool   `json:"known"`
	}
	type response struct {
		Setting    string   `json:"setting"`
		Middleware []string `json:"middleware"`
		Entries    []entry  `json:"entries"`
		Warnings   []string `json:"warnings"`
		// Settings are the behaviour switches the file sets that the
		// engine reads; the page applies them with the stack.
		Settings map[string]any `json:"settings"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if parser == nil {
			writeJSON(w, http.StatusNotImplemented, map[string]string{"error": "the settings.py reader is not part of this build yet"})
			return
		}
		var req request
		if err := decodeBody(w, r, &req); err != nil {
			writeError(w, r, log, err)
			return
		}
		if strings.TrimSpace(req.Text) == "" {
			writeError(w, r, log, badRequest("paste a settings.py, or at least its MIDDLEWARE = [...] part"))
			return
		}
		res, err := parser.ParseMiddleware([]byte(req.Text), req.Debug)
		if err != nil {
			var le *LineError
			if errors.As(err, &le) {
				writeJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("line %d: %s", le.Line, le.Msg), "line": le.Line})
				return
			}
			writeError(w, r, log, badRequest("%s", err.Error()))
			return
		}
		if len(res.Paths) > stack.MaxMiddleware {
			writeError(w, r, log, badRequest("MIDDLEWARE has %d entries; the playground takes at most %d", len(res.Paths), stack.MaxMiddleware))
			return
		}
		out := response{Setting: res.Setting, Middleware: res.Paths, Warnings: res.Warnings, Entries: []entry{}, Settings: pastedSettings(res.Settings)}
		if out.Warnings == nil {
			out.Warnings = []string{}
		}
		for i, p := range res.Paths {
			_, known := stack.Lookup(p)
			e := entry{Path: p, Known: known}
			if i < len(res.Lines) {
				e.Line = res.Lines[i]
			}
			out.Entries = append(out.Entries, e)
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// pastedSettings keeps the settings of a pasted file that switch engine
// behaviour on or off (booleans and numbers the engine reads). Host lists,
// keys and origins are left out: a real project's values would make the
// demo site refuse every sample request.
func pastedSettings(file map[string]any) map[string]any {
	out := map[string]any{}
	for _, s := range stack.KnownSettings() {
		v, ok := file[s.Name]
		if !ok || s.Name == "DEBUG" {
			continue
		}
		switch s.Type {
		case "bool":
			if b, ok := v.(bool); ok {
				out[s.Name] = b
			}
		case "int":
			switch n := v.(type) {
			case int:
				out[s.Name] = n
			case int64:
				out[s.Name] = n
			case float64:
				if n == float64(int64(n)) && n >= 0 {
					out[s.Name] = int64(n)
				}
			}
		}
	}
	return out
}

// handleExport turns a MIDDLEWARE list into a Python block to paste.
func handleExport(log *slog.Logger) http.HandlerFunc {
	type request struct {
		Middleware []string `json:"middleware"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeBody(w, r, &req); err != nil {
			writeError(w, r, log, err)
			return
		}
		if len(req.Middleware) > stack.MaxMiddleware {
			writeError(w, r, log, badRequest("middleware: %d entries; at most %d are allowed", len(req.Middleware), stack.MaxMiddleware))
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"text": exportPython(req.Middleware)})
	}
}

// handleRules lists every ordering rule the linter checks.
func handleRules(log *slog.Logger, linter Linter) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if linter == nil {
			renderNotFound(w, r, log, "The order linter is not available in this build.")
			return
		}
		var vms []templates.RuleVM
		for _, rule := range linter.Rules() {
			vms = append(vms, templates.RuleVM(rule))
		}
		templ.Handler(templates.Rules(vms)).ServeHTTP(w, r)
	}
}

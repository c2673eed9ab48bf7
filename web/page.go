package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
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
	"github.com/middleware-playground/playground/stack/settingspy"
	"github.com/middleware-playground/playground/templates"
)

// defaultScenario is what a fresh playground shows: Django's default
// stack and the sample requests, on the default Django version.
func defaultScenario() *stack.Scenario {
	return &stack.Scenario{Django: stack.DefaultVersion, Middleware: stack.DefaultMiddleware(), Settings: map[string]any{}, Requests: sampleRequests()}
}

// handlePage serves a fresh playground. Its first render (results
// included) is the same for every visitor, so it is rendered once and then
// served as bytes, with an ETag for revalidation.
func handlePage(log *slog.Logger) http.HandlerFunc {
	var (
		once sync.Once
		page []byte
		etag string
	)
	return func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() {
			b, err := pageBytes(r.Context(), log, defaultScenario(), "")
			if err != nil {
				// Rendered per request below, where the failure is answered.
				log.ErrorContext(r.Context(), "render the default page", "err", err)
				return
			}
			sum := sha256.Sum256(b)
			page, etag = b, `"`+base64.RawURLEncoding.EncodeToString(sum[:12])+`"`
		})
		if page == nil {
			renderPage(w, r, log, defaultScenario(), "")
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("ETag", etag)
		// Revalidated on every visit: a new release changes the page.
		h.Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(page))
	}
}

// handleSharedPage renders the playground restored from a permalink, or a
// friendly 404 page for an unknown id.
func handleSharedPage(log *slog.Logger, st ShareStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := chi.URLParam(r, "id")
		b, err := loadShare(r.Context(), st, id)
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
		renderPage(w, r, log, sc, id)
	}
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

// runResponse is what the page gets back after every change: the results
// table (and the open trace) as HTML, with the data the editor needs.
type runResponse struct {
	Results  string         `json:"results"`
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

// handleRun is what the page calls on every change: it runs the scenario
// and returns the results table (and the open trace) as HTML, with the
// data the editor needs beside it.
func handleRun(log *slog.Logger) http.HandlerFunc {
	type request struct {
		Scenario json.RawMessage `json:"scenario"`
		Open     *int            `json:"open"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeBody(w, r, &req); err != nil {
			writeError(w, r, log, err)
			return
		}
		if len(req.Scenario) == 0 {
			writeError(w, r, log, badRequest("scenario: missing"))
			return
		}
		sc, err := stack.ParseScenario(req.Scenario)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		rn, err := newRun(sc)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		out, err := rn.response(r.Context(), req.Open)
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
func (rn *run) response(ctx context.Context, open *int) (*runResponse, error) {
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
	debug, _ := sc.Settings["DEBUG"].(bool)
	lcfg := lint.Config{Debug: debug, Settings: sc.Settings, Django: sc.Django}
	if findings := lint.Check(sc.Middleware, lcfg); len(findings) > 0 {
		out.Findings = findings
		out.Fix = fixOrder(sc.Middleware, lcfg)
	}
	rn.findings = out.Findings
	rvm := rn.resultsVM(o)
	out.Passed, out.Failed = rvm.Passed, rvm.Failed
	var err error
	if out.Results, err = renderString(ctx, templates.Results(rvm, rn.traceVM(o))); err != nil {
		return nil, err
	}
	if out.Unknown == nil {
		out.Unknown = []int{}
	}
	return out, nil
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

// handlePaste reads the MIDDLEWARE setting out of pasted settings.py text.
func handlePaste(log *slog.Logger) http.HandlerFunc {
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
		var req request
		if err := decodeBody(w, r, &req); err != nil {
			writeError(w, r, log, err)
			return
		}
		if strings.TrimSpace(req.Text) == "" {
			writeError(w, r, log, badRequest("paste a settings.py, or at least its MIDDLEWARE = [...] part"))
			return
		}
		res, err := settingspy.Parse(r.Context(), []byte(req.Text), settingspy.Options{Debug: req.Debug, Filename: "settings.py"})
		if err != nil {
			var pe *settingspy.ParseError
			switch {
			case errors.As(err, &pe):
				writeJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("line %d: %s", pe.Line, pe.Msg), "line": pe.Line})
			case errors.Is(err, settingspy.ErrNoMiddleware):
				writeError(w, r, log, badRequest("no MIDDLEWARE = [...] found; paste the part of settings.py that sets MIDDLEWARE"))
			default:
				writeError(w, r, log, badRequest("%s", err.Error()))
			}
			return
		}
		if len(res.Entries) > stack.MaxMiddleware {
			writeError(w, r, log, badRequest("MIDDLEWARE has %d entries; the playground takes at most %d", len(res.Entries), stack.MaxMiddleware))
			return
		}
		out := response{Setting: res.Setting, Middleware: []string{}, Warnings: res.Warnings, Entries: []entry{}, Settings: pastedSettings(res.Settings)}
		if out.Warnings == nil {
			out.Warnings = []string{}
		}
		for _, e := range res.Entries {
			_, known := stack.Lookup(e.Path)
			out.Middleware = append(out.Middleware, e.Path)
			out.Entries = append(out.Entries, entry{Path: e.Path, Line: e.Line, Known: known})
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
func handleRules() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var vms []templates.RuleVM
		for _, rule := range lint.Rules() {
			vms = append(vms, templates.RuleVM{ID: rule.ID, Title: rule.Title, Severity: string(rule.Severity), Explanation: rule.Explanation, Fix: rule.Fix, Docs: rule.Docs})
		}
		templ.Handler(templates.Rules(vms)).ServeHTTP(w, r)
	}
}

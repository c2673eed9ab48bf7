package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/stack/settingspy"
)

// pasteAnswer is what the page gets back from a paste.
type pasteAnswer struct {
	Setting    string       `json:"setting"`
	Middleware []string     `json:"middleware"`
	Entries    []pasteEntry `json:"entries"`
	// Absent are the entries only the other value of DEBUG adds: the
	// stack does not hold them, the export writes them back.
	Absent   []absentEntry `json:"absent"`
	Warnings []string      `json:"warnings"`
	// Settings replace the page's: the simulated settings the file sets
	// (those equal to the playground's default left out), and DEBUG as
	// the file was read.
	Settings map[string]any `json:"settings"`
	// Taken lists the settings applied, as Python; Ignored, every
	// simulated setting the file sets that was not applied and why;
	// Unsimulated, the file's other settings, by name.
	Taken       []takenSetting   `json:"taken"`
	Ignored     []ignoredSetting `json:"ignored"`
	Unsimulated []string         `json:"unsimulated"`
	Debug       bool             `json:"debug"`
	// Assumptions are what the reading with DEBUG as asked took as given:
	// each environment variable read and the value it gave, each import
	// taken to succeed or fail. The page lets the learner set the
	// variables and read the file again.
	Assumptions []settingspy.Assumption `json:"assumptions"`
}

type pasteEntry struct {
	Path  string `json:"path"`
	Line  int    `json:"line"`
	Known bool   `json:"known"`
	// When is "" for an entry every run has, else its condition.
	When string `json:"when,omitempty"`
}

type takenSetting struct {
	Name   string `json:"name"`
	Python string `json:"python"`
	Note   string `json:"note,omitempty"`
}

type ignoredSetting struct {
	Name string `json:"name"`
	Why  string `json:"why"`
}

// handlePaste reads a pasted settings.py: MIDDLEWARE with its conditional
// entries, and the settings the engine simulates.
func handlePaste(log *slog.Logger) http.HandlerFunc {
	type request struct {
		Text  string `json:"text"`
		Debug bool   `json:"debug"`
		// Env gives environment variables values; the rest are not set.
		Env map[string]string `json:"env"`
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
		if err := checkPasteEnv(req.Env); err != nil {
			writeError(w, r, log, err)
			return
		}
		out, err := readPaste(r.Context(), []byte(req.Text), req.Debug, req.Env)
		if err != nil {
			var le *LineError
			if errors.As(err, &le) {
				writeJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("line %d: %s", le.Line, le.Msg), "line": le.Line})
				return
			}
			writeError(w, r, log, badRequest("%s", err.Error()))
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// The environment a paste may give is bounded like the rest of the body:
// enough for any settings file's variables, not a place to store data.
const (
	maxPasteEnv      = 50
	maxPasteEnvName  = 100
	maxPasteEnvValue = 1000
)

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// checkPasteEnv refuses an environment the page would never send, naming
// the first problem (in name order, so the message is stable).
func checkPasteEnv(env map[string]string) error {
	if len(env) > maxPasteEnv {
		return badRequest("env has %d variables; at most %d can be given", len(env), maxPasteEnv)
	}
	for _, name := range slices.Sorted(maps.Keys(env)) {
		switch {
		case len(name) > maxPasteEnvName:
			return badRequest("env: the name %.20q… is %d characters long; at most %d", name, len(name), maxPasteEnvName)
		case !envName.MatchString(name):
			return badRequest("env: %q is not an environment variable name (letters, digits and _, not starting with a digit)", name)
		case utf8.RuneCountInString(env[name]) > maxPasteEnvValue:
			return badRequest("env: the value of %s is %d characters long; at most %d", name, utf8.RuneCountInString(env[name]), maxPasteEnvValue)
		}
	}
	return nil
}

// readPaste reads a pasted file as a run with DEBUG = debug and the
// environment env would, and tells apart the entries under a DEBUG
// condition.
func readPaste(ctx context.Context, src []byte, debug bool, env map[string]string) (*pasteAnswer, error) {
	res, merged, err := readConditional(ctx, src, debug, env)
	if err != nil {
		return nil, err
	}
	if len(res.Entries) > stack.MaxMiddleware {
		return nil, fmt.Errorf("MIDDLEWARE has %d entries; the playground takes at most %d", len(res.Entries), stack.MaxMiddleware)
	}
	out := &pasteAnswer{Setting: res.Setting, Middleware: []string{}, Entries: []pasteEntry{}, Absent: []absentEntry{}, Warnings: res.Warnings, Debug: debug, Assumptions: res.Assumptions}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	if out.Assumptions == nil {
		out.Assumptions = []settingspy.Assumption{}
	}
	after := ""
	for _, e := range merged {
		if e.When != "" && (e.When == whenDebug) != debug {
			out.Absent = append(out.Absent, absentEntry{Path: e.Path, When: e.When, After: after})
		} else {
			_, known := stack.Lookup(e.Path)
			out.Middleware = append(out.Middleware, e.Path)
			out.Entries = append(out.Entries, pasteEntry{Path: e.Path, Line: e.Line, Known: known, When: e.When})
		}
		after = e.Path
	}
	if len(out.Middleware)+len(out.Absent) > stack.MaxMiddleware {
		return nil, fmt.Errorf("MIDDLEWARE has %d entries with both values of DEBUG; the playground takes at most %d", len(out.Middleware)+len(out.Absent), stack.MaxMiddleware)
	}
	out.Settings, out.Taken, out.Ignored, out.Unsimulated = pastedSettings(res.Settings, debug)
	return out, nil
}

// pastedSettings sorts a pasted file's settings into those applied (as the
// scenario holds them), those the engine simulates but that were not
// applied, and the rest.
func pastedSettings(file map[string]any, debug bool) (apply map[string]any, taken []takenSetting, ignored []ignoredSetting, unsimulated []string) {
	apply, taken, ignored, unsimulated = map[string]any{}, []takenSetting{}, []ignoredSetting{}, []string{}
	if debug {
		apply["DEBUG"] = true
	}
	known := map[string]stack.SettingInfo{}
	for _, s := range stack.KnownSettings() {
		known[s.Name] = s
	}
	for _, name := range slices.Sorted(maps.Keys(file)) {
		info, ok := known[name]
		if !ok {
			unsimulated = append(unsimulated, name)
			continue
		}
		switch name {
		case "DEBUG":
			// The reader pins DEBUG to the box, which the answer
			// reports; the file's own value is never seen.
			continue
		case "SECRET_KEY":
			ignored = append(ignored, ignoredSetting{name, "a real key is never taken from a pasted file, so it cannot end up in a share link; the sample tokens are signed with the playground's"})
			continue
		}
		v := jsonValue(file[name])
		note := ""
		if name == "ALLOWED_HOSTS" {
			if hosts, ok := v.([]any); ok {
				if withTest, added := stack.WithTestServerHost(hosts); added {
					v = withTest
					note = "plus '" + stack.TestServerHost + "', which Django's test environment adds and the sample requests use"
				}
			}
		}
		if err := (&stack.Scenario{Settings: map[string]any{name: v}}).Validate(); err != nil {
			var fe *stack.FieldError
			why := err.Error()
			if errors.As(err, &fe) {
				why = fe.Msg
			}
			ignored = append(ignored, ignoredSetting{name, "the playground cannot simulate this value: " + why})
			continue
		}
		taken = append(taken, takenSetting{Name: name, Python: pyRepr(v), Note: note})
		if !sameJSON(v, jsonValue(info.Default)) {
			apply[name] = v
		}
	}
	return apply, taken, ignored, unsimulated
}

// jsonValue is v as JSON decoding would give it, the form the scenario
// and the settings panel hold values in.
func jsonValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

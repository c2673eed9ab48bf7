package stack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Scenario is the input of a simulation, in the conformance JSON format:
// a MIDDLEWARE list, settings overrides and the requests to run in order
// against one demo site.
type Scenario struct {
	Name       string         `json:"name,omitempty"`
	Django     string         `json:"django,omitempty"`
	Settings   map[string]any `json:"settings,omitempty"`
	Middleware []string       `json:"middleware"`
	Requests   []Request      `json:"requests"`
}

// Request is one sample request. The fields beyond the conformance format
// (Label, Expect) are for the playground and are ignored by the engine.
type Request struct {
	ID         string            `json:"id,omitempty"`
	Label      string            `json:"label,omitempty"`
	Path       string            `json:"path"`
	Method     string            `json:"method,omitempty"`
	Auth       []string          `json:"auth,omitempty"`
	Client     string            `json:"client,omitempty"`
	Headers    map[string]string `json:"headers,omitempty"`
	RemoteAddr string            `json:"remote_addr,omitempty"`
	Secure     bool              `json:"secure,omitempty"`
	Host       string            `json:"host,omitempty"`
	Form       map[string]string `json:"form,omitempty"`
	Expect     *Expectation      `json:"expect,omitempty"`
}

// Expectation is what the person who wrote a request expects of it.
// Status and user alone can be met by accident (a 500 from the wrong
// layer is still a 500), so an expectation can also say who answers and
// whether the view runs.
type Expectation struct {
	Status int    `json:"status,omitempty"`
	User   string `json:"user,omitempty"`
	// AnsweredBy is who should make the response, as Result.AnsweredBy
	// names it: "view", a middleware class name or "Django"; "" for
	// anyone.
	AnsweredBy string `json:"answered_by,omitempty"`
	// ViewRuns says whether the view should be called; nil for either.
	ViewRuns *bool  `json:"view_runs,omitempty"`
	Text     string `json:"text,omitempty"`
}

// Limits on a scenario, so a shared or pasted one cannot make the engine
// do unbounded work.
const (
	MaxMiddleware = 64
	MaxRequests   = 100
)

// FieldError says which field of a scenario is wrong and why.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// ParseScenario decodes a scenario strictly: unknown fields, trailing data
// and bad values are errors that name the field.
func ParseScenario(data []byte) (*Scenario, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var sc Scenario
	if err := dec.Decode(&sc); err != nil {
		return nil, describeJSONError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &FieldError{Field: "scenario", Msg: "unexpected data after the JSON object"}
	}
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	return &sc, nil
}

func describeJSONError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		field := typeErr.Field
		if field == "" {
			field = "scenario"
		}
		return &FieldError{Field: field, Msg: fmt.Sprintf("expected %s, got JSON %s", typeErr.Type, typeErr.Value)}
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return &FieldError{Field: "scenario", Msg: fmt.Sprintf("malformed JSON at byte %d: %v", syntaxErr.Offset, err)}
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "json: unknown field ") {
		return &FieldError{Field: strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`), Msg: "unknown field"}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &FieldError{Field: "scenario", Msg: "empty or truncated JSON"}
	}
	return &FieldError{Field: "scenario", Msg: msg}
}

// isDottedPath is what Django's import_string accepts: a module path and a
// class name, Python identifiers joined by dots.
func isDottedPath(p string) bool {
	// One pass: every scenario's every path is checked on every
	// simulation.
	dots, atStart := 0, true
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '.':
			if atStart {
				return false // an empty part
			}
			dots, atStart = dots+1, true
		case c >= '0' && c <= '9':
			if atStart {
				return false // a part starting with a digit
			}
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			atStart = false
		default:
			return false
		}
	}
	return dots > 0 && !atStart
}

var knownMethods = map[string]bool{
	"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true,
	"HEAD": true, "OPTIONS": true, "TRACE": true,
}

// Validate checks the shape of a scenario: sizes, methods, paths and
// credentials. Unknown middleware paths are not an error here: the engine
// runs them as pass-through layers; see UnknownMiddleware.
func (sc *Scenario) Validate() error {
	_, err := sc.validate()
	return err
}

// validate checks the scenario and returns its settings, parsed.
func (sc *Scenario) validate() (*Settings, error) {
	if len(sc.Middleware) > MaxMiddleware {
		return nil, &FieldError{Field: "middleware", Msg: fmt.Sprintf("%d entries; at most %d are allowed", len(sc.Middleware), MaxMiddleware)}
	}
	if len(sc.Requests) > MaxRequests {
		return nil, &FieldError{Field: "requests", Msg: fmt.Sprintf("%d requests; at most %d are allowed", len(sc.Requests), MaxRequests)}
	}
	if sc.Django != "" {
		if _, ok := versions[sc.Django]; !ok {
			return nil, &FieldError{Field: "django", Msg: fmt.Sprintf("unknown Django version %q; known: %s", sc.Django, strings.Join(KnownVersions(), ", "))}
		}
	}
	v := orDefault(sc.Django, DefaultVersion)
	for i, mw := range sc.Middleware {
		// A path the catalog knows is a dotted path: one lookup spares
		// reading it character by character.
		ci, known := catalogIndex[mw]
		if !known && !isDottedPath(mw) {
			return nil, &FieldError{Field: fmt.Sprintf("middleware[%d]", i), Msg: fmt.Sprintf("%q is not a dotted path like package.module.ClassName", mw)}
		}
		// Django cannot import a class its version lacks: it does not
		// start at all.
		if known && !catalog[ci].AvailableIn(v) {
			return nil, &FieldError{Field: fmt.Sprintf("middleware[%d]", i), Msg: fmt.Sprintf("%s needs Django %s; this scenario runs on Django %s", catalog[ci].Class, catalog[ci].Since, v)}
		}
	}
	settings, err := parseSettings(sc.Settings)
	if err != nil {
		return nil, err
	}
	for i := range sc.Requests {
		r := &sc.Requests[i]
		// The field name is only built for an error: validation runs on
		// every simulation.
		f := func() string { return "requests[" + itoa(i) + "]" }
		if !strings.HasPrefix(r.Path, "/") {
			return nil, &FieldError{Field: f() + ".path", Msg: fmt.Sprintf("%q must start with /", r.Path)}
		}
		if len(r.Path) > 2000 {
			return nil, &FieldError{Field: f() + ".path", Msg: "longer than 2000 characters"}
		}
		if r.Method != "" && !knownMethods[strings.ToUpper(r.Method)] {
			return nil, &FieldError{Field: f() + ".method", Msg: fmt.Sprintf("unknown HTTP method %q", r.Method)}
		}
		for j, a := range r.Auth {
			if err := validateCredential(a); err != nil {
				return nil, &FieldError{Field: fmt.Sprintf("%s.auth[%d]", f(), j), Msg: err.Error()}
			}
		}
		for name := range r.Headers {
			if name == "" || strings.ContainsAny(name, " :\r\n") {
				return nil, &FieldError{Field: f() + ".headers", Msg: fmt.Sprintf("invalid header name %q", name)}
			}
		}
	}
	return settings, nil
}

// Package settingspy reads the MIDDLEWARE setting out of a Django
// settings.py without running Python. It evaluates the small part of Python
// that settings files use to build their lists (literals, +, +=, star
// unpacking, list methods, if/elif/else on settings and environment
// lookups, try/except and `with suppress(...)` around imports, the
// project's own modules imported as Python resolves them, functions the
// files define) the way Python would, with the environment taken from
// Options.Env (empty by default) and DEBUG pinned to Options.Debug. What
// it cannot evaluate it skips, with a warning; what it had to take as
// given (environment values, imports of other packages) it reports as
// assumptions.
//
// It does no I/O of its own: the project's files come through
// Options.ReadFile (or ReadSibling). Work is bounded (input size, a work budget that
// loops, calls and string and list operations draw from in proportion to
// what they do, the size of what the file builds, nesting), and the
// context given to Parse stops it too, so any input returns promptly.
//
// Where things are: token.go, parser.go, parse_stmt.go and parse_expr.go
// turn text into the tree of ast.go; value.go holds the values. The
// evaluator is interp.go (state, limits, names) with one file for each
// kind of thing it evaluates: stmt.go (statements), assign.go (targets of
// =, += and del), expr.go (expressions, comparisons), ops.go (operators),
// subscript.go (indexing and slices), comprehension.go, call.go (calls of
// the file's own functions), builtins.go, methods.go (methods of str,
// list and dict), imports.go (import statements, the project's modules),
// modules.go (os, sys, contextlib, ... as modelled), env.go
// (django-environ and python-decouple), budget.go (the limits) and
// assumptions.go.
package settingspy

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
)

// Options say how to evaluate a settings file.
type Options struct {
	// Debug evaluates the file as if DEBUG were True, whatever it assigns.
	Debug bool
	// Env is the environment for os.environ / os.getenv / django-environ /
	// python-decouple lookups (nil = empty).
	Env map[string]string
	// Filename is the file's name, for messages.
	Filename string
	// ReadSibling loads a file next to the settings file, e.g. "base.py"
	// for `from .base import *`; nil = not available (imports then raise
	// ImportError, which try/except ImportError catches).
	ReadSibling func(name string) ([]byte, error)
	// ReadFile, when set, replaces ReadSibling: it loads any file of the
	// project by its slash path from the package root
	// ("myproject/settings/base.py"), so that relative imports beyond the
	// settings folder and absolute imports of the project's own modules
	// are read as Python would import them.
	ReadFile func(path string) ([]byte, error)
	// Module is the dotted name of the parsed file from the package root
	// ("myproject.settings.local"), with ReadFile.
	Module string
}

// Entry is one middleware as read.
type Entry struct {
	Path string `json:"path"`
	// Line is where the entry's string literal appears.
	Line int `json:"line"`
	// File is the sibling file the literal is in ("base.py"), or "" when
	// it is in the file parsed.
	File string `json:"file,omitempty"`
}

// Result is what Parse read.
type Result struct {
	// Setting is "MIDDLEWARE" or, in old projects, "MIDDLEWARE_CLASSES".
	Setting string  `json:"setting"`
	Entries []Entry `json:"entries"`
	// Line is the line of the statement that last bound the setting in
	// the file parsed (an assignment or the import that brought it in).
	Line int `json:"line"`
	// Warnings name the statements it could not evaluate and skipped, with
	// line numbers.
	Warnings []string `json:"warnings,omitempty"`
	// Assumptions are what the reading took as given: each environment
	// variable read and the value used, each import taken as succeeding
	// or failing.
	Assumptions []Assumption `json:"assumptions,omitempty"`
	// Settings holds the file's other simple upper-case settings (bools,
	// numbers, strings, None, lists of strings or of lists of strings) as
	// JSON-like values, for rules that depend on them (CSRF_USE_SESSIONS,
	// INSTALLED_APPS, LANGUAGES, ...).
	Settings map[string]any `json:"settings,omitempty"`
}

// Paths returns the entries' dotted paths.
func (r *Result) Paths() []string {
	out := make([]string, len(r.Entries))
	for i, e := range r.Entries {
		out[i] = e.Path
	}
	return out
}

// ParseError is input that cannot be read as Python, or that takes too
// much work to evaluate (Err is then ErrTooMuchWork, or the context's
// error when the evaluation was cancelled).
type ParseError struct {
	Line int
	Msg  string
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func (e *ParseError) Unwrap() error { return e.Err }

// ErrNoMiddleware means the file assigns neither MIDDLEWARE nor
// MIDDLEWARE_CLASSES (after evaluation, with the given options).
var ErrNoMiddleware = errors.New("no MIDDLEWARE or MIDDLEWARE_CLASSES assignment found")

// maxInput caps what is read: a settings file is a few kilobytes.
const maxInput = 1 << 20

var settingName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// Parse evaluates a settings file and returns its middleware list. The
// evaluation stops when ctx is done.
func Parse(ctx context.Context, src []byte, opts Options) (res *Result, err error) {
	defer func() {
		// Parse must never take a process down, whatever the input: an
		// unforeseen failure is reported as unreadable input.
		if r := recover(); r != nil {
			res, err = nil, &ParseError{Msg: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	in, err := evaluate(ctx, src, opts)
	if err != nil {
		return nil, err
	}
	return in.result()
}

// evaluate runs the file; in.main holds its names afterwards.
func evaluate(ctx context.Context, src []byte, opts Options) (*interp, error) {
	if len(src) > maxInput {
		return nil, &ParseError{Line: 1, Msg: "the file is larger than 1 MiB"}
	}
	toks, err := tokenize(string(src))
	if err != nil {
		return nil, err
	}
	body := parseModule(toks)
	listed := map[string]bool{}
	listPackages(toks, listed)
	in := &interp{budget: newBudget(ctx), opts: opts, seen: map[string]bool{}, assumedSeen: map[string]bool{}, modules: map[string]*moduleV{}, loading: map[string]bool{}, main: newScope(true), listed: listed}
	in.main.vars["DEBUG"] = boolV(opts.Debug)
	f := &frame{globals: in.main, locals: in.main}
	if opts.ReadFile != nil {
		f.pkg = parent(opts.Module)
	}
	err = in.execModule(f, body)
	if err == nil {
		// The last statement may have run the budget out in a way that
		// only shows as an exception it raised.
		err = in.over()
	}
	if err != nil {
		var ft *fatal
		if errors.As(err, &ft) {
			return nil, &ParseError{Line: ft.ln, Msg: ft.msg, Err: ft.cause}
		}
		return nil, &ParseError{Msg: err.Error()}
	}
	return in, nil
}

func (in *interp) result() (*Result, error) {
	g := in.main
	name := "MIDDLEWARE"
	v, ok := g.vars[name]
	if _, isNone := v.(noneV); !ok || isNone {
		name = "MIDDLEWARE_CLASSES"
		v, ok = g.vars[name]
	}
	if !ok {
		return nil, ErrNoMiddleware
	}
	res := &Result{Setting: name, Line: g.binds[name], Entries: []Entry{}}
	items, ok := seqItems(v)
	if !ok {
		return nil, &ParseError{Line: res.Line, Msg: fmt.Sprintf("%s is a %s, not a list or tuple", name, typeName(v))}
	}
	for _, it := range items {
		switch s := it.(type) {
		case strV:
			res.Entries = append(res.Entries, Entry{Path: s.s, Line: s.ln, File: s.file})
		case unknownV:
			in.warn("", s.ln, "an entry of %s cannot be evaluated (%s); left out", name, s.why)
		default:
			in.warn("", res.Line, "an entry of %s is a %s, not a dotted path; left out", name, typeName(it))
		}
	}
	res.Warnings = in.warnings
	res.Assumptions = in.assumptions()
	res.Settings = simpleSettings(g)
	return res, nil
}

func simpleSettings(g *scope) map[string]any {
	out := map[string]any{}
	names := make([]string, 0, len(g.vars))
	for k := range g.vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !settingName.MatchString(k) || isSettingName(k) {
			continue
		}
		if v, ok := jsonLike(g.vars[k]); ok {
			out[k] = v
		}
	}
	return out
}

func jsonLike(v value) (any, bool) { return jsonLikeIn(v, true) }

// jsonLikeIn converts v; nested says a list may hold lists of strings.
func jsonLikeIn(v value, nested bool) (any, bool) {
	switch v := v.(type) {
	case boolV:
		return bool(v), true
	case intV:
		return int(v), true
	case floatV:
		return float64(v), true
	case strV:
		return v.s, true
	case noneV:
		return nil, true
	}
	items, ok := seqItems(v)
	if !ok {
		return nil, false
	}
	out := make([]any, 0, len(items))
	for _, it := range items {
		if s, ok := it.(strV); ok {
			out = append(out, s.s)
			continue
		}
		// LANGUAGES holds (code, name) pairs: one level of nesting.
		if !nested {
			return nil, false
		}
		pair, ok := jsonLikeIn(it, false)
		if !ok {
			return nil, false
		}
		if _, isList := pair.([]any); !isList {
			return nil, false
		}
		out = append(out, pair)
	}
	return out, true
}

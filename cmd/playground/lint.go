package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/stack/lint"
	"github.com/middleware-playground/playground/stack/settingspy"
)

const lintUsage = "usage: playground lint [--debug] [--json] [--django X.Y] [--root DIR] settings.py|-"

// jsonFinding is one finding in --json output.
type jsonFinding struct {
	Rule     string        `json:"rule"`
	Severity lint.Severity `json:"severity"`
	Line     int           `json:"line"`
	Entries  []int         `json:"entries"`
	Message  string        `json:"message"`
	Fix      string        `json:"fix"`
}

var errHelp = errors.New("help")

// lintOptions is what the command line asks of runLint.
type lintOptions struct {
	file          string
	debug, asJSON bool
	// django is the version to lint for ("": stack.DefaultVersion).
	django string
	// root is the package root given with --root ("" = found by walking
	// up while __init__.py exists).
	root string
}

// lintArgs reads the flags, before or after the file name; "-" is stdin
// and "--" ends the flags.
func lintArgs(args []string) (lintOptions, error) {
	var o lintOptions
	flags := true
	for i := 0; i < len(args); i++ {
		a := args[i]
		v, n, err := djangoFlag(args, i)
		switch {
		case flags && err != nil:
			return o, err
		case flags && n > 0:
			o.django = v
			i += n - 1
		case flags && (a == "--debug" || a == "-debug"):
			o.debug = true
		case flags && (a == "--json" || a == "-json"):
			o.asJSON = true
		case flags && (a == "--root" || a == "-root"):
			if i+1 == len(args) {
				return o, errors.New("--root needs a folder")
			}
			i++
			o.root = args[i]
		case flags && (strings.HasPrefix(a, "--root=") || strings.HasPrefix(a, "-root=")):
			o.root = a[strings.IndexByte(a, '=')+1:]
		case flags && a == "--":
			flags = false
		case flags && (a == "-h" || a == "--help" || a == "-help"):
			return o, errHelp
		case flags && strings.HasPrefix(a, "-") && a != "-":
			return o, fmt.Errorf("unknown flag %s", a)
		case o.file != "":
			return o, errors.New("one settings file at a time")
		default:
			o.file = a
		}
	}
	if o.file == "" {
		return o, errors.New("no settings file given")
	}
	return o, nil
}

// packageRoot finds the folder imports start from, as Python would with
// the project on its path: above the outermost folder of file's that has
// an __init__.py, or root when given. module is file's dotted name from
// there.
func packageRoot(file, root string) (dir, module string, err error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", "", err
	}
	if root == "" {
		root = filepath.Dir(abs)
		for {
			if _, err := os.Stat(filepath.Join(root, "__init__.py")); err != nil {
				break
			}
			up := filepath.Dir(root)
			if up == root {
				break
			}
			root = up
		}
	}
	if root, err = filepath.Abs(root); err != nil {
		return "", "", err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", "", fmt.Errorf("%s is not inside the package root %s", file, root)
	}
	module = strings.ReplaceAll(filepath.ToSlash(strings.TrimSuffix(rel, ".py")), "/", ".")
	return root, module, nil
}

// runLint reads MIDDLEWARE from a settings file (evaluated, not run) and
// prints one finding a line as FILE:LINE: SEVERITY RULE-ID message. It
// exits 1 when a finding is an error, 2 when the input cannot be read or
// sets no MIDDLEWARE, 0 otherwise.
func runLint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := lintArgs(args)
	if err == errHelp {
		fmt.Fprintln(stdout, lintUsage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "lint: %v\n%s\n", err, lintUsage)
		return 2
	}
	if err := checkVersion(o.django); err != nil {
		fmt.Fprintf(stderr, "lint: %v\n", err)
		return 2
	}
	if o.django == "" {
		o.django = stack.DefaultVersion
	}
	file, debug := o.file, o.debug

	name := file
	opts := settingspy.Options{Debug: debug, Filename: filepath.Base(file)}
	var src []byte
	if file == "-" {
		name = "<stdin>"
		opts.Filename = name
		src, err = io.ReadAll(io.LimitReader(stdin, 1<<20+1))
	} else {
		var root string
		root, opts.Module, err = packageRoot(file, o.root)
		if err == nil {
			src, err = os.ReadFile(file)
		}
		opts.ReadFile = func(p string) ([]byte, error) {
			return os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "lint: %v\n", err)
		return 2
	}
	res, err := settingspy.Parse(context.Background(), src, opts)
	var pe *settingspy.ParseError
	switch {
	case errors.As(err, &pe):
		fmt.Fprintf(stderr, "%s:%d: cannot read the file: %s\n", name, pe.Line, pe.Msg)
		return 2
	case errors.Is(err, settingspy.ErrNoMiddleware):
		fmt.Fprintf(stderr, "%s: no MIDDLEWARE or MIDDLEWARE_CLASSES assignment found\n", name)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 2
	}
	if res.Setting == "MIDDLEWARE_CLASSES" {
		fmt.Fprintf(stderr, "%s: note: only MIDDLEWARE_CLASSES is set, which Django 2.0 and later ignore; it is linted as if it were MIDDLEWARE\n", name)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "%s: skipped: %s\n", name, w)
	}

	paths := res.Paths()
	findings := lint.Check(paths, lint.Config{Debug: debug, Settings: res.Settings, Django: o.django})
	// where gives the file and line a finding is reported at: its first
	// entry's literal, or the statement that set MIDDLEWARE.
	where := func(f lint.Finding) (string, int) {
		if len(f.Entries) == 0 {
			return name, res.Line
		}
		e := res.Entries[f.Entries[0]]
		if e.File != "" && file != "-" {
			return filepath.Join(filepath.Dir(file), e.File), e.Line
		}
		return name, e.Line
	}

	if o.asJSON {
		// The output names the version it was linted for: findings
		// differ by version.
		out := struct {
			Django     string        `json:"django"`
			Middleware []string      `json:"middleware"`
			Findings   []jsonFinding `json:"findings"`
			// Assumptions are what the reading took as given: each
			// environment variable read and the value used, each import
			// taken as succeeding or failing.
			Assumptions []settingspy.Assumption `json:"assumptions"`
		}{Django: o.django, Middleware: paths, Findings: []jsonFinding{}, Assumptions: res.Assumptions}
		if out.Assumptions == nil {
			out.Assumptions = []settingspy.Assumption{}
		}
		for _, f := range findings {
			_, line := where(f)
			entries := f.Entries
			if entries == nil {
				entries = []int{}
			}
			out.Findings = append(out.Findings, jsonFinding{Rule: f.Rule, Severity: f.Severity, Line: line, Entries: entries, Message: f.Message, Fix: f.Fix})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "lint: %v\n", err)
			return 2
		}
	} else {
		for _, f := range findings {
			file, line := where(f)
			fmt.Fprintf(stdout, "%s:%d: %s %s %s\n", file, line, f.Severity, f.Rule, f.Message)
		}
	}
	if lint.Blocking(findings) {
		return 1
	}
	return 0
}

package settingspy

import (
	"fmt"
	"strings"
)

// Limits besides the budget's: how deep calls and imports nest, and how
// many warnings are worth reading.
const (
	maxCallDepth   = 40
	maxImportDepth = 10
	maxWarnings    = 100
	maxWarningLen  = 300
)

type scope struct {
	vars   map[string]value
	parent *scope // comprehension scopes see the scope they sit in
	// module marks a module namespace, where DEBUG is pinned to the
	// option and where the setting's last binding line is recorded.
	module bool
	binds  map[string]int
}

func newScope(module bool) *scope {
	return &scope{vars: map[string]value{}, module: module, binds: map[string]int{}}
}

type frame struct {
	globals *scope
	locals  *scope
	global  map[string]bool // names a function declared global
	file    string          // "" for the main file, else the imported file, as Entry.File shows it
	pkg     string          // the package of the running module, for relative imports
	fn      bool            // inside a function call: unsupported code makes the call unknown
}

// fileLine is a line of one of the files read.
type fileLine struct {
	file string
	ln   int
}

type interp struct {
	budget
	opts        Options
	main        *scope // the names of the file parsed
	assumed     []Assumption
	assumedSeen map[string]bool
	// debugLines are the statements assigning DEBUG.
	debugLines map[fileLine]bool
	// listed holds the packages the files name in their apps and
	// middleware; tries counts the try blocks being run.
	listed   map[string]bool
	tries    int
	warnings []string
	seen     map[string]bool
	modules  map[string]*moduleV
	// loading holds the modules being imported, one inside the other:
	// its size is how deep imports nest.
	loading   map[string]bool
	callDepth int
	handling  *pyExc // the exception an except block is handling, for bare raise
}

func (in *interp) warn(file string, ln int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	where := fmt.Sprintf("line %d: ", ln)
	if file != "" {
		where = fmt.Sprintf("%s line %d: ", file, ln)
	}
	if len(msg) > maxWarningLen {
		msg = strings.ToValidUTF8(msg[:maxWarningLen], "") + "..."
	}
	w := where + msg
	if in.seen[w] || len(in.warnings) >= maxWarnings {
		return
	}
	in.seen[w] = true
	in.warnings = append(in.warnings, w)
}

func isSettingName(name string) bool { return name == "MIDDLEWARE" || name == "MIDDLEWARE_CLASSES" }

// lookup finds a name as Python does for module code and simple functions:
// local (and enclosing comprehension) scopes, then globals, then builtins.
func (in *interp) lookup(f *frame, name string, ln int) (value, error) {
	if !f.global[name] {
		for sc := f.locals; sc != nil; sc = sc.parent {
			if v, ok := sc.vars[name]; ok {
				return v, nil
			}
		}
	}
	if v, ok := f.globals.vars[name]; ok {
		return v, nil
	}
	if v, ok := builtins[name]; ok {
		return v, nil
	}
	if _, ok := excParents[name]; ok {
		return excClassV{name}, nil
	}
	return nil, &pyExc{class: "NameError", msg: fmt.Sprintf("name '%s' is not defined", name), ln: ln}
}

func (in *interp) setName(f *frame, name string, v value, ln int) error {
	sc := f.locals
	if f.global[name] {
		sc = f.globals
	}
	if sc.module {
		if name == "DEBUG" {
			// --debug reads the file as if DEBUG were what the option says,
			// whatever the file computes.
			in.pinnedDebug(f.file, ln)
			return nil
		}
		if u, ok := v.(unknownV); ok && isSettingName(name) {
			return &unsupported{msg: "cannot evaluate the new value of " + name + " (" + u.why + ")", ln: ln}
		}
		sc.binds[name] = ln
	}
	sc.vars[name] = v
	return nil
}

package settingspy

import (
	"fmt"
	"strconv"
	"strings"
)

// value is a Python value as the evaluator models it. Lists and dicts are
// pointers because Python shares them: `from .base import *` followed by
// MIDDLEWARE.append(...) changes the very list base.py built.
type value any

type (
	strV struct {
		s    string
		ln   int    // line of the literal it came from
		file string // sibling file it came from, "" for the main file
	}
	intV   int64
	floatV float64
	boolV  bool
	noneV  struct{}
	listV  struct{ items []value }
	tupleV struct{ items []value }
	// dictV also models sets (vals nil). Hashing a key (a long string,
	// a nested tuple) is work the file asks for: it draws from b.
	dictV struct {
		keys  []value
		vals  []value
		index map[string]int
		set   bool
		b     *budget
		// environ marks os.environ, whose reads are recorded as
		// assumptions.
		environ bool
	}
	// unknownV is a value the evaluator cannot know (a call into a library
	// it does not model, the file system, ...). Any statement that needs
	// it is skipped.
	unknownV struct {
		why string
		ln  int
	}
	moduleV struct {
		name  string
		attrs map[string]value
		// opaque is a module the reader does not model, imported: it
		// is a module (not None, true), whose attributes are unknown.
		opaque bool
		// modelled is a module of Python or a library the reader models
		// in part: what it leaves out is unknown, not missing.
		modelled bool
	}
	builtinV struct {
		name string
		fn   func(in *interp, c *call) (value, error)
	}
	boundV struct {
		recv value
		name string
	}
	funcV struct {
		def     *defS
		globals *scope
		file    string
		// defaults are evaluated once, when def runs, as in Python.
		defaults []value
	}
	excClassV struct{ name string }
	// suppressV is contextlib.suppress(classes...).
	suppressV struct{ classes []value }
	excV      struct {
		class string
		msg   string
	}
)

// call is what a builtin receives.
type call struct {
	args []value
	kw   map[string]value
	ln   int
	file string
}

func (c *call) arg(i int, name string) (value, bool) {
	if i < len(c.args) {
		return c.args[i], true
	}
	v, ok := c.kw[name]
	return v, ok
}

func typeName(v value) string {
	switch v := v.(type) {
	case strV:
		return "str"
	case intV:
		return "int"
	case floatV:
		return "float"
	case boolV:
		return "bool"
	case noneV:
		return "NoneType"
	case *listV:
		return "list"
	case tupleV:
		return "tuple"
	case *dictV:
		if v.set {
			return "set"
		}
		return "dict"
	case *moduleV:
		return "module"
	case builtinV, boundV, *funcV:
		return "function"
	case excClassV:
		return "type"
	case suppressV:
		return "suppress"
	case excV:
		return v.class
	case *envReader:
		return "Env"
	}
	return "object"
}

// Keys nest a few levels at most; the cap keeps shared nested tuples
// (t = (t, t) in a loop) from costing exponential work.
const maxKeyNodes = 64

// hashKey gives dict and set keys a comparable form; ok is false for
// unhashable or unknown values, and when the work budget is spent.
func hashKey(v value, b *budget) (string, bool) {
	nodes := maxKeyNodes
	return hashKeyW(v, &nodes, b)
}

func hashKeyW(v value, nodes *int, b *budget) (string, bool) {
	*nodes--
	if *nodes < 0 || !b.add(allocUnits) {
		return "", false
	}
	switch v := v.(type) {
	case strV:
		if !b.add(len(v.s) / bytesPerUnit) {
			return "", false
		}
		return "s" + v.s, true
	case intV:
		return "i" + strconv.FormatInt(int64(v), 10), true
	case boolV:
		if v {
			return "i1", true
		}
		return "i0", true
	case floatV:
		if float64(v) == float64(int64(v)) {
			return "i" + strconv.FormatInt(int64(v), 10), true
		}
		return "f" + strconv.FormatFloat(float64(v), 'g', -1, 64), true
	case noneV:
		return "n", true
	case tupleV:
		var out strings.Builder
		out.WriteString("t(")
		for _, it := range v.items {
			k, ok := hashKeyW(it, nodes, b)
			if !ok {
				return "", false
			}
			out.WriteString(strconv.Itoa(len(k)))
			out.WriteByte(':')
			out.WriteString(k)
		}
		// Each level copies the forms of the levels below it.
		if !b.add(out.Len() / bytesPerUnit) {
			return "", false
		}
		return out.String(), true
	}
	return "", false
}

func newDict(set bool, b *budget) *dictV {
	return &dictV{index: map[string]int{}, set: set, b: b}
}

func (d *dictV) get(k value) (value, bool) {
	h, ok := hashKey(k, d.b)
	if !ok {
		return nil, false
	}
	i, ok := d.index[h]
	if !ok {
		return nil, false
	}
	if d.set {
		return d.keys[i], true
	}
	return d.vals[i], true
}

func (d *dictV) put(k, v value) bool {
	h, ok := hashKey(k, d.b)
	if !ok {
		return false
	}
	if i, ok := d.index[h]; ok {
		if !d.set {
			d.vals[i] = v
		}
		return true
	}
	// A new entry: its key and value, its index entry and the key's form.
	if !d.b.hold(4*slotBytes+len(h)) || !d.b.add(allocUnits) {
		return false
	}
	d.index[h] = len(d.keys)
	d.keys = append(d.keys, k)
	if !d.set {
		d.vals = append(d.vals, v)
	}
	return true
}

// update puts src's entries into d: a key d has keeps its place, as in
// Python's dict.update, {**a, **b} and a | b.
func (d *dictV) update(src *dictV) {
	for i, k := range src.keys {
		var v value
		if !src.set {
			v = src.vals[i]
		}
		d.put(k, v)
	}
}

// del costs a few units for each key the dict has: the index is
// renumbered, a map assignment for each.
func (d *dictV) del(k value) bool {
	h, ok := hashKey(k, d.b)
	if !ok || !d.b.add(4*len(d.keys)) {
		return false
	}
	i, ok := d.index[h]
	if !ok {
		return false
	}
	d.keys = append(d.keys[:i:i], d.keys[i+1:]...)
	if !d.set {
		d.vals = append(d.vals[:i:i], d.vals[i+1:]...)
	}
	delete(d.index, h)
	for kh, j := range d.index {
		if j > i {
			d.index[kh] = j - 1
		}
	}
	return true
}

// truth is Python's truthiness; ok is false when the value is unknown.
func truth(v value) (bool, bool) {
	switch v := v.(type) {
	case strV:
		return v.s != "", true
	case intV:
		return v != 0, true
	case floatV:
		return v != 0, true
	case boolV:
		return bool(v), true
	case noneV:
		return false, true
	case *listV:
		return len(v.items) > 0, true
	case tupleV:
		return len(v.items) > 0, true
	case *dictV:
		return len(v.keys) > 0, true
	case *envReader:
		return true, true
	case unknownV:
		return false, false
	}
	return true, true
}

// equal is Python's ==; ok is false when an unknown value is involved or
// the comparison would take more than the evaluator's remaining work
// (each value visited and each bytesPerUnit bytes compared draw from it).
func equal(a, b value, work *budget) (bool, bool) {
	if !work.add(1) {
		return false, false
	}
	if _, u := a.(unknownV); u {
		return false, false
	}
	if _, u := b.(unknownV); u {
		return false, false
	}
	if an, ok := number(a); ok {
		if bn, ok := number(b); ok {
			return an == bn, true
		}
		return false, true
	}
	switch a := a.(type) {
	case strV:
		bs, ok := b.(strV)
		if !ok {
			return false, true
		}
		if !work.add(min(len(a.s), len(bs.s)) / bytesPerUnit) {
			return false, false
		}
		return a.s == bs.s, true
	case noneV:
		_, ok := b.(noneV)
		return ok, true
	case *listV:
		bl, ok := b.(*listV)
		if !ok {
			return false, true
		}
		return equalItems(a.items, bl.items, work)
	case tupleV:
		bt, ok := b.(tupleV)
		if !ok {
			return false, true
		}
		return equalItems(a.items, bt.items, work)
	case *dictV:
		bd, ok := b.(*dictV)
		if !ok || a.set != bd.set || len(a.keys) != len(bd.keys) {
			return false, true
		}
		for i, k := range a.keys {
			bv, found := bd.get(k)
			if !found {
				return false, true
			}
			if !a.set {
				eq, ok := equal(a.vals[i], bv, work)
				if !ok || !eq {
					return eq, ok
				}
			}
		}
		return true, true
	case excClassV:
		bc, ok := b.(excClassV)
		return ok && a.name == bc.name, true
	}
	return a == b, true
}

func equalItems(a, b []value, work *budget) (bool, bool) {
	if len(a) != len(b) {
		return false, true
	}
	for i := range a {
		eq, ok := equal(a[i], b[i], work)
		if !ok || !eq {
			return eq, ok
		}
	}
	return true, true
}

// seqItems is the items of a list or tuple, which read alike.
func seqItems(v value) ([]value, bool) {
	switch v := v.(type) {
	case *listV:
		return v.items, true
	case tupleV:
		return v.items, true
	}
	return nil, false
}

// number converts bools and ints (and floats) for arithmetic comparison.
func number(v value) (float64, bool) {
	switch v := v.(type) {
	case intV:
		return float64(v), true
	case boolV:
		if v {
			return 1, true
		}
		return 0, true
	case floatV:
		return float64(v), true
	}
	return 0, false
}

func asInt(v value) (int64, bool) {
	switch v := v.(type) {
	case intV:
		return int64(v), true
	case boolV:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// pyStr is str(v), for the values whose text is known.
func pyStr(v value) (string, bool) {
	switch v := v.(type) {
	case strV:
		return v.s, true
	case intV:
		return strconv.FormatInt(int64(v), 10), true
	case boolV:
		if v {
			return "True", true
		}
		return "False", true
	case noneV:
		return "None", true
	case floatV:
		f := float64(v)
		if f == float64(int64(f)) && f < 1e16 && f > -1e16 {
			return strconv.FormatFloat(f, 'f', 1, 64), true
		}
		return strconv.FormatFloat(f, 'g', -1, 64), true
	}
	return "", false
}

// repr is used in messages only, so a long string is cut short: a
// message is read, and made again each time a loop raises it.
func repr(v value) string {
	switch v := v.(type) {
	case strV:
		s, more := v.s, ""
		if len(s) > maxReprLen {
			s, more = s[:maxReprLen], "..."
		}
		q := strconv.Quote(s)
		if !strings.ContainsAny(s, `'"`) {
			// As Python shows it.
			q = "'" + q[1:len(q)-1] + "'"
		}
		return q + more
	case unknownV:
		return "<unknown: " + v.why + ">"
	}
	if s, ok := pyStr(v); ok {
		return s
	}
	return "<" + typeName(v) + ">"
}

const maxReprLen = 60

// pyExc is a Python exception: try/except can catch it.
type pyExc struct {
	class string
	msg   string
	ln    int
	file  string
}

func (e *pyExc) Error() string { return e.class + ": " + e.msg }

func raise(class string, format string, args ...any) *pyExc {
	return &pyExc{class: class, msg: fmt.Sprintf(format, args...)}
}

// unsupported means the evaluator cannot run a statement; it is skipped
// (with a warning when it concerns MIDDLEWARE), never caught by except.
type unsupported struct {
	msg string
	ln  int
}

func (e *unsupported) Error() string { return e.msg }

func unsupportedf(format string, args ...any) *unsupported {
	return &unsupported{msg: fmt.Sprintf(format, args...)}
}

// fatal stops evaluation altogether: a work limit was reached, or the
// context was cancelled (cause says which).
type fatal struct {
	msg   string
	ln    int
	cause error
}

func (e *fatal) Error() string { return e.msg }

// Control flow travels as errors so that every statement runner passes it
// up unchanged.
type (
	breakSig    struct{}
	continueSig struct{}
	returnSig   struct{ v value }
)

func (breakSig) Error() string    { return "break outside loop" }
func (continueSig) Error() string { return "continue outside loop" }
func (returnSig) Error() string   { return "return outside function" }

// excParents is the part of Python's exception hierarchy that settings
// files catch.
var excParents = map[string]string{
	"BaseException":             "",
	"Exception":                 "BaseException",
	"ImportError":               "Exception",
	"ModuleNotFoundError":       "ImportError",
	"LookupError":               "Exception",
	"KeyError":                  "LookupError",
	"IndexError":                "LookupError",
	"ValueError":                "Exception",
	"TypeError":                 "Exception",
	"NameError":                 "Exception",
	"AttributeError":            "Exception",
	"ZeroDivisionError":         "ArithmeticError",
	"ArithmeticError":           "Exception",
	"OSError":                   "Exception",
	"IOError":                   "Exception",
	"FileNotFoundError":         "OSError",
	"RuntimeError":              "Exception",
	"RecursionError":            "RuntimeError",
	"NotImplementedError":       "RuntimeError",
	"AssertionError":            "Exception",
	"SyntaxError":               "Exception",
	"ImproperlyConfigured":      "Exception",
	"UndefinedValueError":       "Exception",
	"UnicodeDecodeError":        "ValueError",
	"StopIteration":             "Exception",
	"MemoryError":               "Exception",
	"OverflowError":             "ArithmeticError",
	"KeyboardInterrupt":         "BaseException",
	"SystemExit":                "BaseException",
	"DeprecationWarning":        "Exception",
	"UserWarning":               "Exception",
	"Warning":                   "Exception",
	"EnvironmentError":          "Exception",
	"UnboundLocalError":         "NameError",
	"FloatingPointError":        "ArithmeticError",
	"PermissionError":           "OSError",
	"ConnectionError":           "OSError",
	"TimeoutError":              "OSError",
	"IsADirectoryError":         "OSError",
	"NotADirectoryError":        "OSError",
	"UnicodeError":              "ValueError",
	"UnicodeEncodeError":        "ValueError",
	"BufferError":               "Exception",
	"EOFError":                  "Exception",
	"ReferenceError":            "Exception",
	"SystemError":               "Exception",
	"GeneratorExit":             "BaseException",
	"StopAsyncIteration":        "Exception",
	"ChildProcessError":         "OSError",
	"ProcessLookupError":        "OSError",
	"BlockingIOError":           "OSError",
	"FileExistsError":           "OSError",
	"InterruptedError":          "OSError",
	"BrokenPipeError":           "OSError",
	"ConnectionResetError":      "OSError",
	"ImportWarning":             "Exception",
	"ResourceWarning":           "Exception",
	"FutureWarning":             "Exception",
	"PendingDeprecationWarning": "Exception",
	"RuntimeWarning":            "Exception",
	"SyntaxWarning":             "Exception",
	"UnicodeWarning":            "Exception",
	"BytesWarning":              "Exception",
	"IndentationError":          "SyntaxError",
	"TabError":                  "SyntaxError",
}

func excIsA(class, want string) bool {
	for steps := 0; class != "" && steps < 10; steps++ {
		if class == want {
			return true
		}
		class = excParents[class]
	}
	return false
}

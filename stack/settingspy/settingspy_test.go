package settingspy

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

type expected struct {
	Setting    *string  `json:"setting"`
	Middleware []string `json:"middleware"`
}

func siblingReader(dir string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) }
}

// Every testdata/CASE/NAME.py is compared with the list real Python built
// for it (NAME.expected.json, made by gen_expected.py), with DEBUG False
// and True.
type testdataFile struct {
	name, dir string
	src       []byte
}

func testdataFiles(t *testing.T) []testdataFile {
	t.Helper()
	files, err := filepath.Glob("testdata/*/*.py")
	if err != nil {
		t.Fatal(err)
	}
	var out []testdataFile
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, testdataFile{name: f, dir: filepath.Dir(f), src: src})
	}
	return out
}

func TestParseMatchesPython(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.py")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found %d settings files in testdata, want at least 10", len(files))
	}
	cases := map[string]bool{}
	for _, file := range files {
		cases[filepath.Dir(file)] = true
		want := map[string]expected{}
		raw, err := os.ReadFile(strings.TrimSuffix(file, ".py") + ".expected.json")
		if err != nil {
			t.Fatalf("%s: %v (run gen_expected.py)", file, err)
		}
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for key, debug := range map[string]bool{"debug_false": false, "debug_true": true} {
			exp, ok := want[key]
			if !ok {
				t.Fatalf("%s: expected JSON lacks %s", file, key)
			}
			res, err := Parse(t.Context(), src, Options{Debug: debug, Filename: file, ReadSibling: siblingReader(filepath.Dir(file))})
			if exp.Setting == nil {
				if !errors.Is(err, ErrNoMiddleware) {
					t.Errorf("%s (%s): got %v, %v; want ErrNoMiddleware", file, key, res, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s (%s): %v", file, key, err)
				continue
			}
			if res.Setting != *exp.Setting {
				t.Errorf("%s (%s): setting %s, want %s", file, key, res.Setting, *exp.Setting)
			}
			if got := res.Paths(); !reflect.DeepEqual(got, exp.Middleware) {
				t.Errorf("%s (%s):\n got %q\nwant %q", file, key, got, exp.Middleware)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("%s (%s): unexpected warnings %q", file, key, res.Warnings)
			}
		}
	}
	if len(cases) < 10 {
		t.Errorf("testdata has %d cases, want at least 10 shapes", len(cases))
	}
}

func parse(t *testing.T, src string, opts Options) *Result {
	t.Helper()
	res, err := Parse(t.Context(), []byte(src), opts)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, src)
	}
	return res
}

func TestEntryLinesAndFiles(t *testing.T) {
	base := "X = 1\nMIDDLEWARE = [\n    'a.A',\n    'b.B',\n]\n"
	src := "from .base import *\n\nMIDDLEWARE += [\n  'c.C',\n]\nMIDDLEWARE.insert(0, (\n  'd.D'))\n"
	res := parse(t, src, Options{ReadSibling: func(name string) ([]byte, error) {
		if name == "base.py" {
			return []byte(base), nil
		}
		return nil, os.ErrNotExist
	}})
	want := []Entry{{"d.D", 7, ""}, {"a.A", 3, "base.py"}, {"b.B", 4, "base.py"}, {"c.C", 4, ""}}
	if !reflect.DeepEqual(res.Entries, want) {
		t.Errorf("entries %+v, want %+v", res.Entries, want)
	}
	if res.Line != 3 {
		t.Errorf("Line %d, want 3 (the += that last bound MIDDLEWARE)", res.Line)
	}
}

func TestEnvironment(t *testing.T) {
	src := `
import os
MIDDLEWARE = []
if os.environ.get('USE_CORS', 'no') == 'yes':
    MIDDLEWARE.append('corsheaders.middleware.CorsMiddleware')
if 'SENTRY' in os.environ:
    MIDDLEWARE.append('sentry.M')
MIDDLEWARE.append(os.getenv('EXTRA', 'default.Extra'))
`
	res := parse(t, src, Options{})
	if got := res.Paths(); !reflect.DeepEqual(got, []string{"default.Extra"}) {
		t.Errorf("empty environment: %q", got)
	}
	res = parse(t, src, Options{Env: map[string]string{"USE_CORS": "yes", "SENTRY": "1", "EXTRA": "env.Extra"}})
	if got := res.Paths(); !reflect.DeepEqual(got, []string{"corsheaders.middleware.CorsMiddleware", "sentry.M", "env.Extra"}) {
		t.Errorf("with environment: %q", got)
	}
	if res.Entries[2].Line != 8 {
		t.Errorf("an entry from the environment has line %d, want the call's line 8", res.Entries[2].Line)
	}
}

func TestDebugIsPinned(t *testing.T) {
	src := "DEBUG = True\nMIDDLEWARE = ['a.A'] + (['toolbar.T'] if DEBUG else [])\n"
	if got := parse(t, src, Options{}).Paths(); !reflect.DeepEqual(got, []string{"a.A"}) {
		t.Errorf("DEBUG=False: %q", got)
	}
	if got := parse(t, src, Options{Debug: true}).Paths(); !reflect.DeepEqual(got, []string{"a.A", "toolbar.T"}) {
		t.Errorf("DEBUG=True: %q", got)
	}
}

func TestSettingsAreReported(t *testing.T) {
	src := "CSRF_USE_SESSIONS = True\nSECURE_HSTS_SECONDS = 3600\nINSTALLED_APPS = ('django.contrib.admin',)\nX_FRAME_OPTIONS = 'SAMEORIGIN'\nMIDDLEWARE = []\nhelper = 1\n" +
		"LANGUAGES = [('en', 'English'), ['fr', 'French']]\nDEEP = [[['x']]]\n"
	res := parse(t, src, Options{})
	want := map[string]any{"LANGUAGES": []any{[]any{"en", "English"}, []any{"fr", "French"}}, "CSRF_USE_SESSIONS": true, "SECURE_HSTS_SECONDS": 3600, "INSTALLED_APPS": []any{"django.contrib.admin"}, "X_FRAME_OPTIONS": "SAMEORIGIN", "DEBUG": false}
	if !reflect.DeepEqual(res.Settings, want) {
		t.Errorf("settings %#v, want %#v", res.Settings, want)
	}
}

func TestWarningsForWhatCannotBeEvaluated(t *testing.T) {
	src := `
import some_library
MIDDLEWARE = ['a.A']
MIDDLEWARE += some_library.extra_middleware()
if some_library.enabled():
    MIDDLEWARE.append('b.B')
MIDDLEWARE.append(some_library.path)
with open('x') as f:
    MIDDLEWARE.append('c.C')
CACHES = some_library.caches()
`
	res := parse(t, src, Options{})
	if got := res.Paths(); !reflect.DeepEqual(got, []string{"a.A"}) {
		t.Errorf("paths %q", got)
	}
	joined := strings.Join(res.Warnings, "\n")
	for _, want := range []string{"line 4:", "line 5:", "taken as false", "line 7:", "left out", "line 8:"} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "line 10") {
		t.Errorf("a statement that does not touch MIDDLEWARE got a warning:\n%s", joined)
	}
}

func TestUncaughtExceptionIsAWarning(t *testing.T) {
	src := "import os\nSECRET_KEY = os.environ['SECRET_KEY']\nMIDDLEWARE = ['a.A']\nMIDDLEWARE.remove('zzz')\n"
	res := parse(t, src, Options{})
	if got := res.Paths(); !reflect.DeepEqual(got, []string{"a.A"}) {
		t.Errorf("paths %q", got)
	}
	if len(res.Warnings) != 2 || !strings.HasPrefix(res.Warnings[0], "line 2: KeyError") || !strings.HasPrefix(res.Warnings[1], "line 4: ValueError") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

func TestSyntaxErrorInOneStatementIsSkipped(t *testing.T) {
	src := "MIDDLEWARE = ['a.A']\nif (x := 3):\n    MIDDLEWARE.append('b.B')\nMIDDLEWARE.append('c.C')\n"
	res := parse(t, src, Options{})
	if got := res.Paths(); !reflect.DeepEqual(got, []string{"a.A", "c.C"}) {
		t.Errorf("paths %q", got)
	}
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0], "line 2:") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		noMW      bool
	}{
		{name: "no setting", src: "DEBUG = True\nX = [1]\n", noMW: true},
		{name: "empty", src: "", noMW: true},
		{name: "unterminated string", src: "MIDDLEWARE = [\n'a.A',\n'b.B\n]\n", line: 3},
		{name: "unclosed bracket", src: "X = 1\nMIDDLEWARE = [\n'a.A',\n", line: 2},
		{name: "bad dedent", src: "if True:\n        X = 1\n    Y = 2\nMIDDLEWARE=[]\n", line: 3},
		{name: "not a list", src: "MIDDLEWARE = {'a': 1}\n", line: 1},
		{name: "too large", src: strings.Repeat("#", maxInput+1), line: 1},
		{name: "endless loop", src: "MIDDLEWARE = []\nwhile True:\n    pass\n"},
		{name: "huge list", src: "MIDDLEWARE = ['a.A']\nfor i in range(40):\n    MIDDLEWARE = MIDDLEWARE + MIDDLEWARE\n"},
	}
	for _, c := range cases {
		res, err := Parse(t.Context(), []byte(c.src), Options{})
		if c.noMW {
			if !errors.Is(err, ErrNoMiddleware) {
				t.Errorf("%s: got %v, %v; want ErrNoMiddleware", c.name, res, err)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: got %v, %v; want a ParseError", c.name, res, err)
			continue
		}
		if c.line != 0 && pe.Line != c.line {
			t.Errorf("%s: error on line %d, want %d (%v)", c.name, pe.Line, c.line, pe)
		}
		if !strings.HasPrefix(pe.Error(), "line ") {
			t.Errorf("%s: error text %q", c.name, pe.Error())
		}
	}
}

func TestPythonDetails(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"list aliasing", "A = ['a.A']\nMIDDLEWARE = A\nA.append('b.B')\n", []string{"a.A", "b.B"}},
		{"plus makes a copy", "A = ['a.A']\nMIDDLEWARE = A + []\nA.append('b.B')\n", []string{"a.A"}},
		{"tuple plus equals", "MIDDLEWARE = ('a.A',)\nMIDDLEWARE += ('b.B',)\n", []string{"a.A", "b.B"}},
		{"list plus equals tuple", "MIDDLEWARE = ['a.A']\nMIDDLEWARE += ('b.B',)\n", []string{"a.A", "b.B"}},
		{"negative insert", "MIDDLEWARE = ['a', 'b', 'c']\nMIDDLEWARE.insert(-1, 'x')\nMIDDLEWARE.insert(-99, 'y')\n", []string{"y", "a", "b", "x", "c"}},
		{"slices", "M = ['a', 'b', 'c', 'd']\nMIDDLEWARE = M[1:3] + M[-1:] + M[::-2]\n", []string{"b", "c", "d", "d", "b"}},
		{"slice assignment", "MIDDLEWARE = ['a', 'c']\nMIDDLEWARE[1:1] = ['b']\n", []string{"a", "b", "c"}},
		{"elif chain", "X = 3\nif X == 1:\n  MIDDLEWARE = ['one']\nelif X > 2 and X < 4:\n  MIDDLEWARE = ['three']\nelse:\n  MIDDLEWARE = ['other']\n", []string{"three"}},
		{"not in", "A = ['a']\nMIDDLEWARE = ['x'] if 'b' not in A else []\n", []string{"x"}},
		{"dict lookup", "D = {'k': ['a.A']}\nMIDDLEWARE = D['k'] + D.get('z', ['z.Z'])\n", []string{"a.A", "z.Z"}},
		{"string methods", "P = 'Django.Middleware'\nMIDDLEWARE = [P.lower() + '.x', ','.join(['a', 'b']), 'a,b'.split(',')[1]]\n", []string{"django.middleware.x", "a,b", "b"}},
		{"raw and escapes", "MIDDLEWARE = [r'a\\b', 'c\\td', '''e\nf''', \"g\\\nh\"]\n", []string{`a\b`, "c\td", "e\nf", "gh"}},
		{"f-string literal", "MIDDLEWARE = [f'a.{{B}}', F\"c.D\"]\n", []string{"a.{B}", "c.D"}},
		{"unpacking", "a, *rest = ['x', 'y', 'z']\nMIDDLEWARE = rest + [a]\n", []string{"y", "z", "x"}},
		{"legacy only", "MIDDLEWARE = None\nMIDDLEWARE_CLASSES = ('old.M',)\n", []string{"old.M"}},
		{"star import skips private names", "MIDDLEWARE = []\ntry:\n    _X\nexcept NameError:\n    MIDDLEWARE.append('ok')\n", []string{"ok"}},
		{"nested function", "def f(items, extra=None):\n    out = list(items)\n    if extra:\n        out.extend(extra)\n    return out\nMIDDLEWARE = f(['a'], extra=('b',))\n", []string{"a", "b"}},
		{"global in function", "MIDDLEWARE = []\ndef add(x):\n    global MIDDLEWARE\n    MIDDLEWARE = MIDDLEWARE + [x]\nadd('a')\nadd('b')\n", []string{"a", "b"}},
		{"sorted and set", "MIDDLEWARE = sorted({'b', 'a', 'b'})\n", []string{"a", "b"}},
		{"finally runs", "MIDDLEWARE = []\ntry:\n    raise ValueError('x')\nexcept KeyError:\n    MIDDLEWARE.append('wrong')\nexcept (TypeError, ValueError) as e:\n    MIDDLEWARE.append('right')\nfinally:\n    MIDDLEWARE.append('finally')\n", []string{"right", "finally"}},
		{"del", "MIDDLEWARE = ['a', 'b', 'c']\ndel MIDDLEWARE[1]\ndel MIDDLEWARE[-1:]\n", []string{"a"}},
		{"semicolons and pass", "MIDDLEWARE = []; MIDDLEWARE.append('a'); pass\n", []string{"a"}},
		{"absolute import of sibling", "from project.settings.base import *\nMIDDLEWARE = MIDDLEWARE + ['b']\n", []string{"a", "b"}},
	}
	for _, c := range cases {
		res, err := Parse(t.Context(), []byte(c.src), Options{ReadSibling: func(name string) ([]byte, error) {
			if name == "base.py" {
				return []byte("MIDDLEWARE = ['a']\n"), nil
			}
			return nil, os.ErrNotExist
		}})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := res.Paths(); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q, want %q (warnings %q)", c.name, got, c.want, res.Warnings)
		}
	}
}

// Inputs built to make the evaluator work hard end with a result or with
// ErrTooMuchWork, never an internal error. (How fast they end is measured
// by BenchmarkBudgetRunsOut.)
func TestBoundedWork(t *testing.T) {
	srcs := []string{
		"t = 'x'\nfor i in range(60):\n    t = (t, t)\nL = [t] * 1000\nMIDDLEWARE = []\nfor i in range(3000):\n    MIDDLEWARE.append(str(L.index(t)))\n",
		"t = 1\nfor i in range(60):\n    t = (t, t)\nD = {t: 1}\nMIDDLEWARE = [t == t]\n",
		"D = {i: i for i in range(90000)}\nfor k in list(D):\n    del D[k]\nMIDDLEWARE = []\n",
		"MIDDLEWARE = []\nfor i in range(99999):\n    MIDDLEWARE.append('a')\n",
		"s = 'ab' * 400000\nMIDDLEWARE = [s.replace('a', 'aaaaaaaa')]\n",
		"def f(n):\n    return f(n + 1) + f(n + 2)\nMIDDLEWARE = [f(0)]\n",
		strings.Repeat("(", 150) + strings.Repeat(")", 150) + "\nMIDDLEWARE = []\n",
		strings.Repeat("if True:\n", 1) + strings.Repeat(" ", 4) + "MIDDLEWARE = [" + strings.Repeat("[", 180) + strings.Repeat("]", 180) + "]\n",
	}
	for i, src := range srcs {
		_, err := Parse(t.Context(), []byte(src), Options{})
		var pe *ParseError
		if errors.As(err, &pe) && strings.Contains(pe.Msg, "internal error") {
			t.Errorf("input %d: %v", i, err)
		}
	}
}

func TestCircularImportDoesNotLoop(t *testing.T) {
	files := map[string]string{
		"a.py": "from .b import *\nMIDDLEWARE = ['a']\n",
		"b.py": "from .a import *\n",
	}
	res, err := Parse(t.Context(), []byte("from .a import *\n"), Options{ReadSibling: func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Paths(); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("paths %q", got)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.py")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err == nil {
			f.Add(src, false)
		}
	}
	f.Add([]byte("MIDDLEWARE = [*A, 'x'][::-1]\nwhile 1: MIDDLEWARE += MIDDLEWARE\n"), true)
	f.Add([]byte("def f(x): return f(x)\nMIDDLEWARE = f(1)\n"), false)
	f.Add([]byte("MIDDLEWARE = ((((((((((((['a']))))))))))))\n"), false)
	f.Fuzz(func(t *testing.T, src []byte, debug bool) {
		res, err := Parse(t.Context(), src, Options{Debug: debug, ReadSibling: func(name string) ([]byte, error) {
			if name == "base.py" {
				return src, nil
			}
			return nil, os.ErrNotExist
		}})
		var pe *ParseError
		if errors.As(err, &pe) && strings.Contains(pe.Msg, "internal error") {
			t.Fatalf("Parse failed internally: %v", err)
		}
		if err == nil && res == nil {
			t.Fatal("nil result without error")
		}
	})
}

// TestWarningInSiblingFunction checks that an exception raised inside a
// function another file defines is reported at that file and line, not
// at that line of the file that called it.
func TestWarningInSiblingFunction(t *testing.T) {
	base := "import os\ndef secret():\n    return os.environ['SECRET']\n"
	src := "from .base import *\n\nMIDDLEWARE = ['a.A']\n\n\nKEY = secret()\n"
	res := parse(t, src, Options{ReadSibling: func(name string) ([]byte, error) {
		if name == "base.py" {
			return []byte(base), nil
		}
		return nil, os.ErrNotExist
	}})
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0], "base.py line 3: KeyError") {
		t.Errorf("warnings %q, want one at base.py line 3", res.Warnings)
	}
}

func TestMoreBuiltins(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"min and max", "N = min(3, 1, 2) + max([4, 9, 5]) + min((), default=0) + abs(-2)\nMIDDLEWARE = ['a'] * N\n", []string{"a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a"}},
		{"min of strings", "MIDDLEWARE = [min('b.B', 'a.A'), max(['x.X', 'y.Y'])]\n", []string{"a.A", "y.Y"}},
		{"zip", "MIDDLEWARE = [a + b for a, b in zip(['a.', 'b.'], ['A', 'B', 'C'])]\n", []string{"a.A", "b.B"}},
		{"join of unknowns is unknown", "import random\nKEY = ''.join([random.choice('ab') for i in range(5)])\nMIDDLEWARE = ['a.A']\n", []string{"a.A"}},
	}
	for _, c := range cases {
		res := parse(t, c.src, Options{})
		if got := res.Paths(); !reflect.DeepEqual(got, c.want) || len(res.Warnings) > 0 {
			t.Errorf("%s: got %q, want %q (warnings %q)", c.name, got, c.want, res.Warnings)
		}
	}
}

// What a modelled module leaves out is unknown, not an AttributeError that
// would skip the statement; an exception of django.core.exceptions is one.
func TestModelledModulesAreIncomplete(t *testing.T) {
	src := `import os, sys
from django.core.exceptions import ImproperlyConfigured, ValidationError
ROOT = os.path.normpath('/x')
MIDDLEWARE = ['a.A']
if sys.version_info >= (3, 10):
    MIDDLEWARE.append('new.Python')
try:
    raise ValidationError('x')
except ValidationError:
    MIDDLEWARE.append('caught.V')
MIDDLEWARE += sum([['s.S'], ['t.T']], [])
`
	res := parse(t, src, Options{})
	if got := res.Paths(); !reflect.DeepEqual(got, []string{"a.A", "caught.V", "s.S", "t.T"}) {
		t.Errorf("paths %q", got)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "sys.version_info is not modelled") {
		t.Errorf("warnings %q, want one for the condition on sys.version_info", res.Warnings)
	}
}

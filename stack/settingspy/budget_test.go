package settingspy

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// pasteBomb is the 113-byte settings.py of the hardening issue: a
// 300,000-character string replaced inside two nested loops. Each line
// alone is cheap; together they ask for 300 GB of copying.
const pasteBomb = "s = 'a' * 300000\nMIDDLEWARE = []\nfor i in range(1000):\n    for j in range(1000):\n        s = s.replace('a', 'a')\n"

// wantTooMuchWork checks that src is refused by the budget, at one of
// lines (any line when there are none), with a message that says so in
// plain words.
func wantTooMuchWork(t *testing.T, name, src string, lines ...int) {
	t.Helper()
	res, err := Parse(t.Context(), []byte(src), Options{})
	if !errors.Is(err, ErrTooMuchWork) {
		t.Errorf("%s: got %v, %v; want ErrTooMuchWork", name, res, err)
		return
	}
	var pe *ParseError
	if !errors.As(err, &pe) || !strings.Contains(pe.Msg, "does too much work to be read without running it") {
		t.Errorf("%s: error %q does not say the file does too much work", name, err)
		return
	}
	if len(lines) > 0 && !slices.Contains(lines, pe.Line) {
		t.Errorf("%s: stopped at line %d, want one of %v (%v)", name, pe.Line, lines, err)
	}
}

func TestPasteBombIsCutOff(t *testing.T) {
	if len(pasteBomb) != 113 {
		t.Fatalf("the bomb is %d bytes, want the issue's 113", len(pasteBomb))
	}
	wantTooMuchWork(t, "paste bomb", pasteBomb, 5)
}

func TestEndlessLoopsAreCutOff(t *testing.T) {
	cases := []struct {
		name, src string
		lines     []int
	}{
		{"while at module level", "MIDDLEWARE = []\nwhile True:\n    pass\n", []int{2, 3}},
		{"while in a function", "def f():\n    n = 0\n    while n >= 0:\n        n += 1\n    return n\nMIDDLEWARE = [f()]\n", []int{3, 4}},
		{"recursion caught at every level", "def f(n):\n    for i in range(1000):\n        try:\n            f(n + 1)\n        except RecursionError:\n            pass\nf(0)\nMIDDLEWARE = []\n", []int{2, 4, 6}},
	}
	for _, c := range cases {
		wantTooMuchWork(t, c.name, c.src, c.lines...)
	}
}

// Each program does one kind of work a bounded number of times, in a
// loop of at most a thousand steps, so only what the work itself draws
// from the budget can refuse it. Without that, every one of them is read
// (slowly) to the end.
func TestEveryKindOfWorkDrawsFromTheBudget(t *testing.T) {
	cases := map[string]string{
		"str.replace":        "s = 'a' * 300000\nfor i in range(300):\n    s.replace('a', 'b')\n",
		"str.split":          "s = 'a,' * 50000\nfor i in range(300):\n    s.split(',')\n",
		"str.join":           "L = ['abc'] * 50000\nfor i in range(300):\n    ','.join(L)\n",
		"str.upper":          "s = 'a' * 300000\nfor i in range(1000):\n    s.upper()\n",
		"str.startswith":     "s = 'a' * 300000\nfor i in range(1000):\n    s.startswith(s)\n",
		"in a string":        "s = 'a' * 300000\nfor i in range(1000):\n    'b' in s\n",
		"in a list":          "L = [0] * 100000\nfor i in range(1000):\n    1 in L\n",
		"list.index":         "L = [0] * 100000\nfor i in range(1000):\n    L.count(1)\n",
		"string ==":          "s = 'a' * 300000\nt = 'a' * 300000\nfor i in range(1000):\n    s == t\n",
		"string <":           "s = 'a' * 300000\nt = 'a' * 300000\nfor i in range(1000):\n    s < t\n",
		"hashing a key":      "s = 'a' * 300000\nD = {}\nfor i in range(1000):\n    D.get(s)\n",
		"string slice":       "s = 'a' * 300000\nfor i in range(1000):\n    s[::-1]\n",
		"list slice":         "L = [0] * 100000\nfor i in range(1000):\n    L[::2]\n",
		"string times int":   "for i in range(1000):\n    'ab' * 100000\n",
		"list times int":     "for i in range(1000):\n    [0] * 50000\n",
		"list plus list":     "L = [0] * 50000\nfor i in range(1000):\n    L + L\n",
		"string plus string": "s = 'a' * 300000\nfor i in range(1000):\n    s + s\n",
		"comprehension":      "for i in range(1000):\n    [x for x in range(1000)]\n",
		"sorted":             "L = list(range(50000))\nfor i in range(100):\n    sorted(L)\n",
		"len of a string":    "s = 'a' * 300000\nfor i in range(1000):\n    len(s)\n",
		"iterating a string": "s = 'a' * 50000\nfor i in range(1000):\n    list(s)\n",
		"dict.keys":          "D = {i: i for i in range(50000)}\nfor i in range(1000):\n    D.keys()\n",
		"del from a dict":    "D = {i: i for i in range(50000)}\nfor i in range(1000):\n    del D[i]\n",
		"os.path.join":       "import os\ns = 'a' * 300000\nfor i in range(1000):\n    os.path.join(s, s)\n",
		"three nested loops": "for i in range(1000):\n    for j in range(1000):\n        for k in range(1000):\n            pass\n",
	}
	for name, src := range cases {
		wantTooMuchWork(t, name, src+"MIDDLEWARE = []\n")
	}
}

// What the file builds is capped in all, not only value by value.
func TestBuiltValuesAreCappedInAll(t *testing.T) {
	src := "L = []\nfor i in range(100):\n    L.append('x' * 1000000)\nMIDDLEWARE = []\n"
	wantTooMuchWork(t, "a hundred 1 MB strings", src, 3)
	_, err := Parse(t.Context(), []byte(src), Options{})
	if err == nil || !strings.Contains(err.Error(), "add up to more than 16 MB") {
		t.Errorf("error %v does not name the total", err)
	}
	wantTooMuchWork(t, "a 2 MB string", "s = 'x' * 2000000\nMIDDLEWARE = []\n", 1)
	wantTooMuchWork(t, "a replace that would make 1 TB", "s = 'a' * 1000000\nt = s.replace('a', s)\nMIDDLEWARE = []\n", 2)
	wantTooMuchWork(t, "a join that would make 100 GB", "s = 'a' * 1000000\nL = [s] * 100000\nt = ''.join(L)\nMIDDLEWARE = []\n", 3)
}

func TestCancelledContextStopsTheEvaluation(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := Parse(ctx, []byte("MIDDLEWARE = []\nwhile True:\n    pass\n"), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line < 2 || !strings.Contains(pe.Msg, "stopped before it finished") {
		t.Errorf("error %v", err)
	}
	// A file that needs less work than one look at the context is read
	// whatever the context says: settings files finish long before.
	if _, err := Parse(ctx, []byte("MIDDLEWARE = ['a.A']\n"), Options{}); err != nil {
		t.Errorf("a short file: %v", err)
	}
}

// The budget must leave real settings files far behind: each file of
// testdata uses a small part of it.
func TestRealFilesUseLittleOfTheBudget(t *testing.T) {
	for _, file := range testdataFiles(t) {
		in, err := evaluate(t.Context(), file.src, Options{Debug: true, ReadSibling: siblingReader(file.dir)})
		if err != nil {
			t.Fatalf("%s: %v", file.name, err)
		}
		if in.used > maxWork/100 || in.built > maxBuilt/100 {
			t.Errorf("%s used %d units and built %d bytes: the budget (%d, %d) is too tight for real files", file.name, in.used, in.built, maxWork, maxBuilt)
		}
	}
}

func BenchmarkBudgetRunsOut(b *testing.B) {
	for name, src := range map[string]string{
		"paste bomb":   pasteBomb,
		"endless loop": "MIDDLEWARE = []\nwhile True:\n    pass\n",
		"endless call": "def f():\n    return [1, 2, 3]\nwhile True:\n    f()\n",
		"dict churn":   "D = {}\ni = 0\nwhile True:\n    D[i] = i\n    i += 1\n",
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(b.Context(), []byte(src), Options{}); !errors.Is(err, ErrTooMuchWork) {
					b.Fatal(err)
				}
			}
		})
	}
}

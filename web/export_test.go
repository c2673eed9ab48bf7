package web

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/exercises"
	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/stack/lint"
)

// exportOf is what the page sends to the export after a paste.
func exportOf(a *pasteAnswer) exportInput {
	in := exportInput{Middleware: a.Middleware, Settings: a.Settings, Debug: a.Debug, When: map[string]string{}, Absent: a.Absent}
	for _, e := range a.Entries {
		if e.When != "" {
			in.When[e.Path] = e.When
		}
	}
	return in
}

// roundTrip exports in, pastes the export back as a run with DEBUG = debug
// and checks the stack, the other run's stack and the settings survive.
func roundTrip(t *testing.T, name string, in exportInput, wantOther []string) string {
	t.Helper()
	text := exportSettingsPy(in)
	back, err := readPaste(t.Context(), []byte(text), in.Debug, nil)
	if err != nil {
		t.Fatalf("%s: the export does not paste back: %v\n%s", name, err, text)
	}
	if !slices.Equal(back.Middleware, in.Middleware) {
		t.Errorf("%s: stack after the round trip\n%q\nwant\n%q\n%s", name, back.Middleware, in.Middleware, text)
	}
	if !sameJSON(back.Settings, nonDefault(in.Settings, in.Debug)) {
		t.Errorf("%s: settings after the round trip %v, want %v\n%s", name, back.Settings, in.Settings, text)
	}
	other, err := readPaste(t.Context(), []byte(text), !in.Debug, nil)
	if err != nil {
		t.Fatalf("%s: the export does not paste back with DEBUG = %v: %v", name, !in.Debug, err)
	}
	if wantOther != nil && !slices.Equal(other.Middleware, wantOther) {
		t.Errorf("%s: the DEBUG = %v stack after the round trip\n%q\nwant\n%q\n%s", name, !in.Debug, other.Middleware, wantOther, text)
	}
	checkComments(t, name, text, in.Settings)
	return text
}

// nonDefault is settings as a paste gives them: without the values equal
// to the playground's defaults, with DEBUG as the file was read.
func nonDefault(settings map[string]any, debug bool) map[string]any {
	out := map[string]any{}
	for _, s := range stack.KnownSettings() {
		if v, ok := settings[s.Name]; ok && s.Name != "DEBUG" && !sameJSON(jsonValue(v), jsonValue(s.Default)) {
			out[s.Name] = jsonValue(v)
		}
	}
	if debug {
		out["DEBUG"] = true
	}
	return out
}

var (
	entryLine = regexp.MustCompile(`^\s+(?:MIDDLEWARE\.insert\((?:0|MIDDLEWARE\.index\("[^"]*"\)), )?"([^"]+)"\)?,?  # (.*)$`)
	claim     = regexp.MustCompile(`^(✗ must be )?(below|above) ([A-Za-z_][A-Za-z0-9_]*) \(`)
	blockHead = regexp.MustCompile(`^if (not )?DEBUG:$`)
)

// checkComments reads every entry's comment back and checks it against
// the stack it is about: a ✗ exactly where the rules find a broken place,
// and every "below X" / "above X" true of that stack.
func checkComments(t *testing.T, name, text string, settings map[string]any) {
	t.Helper()
	for _, debug := range []bool{false, true} {
		a, err := readPaste(t.Context(), []byte(text), debug, nil)
		if err != nil {
			t.Fatal(err)
		}
		mw := a.Middleware
		findings := lint.Check(mw, lint.Config{Debug: debug, Settings: settings})
		claims, checked := 0, 0
		block := "" // the block being read: "", "DEBUG" or "not DEBUG"
		idx := map[string]int{}
		for i, p := range mw {
			if _, dup := idx[p]; !dup {
				idx[p] = i
			}
		}
		for _, line := range strings.Split(text, "\n") {
			if m := blockHead.FindStringSubmatch(line); m != nil {
				block = strings.TrimSuffix(line[3:], ":")
				continue
			}
			m := entryLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			if block == whenDebug && !debug || block == whenNotDebug && debug {
				continue // that entry is not in this run
			}
			path, comment := m[1], m[2]
			// A comment with each run's reasons: this run's half.
			if on, off, split := strings.Cut(strings.TrimPrefix(comment, "with DEBUG: "), debugSplit); split {
				comment = off
				if debug {
					comment = on
				}
			}
			i, ok := idx[path]
			if !ok {
				t.Errorf("%s: %s is exported but not read back", name, path)
				continue
			}
			checked++
			brokenHere := false
			for _, f := range findings {
				if len(f.Entries) > 1 && !allSame(mw, f.Entries) && slices.Contains(f.Entries, i) {
					brokenHere = true
				}
			}
			if strings.Contains(comment, "✗ must be") != brokenHere {
				t.Errorf("%s (DEBUG=%v): %s: comment %q, but a rule about its place with another entry is broken: %v", name, debug, path, comment, brokenHere)
			}
			for _, part := range strings.Split(comment, "; ") {
				c := claim.FindStringSubmatch(part)
				if c == nil {
					continue
				}
				j := slices.IndexFunc(mw, func(p string) bool { return stack.ClassName(p) == c[3] })
				if j < 0 {
					t.Errorf("%s: %s's comment names %s, which is not in the stack: %q", name, path, c[3], comment)
					continue
				}
				isBelow := i > j
				where := "above"
				if isBelow {
					where = "below"
				}
				wantBelow := c[2] == "below"
				if c[1] != "" {
					wantBelow = !wantBelow // "must be below X": it is above X now
				}
				if isBelow != wantBelow {
					t.Errorf("%s (DEBUG=%v): %s's comment %q contradicts the stack: it is %s %s", name, debug, path, comment, where, c[3])
				}
				claims++
			}
		}
		if checked != len(mw) {
			t.Errorf("%s (DEBUG=%v): %d commented entries read back, the stack has %d:\n%s", name, debug, checked, len(mw), text)
		}
		totalClaims += claims
	}
}

// allSame says the entries are all the same middleware, listed again.
func allSame(mw []string, entries []int) bool {
	for _, i := range entries {
		if mw[i] != mw[entries[0]] {
			return false
		}
	}
	return true
}

// totalClaims counts the place claims checkComments read, so a format
// change that hides them from it cannot pass unnoticed.
var totalClaims int

func TestExportRoundTripCorpus(t *testing.T) {
	files, err := filepath.Glob("../stack/settingspy/testdata/*/*.py")
	if err != nil || len(files) < 10 {
		t.Fatalf("corpus: %v, %d files", err, len(files))
	}
	read, conditional := 0, 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, debug := range []bool{false, true} {
			a, err := readPaste(t.Context(), src, debug, nil)
			if err != nil {
				continue // a file that needs its siblings: the paste says why
			}
			read++
			other, err := readPaste(t.Context(), src, !debug, nil)
			var wantOther []string
			if err == nil {
				wantOther = other.Middleware
			}
			text := roundTrip(t, f, exportOf(a), wantOther)
			if len(a.Absent) > 0 || slices.ContainsFunc(a.Entries, func(e pasteEntry) bool { return e.When != "" }) {
				conditional++
				if !strings.Contains(text, "\nif DEBUG:\n") && !strings.Contains(text, "\nif not DEBUG:\n") {
					t.Errorf("%s: conditional entries, but no conditional block:\n%s", f, text)
				}
			}
		}
	}
	if read < 2*len(files)/2 || conditional == 0 {
		t.Errorf("only %d of %d readings pasted, %d with DEBUG conditions: the corpus proves little", read, 2*len(files), conditional)
	}
}

func TestExportRoundTripStacks(t *testing.T) {
	set, err := exercises.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	type named struct {
		name     string
		mw       []string
		settings map[string]any
	}
	var cases []named
	for _, ex := range set.List() {
		cases = append(cases, named{ex.ID + " start", ex.Middleware, ex.Settings})
		sc, err := ex.Scenario(ex.Solutions[0].Attempt())
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, named{ex.ID + " solution", sc.Middleware, sc.Settings})
	}
	// The conformance scenarios are the lint tests' fixtures.
	files, _ := filepath.Glob("../stack/testdata/conformance/scenarios/*.json")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var sc stack.Scenario
		if err := json.Unmarshal(b, &sc); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, named{filepath.Base(f), sc.Middleware, sc.Settings})
	}
	if len(cases) < 50 {
		t.Fatalf("%d stacks", len(cases))
	}
	claimsBefore := totalClaims
	defer func() {
		if totalClaims-claimsBefore < 10*len(cases) {
			t.Errorf("only %d place claims read from %d exports", totalClaims-claimsBefore, len(cases))
		}
	}()
	for _, c := range cases {
		debug, _ := c.settings["DEBUG"].(bool)
		settings := map[string]any{}
		for k, v := range c.settings {
			settings[k] = jsonValue(v)
		}
		roundTrip(t, c.name, exportInput{Middleware: c.mw, Settings: settings, Debug: debug}, c.mw)
	}
}

// TestExportAuthAboveSession is the example: the comment says the
// place is wrong and which rule it breaks.
func TestExportAuthAboveSession(t *testing.T) {
	mw := []string{stack.PathSecurity, stack.PathAuth, stack.PathSession, stack.PathCommon, stack.PathCsrf, stack.PathMessages, stack.PathXFrame}
	text := exportSettingsPy(exportInput{Middleware: mw})
	for _, want := range []string{
		`"django.contrib.auth.middleware.AuthenticationMiddleware",  # ✗ must be below SessionMiddleware (session-before-auth)`,
		`"django.contrib.sessions.middleware.SessionMiddleware",  # ✗ must be above AuthenticationMiddleware (session-before-auth)`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("export lacks %s:\n%s", want, text)
		}
	}
	good := exportSettingsPy(exportInput{Middleware: stack.DefaultMiddleware()})
	if strings.Contains(good, "  # ✗") || !strings.Contains(good, `"django.contrib.auth.middleware.AuthenticationMiddleware",  # below SessionMiddleware (session-before-auth: AuthenticationMiddleware needs SessionMiddleware above it).`) {
		t.Errorf("the default stack's export:\n%s", good)
	}
}

// TestExportKeepsDebugBlock: entries a file adds under `if DEBUG:` come
// back under it, not as unconditional entries.
func TestExportKeepsDebugBlock(t *testing.T) {
	src := `DEBUG = False
APPEND_SLASH = False
CSRF_USE_SESSIONS = True
ALLOWED_HOSTS = ["shop.example.org"]
INSTALLED_APPS = ["django.contrib.auth"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "acme.middleware.AuditMiddleware",
]
if DEBUG:
    MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")
    MIDDLEWARE += ["silk.middleware.SilkyMiddleware"]
`
	a, err := readPaste(t.Context(), []byte(src), true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Entries[0]; got.When != whenDebug || got.Path != "debug_toolbar.middleware.DebugToolbarMiddleware" {
		t.Errorf("first entry %+v, want the toolbar under DEBUG", got)
	}
	text := roundTrip(t, "debug block", exportOf(a), []string{
		stack.PathSecurity, stack.PathSession, stack.PathCommon, stack.PathCsrf, stack.PathAuth, "acme.middleware.AuditMiddleware",
	})
	block := text[strings.Index(text, "\nif DEBUG:\n"):]
	head := text[:strings.Index(text, "\nif DEBUG:\n")]
	for _, want := range []string{"debug_toolbar.middleware.DebugToolbarMiddleware", "silk.middleware.SilkyMiddleware"} {
		if !strings.Contains(block, want) || strings.Contains(head, want) {
			t.Errorf("%s is not (only) in the if DEBUG: block:\n%s", want, text)
		}
	}
	for _, want := range []string{"APPEND_SLASH = False\n", "CSRF_USE_SESSIONS = True\n", `ALLOWED_HOSTS = ["shop.example.org"]` + "\n", `"acme.middleware.AuditMiddleware",  # No ordering rule knows it`} {
		if !strings.Contains(text, want) {
			t.Errorf("export lacks %q:\n%s", want, text)
		}
	}
}

// BenchmarkExport measures the export of a realistic stack (every entry's
// comment moves it past every other and runs the rules again) and of the
// largest one a scenario may hold.
func BenchmarkExport(b *testing.B) {
	real := []string{stack.PathCors, stack.PathSecurity, stack.PathWhiteNoise, stack.PathUpdateCache, stack.PathSession,
		stack.PathLocale, stack.PathCommon, stack.PathCsrf, stack.PathAuth, stack.PathJWT, stack.PathMessages, stack.PathXFrame, stack.PathFetchCache}
	var big []string
	for _, m := range stack.Catalog() {
		big = append(big, m.Path)
	}
	for len(big) < stack.MaxMiddleware {
		big = append(big, fmt.Sprintf("acme.middleware.M%d", len(big)))
	}
	for _, c := range []struct {
		name string
		mw   []string
	}{{"13-entries", real}, {"64-entries", big}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				exportSettingsPy(exportInput{Middleware: c.mw})
			}
		})
	}
}

package web

import (
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/stack/lint"
	"github.com/middleware-playground/playground/stack/settingspy"
)

// Conditions a pasted entry can carry: it is in MIDDLEWARE only when DEBUG
// is on, or only when it is off. Other conditions (environment variables,
// try/except) were evaluated when the file was read and are not kept.
const (
	whenDebug    = "DEBUG"
	whenNotDebug = "not DEBUG"
)

// exportInput is what the export writes back: the stack as the page has
// it, the settings the learner changed, and what a paste read that the
// stack alone does not say.
type exportInput struct {
	Middleware []string       `json:"middleware"`
	Settings   map[string]any `json:"settings"`
	// Debug is whether the stack is the one a DEBUG = True run sees; it
	// decides which of the conditional entries the stack holds.
	Debug bool `json:"debug"`
	// When gives the condition of conditional entries of the stack, by
	// dotted path.
	When map[string]string `json:"when"`
	// Absent are the entries the other value of DEBUG adds, which the
	// stack therefore lacks, each with the entry it follows.
	Absent []absentEntry `json:"absent"`
}

// absentEntry is a conditional entry the stack does not hold: it goes
// after the entry After ("" for the top).
type absentEntry struct {
	Path  string `json:"path"`
	When  string `json:"when"`
	After string `json:"after"`
}

// exportSettingsPy writes a settings.py fragment: the settings the
// playground simulates that differ from its defaults, and MIDDLEWARE with
// its DEBUG-conditional entries in `if DEBUG:` / `if not DEBUG:` blocks,
// each entry with a comment saying why it sits there.
func exportSettingsPy(in exportInput) string {
	entries := mergeAbsent(in)
	var b strings.Builder
	b.WriteString("# Exported from Middleware Playground. Requests pass down MIDDLEWARE and\n")
	b.WriteString("# responses come back up. Each comment gives the ordering rules (see /rules)\n")
	b.WriteString("# that hold the entry in its place; ✗ marks a place that breaks one.\n")
	writeSettings(&b, in.Settings)
	always := filterWhen(entries, "")
	on := onlyWhen(entries, true)
	off := onlyWhen(entries, false)
	cfg := func(debug bool) lint.Config { return lint.Config{Debug: debug, Settings: in.Settings} }
	// Comments for the entries every run has come from the stack the page
	// shows; those of the other run's entries, from that run's stack.
	notes := map[bool][]lint.Placement{}
	for _, d := range []bool{in.Debug, !in.Debug} {
		if d == in.Debug || len(onlyWhen(entries, d)) > 0 {
			notes[d] = lint.Placements(pathsOf(runOf(entries, d)), cfg(d))
		}
	}
	noteOf := func(e condEntry, debug bool) string {
		run := runOf(entries, debug)
		i := slices.Index(run, e)
		return placementComment(notes[debug][i], e.Path)
	}
	// An entry both runs have can sit among different neighbours in each
	// (an insert(1, ...) after a DEBUG-only insert(0, ...)): where its
	// reasons differ, the comment gives each run's.
	alwaysNote := func(e condEntry) string {
		here := noteOf(e, in.Debug)
		if notes[!in.Debug] == nil {
			return here
		}
		other := noteOf(e, !in.Debug)
		if other == here {
			return here
		}
		on, off := here, other
		if !in.Debug {
			on, off = other, here
		}
		return "with DEBUG: " + on + debugSplit + off
	}
	b.WriteString("\nMIDDLEWARE = [\n")
	for _, e := range always {
		b.WriteString("    " + settingspy.Literal(e.Path, '"') + ",  # " + alwaysNote(e) + "\n")
	}
	b.WriteString("]\n")
	for _, blk := range []struct {
		cond  string
		debug bool
		only  []condEntry
	}{{"DEBUG", true, on}, {"not DEBUG", false, off}} {
		if len(blk.only) == 0 {
			continue
		}
		b.WriteString("\nif " + blk.cond + ":\n")
		run := runOf(entries, blk.debug)
		var tail []condEntry
		for _, e := range blk.only {
			i := slices.Index(run, e)
			next := ""
			for _, later := range run[i+1:] {
				if later.When == "" {
					next = later.Path
					break
				}
			}
			if next == "" {
				tail = append(tail, e)
				continue
			}
			if i == 0 {
				b.WriteString("    MIDDLEWARE.insert(0, " + settingspy.Literal(e.Path, '"') + ")  # " + noteOf(e, blk.debug) + "\n")
				continue
			}
			b.WriteString("    MIDDLEWARE.insert(MIDDLEWARE.index(" + settingspy.Literal(next, '"') + "), " + settingspy.Literal(e.Path, '"') + ")  # " + noteOf(e, blk.debug) + "\n")
		}
		if len(tail) > 0 {
			b.WriteString("    MIDDLEWARE += [\n")
			for _, e := range tail {
				b.WriteString("        " + settingspy.Literal(e.Path, '"') + ",  # " + noteOf(e, blk.debug) + "\n")
			}
			b.WriteString("    ]\n")
		}
	}
	return b.String()
}

// debugSplit separates the two runs' reasons in a comment that has both.
const debugSplit = " | without DEBUG: "

// condEntry is one entry of the merged list: its path, its condition
// ("" for always) and its place among equals, so duplicates stay apart.
type condEntry struct {
	Path, When string
	n          int
}

// mergeAbsent puts the absent entries back beside the stack's, giving
// the list both runs are cut from.
func mergeAbsent(in exportInput) []condEntry {
	var out []condEntry
	seen := map[string]int{}
	add := func(path, when string) {
		out = append(out, condEntry{Path: path, When: when, n: seen[path+"\x00"+when]})
		seen[path+"\x00"+when]++
	}
	// An absent entry belongs to the run the stack is not; any other is
	// dropped rather than written under the wrong condition.
	placed := make([]bool, len(in.Absent))
	for k, a := range in.Absent {
		placed[k] = a.When != whenDebug && a.When != whenNotDebug || (a.When == whenDebug) == in.Debug
	}
	var placeAfter func(after string)
	placeAfter = func(after string) {
		for k, a := range in.Absent {
			if !placed[k] && a.After == after {
				placed[k] = true
				add(a.Path, a.When)
				placeAfter(a.Path)
			}
		}
	}
	placeAfter("")
	for _, p := range in.Middleware {
		when := in.When[p]
		if when != whenDebug && when != whenNotDebug || (when == whenDebug) != in.Debug {
			when = "" // a condition the stack's own run contradicts is none
		}
		add(p, when)
		placeAfter(p)
	}
	for k, a := range in.Absent {
		if !placed[k] {
			add(a.Path, a.When) // its anchor was removed: it goes last
		}
	}
	return out
}

func filterWhen(es []condEntry, when string) []condEntry {
	var out []condEntry
	for _, e := range es {
		if e.When == when {
			out = append(out, e)
		}
	}
	return out
}

// onlyWhen is the entries only the run with DEBUG = debug has.
func onlyWhen(es []condEntry, debug bool) []condEntry {
	if debug {
		return filterWhen(es, whenDebug)
	}
	return filterWhen(es, whenNotDebug)
}

// runOf is MIDDLEWARE as a run with DEBUG = debug sees it.
func runOf(es []condEntry, debug bool) []condEntry {
	var out []condEntry
	for _, e := range es {
		if e.When == "" || (e.When == whenDebug) == debug {
			out = append(out, e)
		}
	}
	return out
}

func pathsOf(es []condEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Path
	}
	return out
}

// writeSettings writes the simulated settings that differ from the
// playground's defaults, in the catalog's order. DEBUG is left to the
// project's environments: a settings file that says DEBUG = True ships it.
func writeSettings(b *strings.Builder, settings map[string]any) {
	var names []string
	for name := range settings {
		names = append(names, name)
	}
	sort.Strings(names)
	order := map[string]int{}
	for i, s := range stack.KnownSettings() {
		order[s.Name] = i
	}
	sort.SliceStable(names, func(i, j int) bool { return order[names[i]] < order[names[j]] })
	wrote := false
	for _, name := range names {
		if _, known := order[name]; !known {
			continue
		}
		v := settings[name]
		if !wrote {
			b.WriteString("\n# Settings the playground simulates, as you set them.\n")
			wrote = true
		}
		switch name {
		case "DEBUG":
			b.WriteString("# DEBUG = " + settingspy.Literal(v, '"') + "  (the playground ran with it; set DEBUG per environment)\n")
			continue
		case "ALLOWED_HOSTS":
			if hosts, ok := v.([]any); ok {
				if withoutTest, left := stack.WithoutTestServerHost(hosts); left {
					v = withoutTest
					b.WriteString("# '" + stack.TestServerHost + "' left out: Django's test environment adds it, and the sample requests use it.\n")
				}
			}
		}
		b.WriteString(name + " = " + settingspy.Literal(v, '"') + "\n")
	}
}

// handleExport writes the page's state back as settings.py.
func handleExport(log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in exportInput
		if err := decodeBody(w, r, &in); err != nil {
			writeError(w, r, log, err)
			return
		}
		if n := len(in.Middleware) + len(in.Absent); n > stack.MaxMiddleware {
			writeError(w, r, log, badRequest("middleware: %d entries; at most %d are allowed", n, stack.MaxMiddleware))
			return
		}
		if err := (&stack.Scenario{Middleware: in.Middleware, Settings: in.Settings}).Validate(); err != nil {
			writeError(w, r, log, badRequest("%s", err.Error()))
			return
		}
		for i, a := range in.Absent {
			if err := (&stack.Scenario{Middleware: []string{a.Path}}).Validate(); err != nil {
				writeError(w, r, log, badRequest("absent[%d]: %q is not a dotted path", i, a.Path))
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]string{"text": exportSettingsPy(in)})
	}
}

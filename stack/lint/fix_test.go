package lint

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

// allKnown lists every path lint knows, plus two of a project's own.
func allKnown() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range canonical {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, m := range stack.Catalog() {
		if !seen[m.Path] {
			seen[m.Path] = true
			out = append(out, m.Path)
		}
	}
	return append(out, "myproject.middleware.A", "myproject.middleware.B")
}

var configs = []Config{
	{},
	{Debug: true},
	{Settings: map[string]any{"CSRF_USE_SESSIONS": true, "SECURE_SSL_REDIRECT": true}},
	{Settings: map[string]any{"MESSAGE_STORAGE": "django.contrib.messages.storage.cookie.CookieStorage", "INSTALLED_APPS": []any{"debug_toolbar"}}},
}

// The rules must never ask for a cycle, whatever is in the list, or no
// order could satisfy them.
func TestConstraintsAreAcyclic(t *testing.T) {
	all := allKnown()
	for _, cfg := range configs {
		e := env{debug: cfg.Debug, settings: cfg.Settings}
		if cyc := findCycle(all, constraints(all, e)); cyc != nil {
			t.Errorf("cycle under %v: %v", cfg.Settings, cyc)
		}
	}
}

// The documented order FixOrder aims for must itself pass every rule.
func TestCanonicalOrderPasses(t *testing.T) {
	for _, cfg := range configs {
		if left := fixable(Check(canonical, cfg)); len(left) > 0 {
			t.Errorf("canonical order under %v: %v", cfg.Settings, left)
		}
	}
	seen := map[string]bool{}
	for _, p := range canonical {
		if seen[p] {
			t.Errorf("%s twice in canonical", p)
		}
		seen[p] = true
	}
	for _, m := range stack.Catalog() {
		if !seen[m.Path] {
			t.Errorf("catalog entry %s missing from canonical", m.Path)
		}
	}
}

func TestFixOrderShape(t *testing.T) {
	// Keeping the second AuthenticationMiddleware and dropping the first
	// fixes the order too: one move instead of two.
	st := []string{sec, auth, com, csrf, ses, msg, xfo, auth}
	fix := FixOrder(st, Config{})
	want := []string{sec, com, csrf, ses, msg, xfo, auth}
	if !reflect.DeepEqual(fix.Stack, want) {
		t.Errorf("stack %v, want %v", fix.Stack, want)
	}
	if wantMoves := []Move{{"remove", auth, 1, -1}}; !reflect.DeepEqual(fix.Moves, wantMoves) {
		t.Errorf("moves %v, want %v", fix.Moves, wantMoves)
	}
	st = []string{sec, auth, com, csrf, ses, msg, xfo}
	fix = FixOrder(st, Config{})
	if want := []string{sec, ses, auth, com, csrf, msg, xfo}; !reflect.DeepEqual(fix.Stack, want) {
		t.Errorf("stack %v, want %v", fix.Stack, want)
	}
	if wantMoves := []Move{{"move", ses, 4, 1}}; !reflect.DeepEqual(fix.Moves, wantMoves) {
		t.Errorf("moves %v, want %v", fix.Moves, wantMoves)
	}
	wantDiff := []DiffLine{{" ", sec}, {"+", ses}, {" ", auth}, {" ", com}, {" ", csrf}, {"-", ses}, {" ", msg}, {" ", xfo}}
	if !reflect.DeepEqual(fix.Diff, wantDiff) {
		t.Errorf("diff %v, want %v", fix.Diff, wantDiff)
	}
	add := FixOrder(without(def(), ses), Config{})
	if !reflect.DeepEqual(add.Stack, def()) || len(add.Moves) != 1 || add.Moves[0].Kind != "add" {
		t.Errorf("adding SessionMiddleware: %+v", add)
	}
	if clean := FixOrder(def(), Config{}); len(clean.Moves) != 0 || !reflect.DeepEqual(clean.Stack, def()) {
		t.Errorf("default stack: %+v", clean)
	}
}

// checkFix verifies a fix: it passes, keeps every original path, and its
// diff and moves describe it.
func checkFix(t *testing.T, st []string, cfg Config, fix FixResult) {
	t.Helper()
	if left := fixable(Check(fix.Stack, cfg)); len(left) > 0 {
		t.Fatalf("FixOrder(%v) = %v still has %v", st, fix.Stack, left)
	}
	in := map[string]bool{}
	for _, p := range fix.Stack {
		if in[p] {
			t.Fatalf("FixOrder(%v) = %v has a duplicate", st, fix.Stack)
		}
		in[p] = true
	}
	for _, p := range st {
		if !in[p] {
			t.Fatalf("FixOrder(%v) = %v lost %s", st, fix.Stack, p)
		}
	}
	var before, after []string
	for _, d := range fix.Diff {
		if d.Op != "+" {
			before = append(before, d.Path)
		}
		if d.Op != "-" {
			after = append(after, d.Path)
		}
	}
	if !sameList(before, st) || !sameList(after, fix.Stack) {
		t.Fatalf("diff %v does not turn %v into %v", fix.Diff, st, fix.Stack)
	}
	for _, m := range fix.Moves {
		if m.To >= 0 && fix.Stack[m.To] != m.Path || m.From >= 0 && st[m.From] != m.Path {
			t.Fatalf("move %+v does not match %v -> %v", m, st, fix.Stack)
		}
	}
}

func sameList(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func TestFixOrderRandomStacks(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	all := allKnown()
	for n := 0; n < 400; n++ {
		st := make([]string, rng.Intn(14))
		for i := range st {
			st[i] = all[rng.Intn(len(all))]
		}
		cfg := configs[rng.Intn(len(configs))]
		checkFix(t, st, cfg, FixOrder(st, cfg))
	}
	// A list far longer than any real one still gets a passing order.
	long := make([]string, 300)
	for i := range long {
		long[i] = all[rng.Intn(len(all))]
	}
	checkFix(t, long, Config{}, FixOrder(long, Config{}))
}

// pool is what the brute-force test builds small stacks from: entries
// with many rules between them.
var pool = []string{ses, com, csrf, auth, msg, upd, fetch, stack.PathLocale, stack.PathGZip, stack.PathConditionalGet,
	stack.PathRemoteUser, stack.PathLoginPattern, stack.PathJWT, stack.PathCors, stack.PathWhiteNoise, stack.PathRateLimit,
	stack.PathRequestTime, stack.PathCustomHeader, stack.PathInternalNet, stack.PathTenantPrefix, "myproject.middleware.A"}

// oneMove lists every stack one move away: an entry moved anywhere, a
// required entry added anywhere, a duplicate removed.
func oneMove(st []string, adds []string) [][]string {
	var out [][]string
	count := map[string]int{}
	for _, p := range st {
		count[p]++
	}
	for i := range st {
		rest := append(append([]string{}, st[:i]...), st[i+1:]...)
		if count[st[i]] > 1 {
			out = append(out, rest)
		}
		for j := 0; j <= len(rest); j++ {
			if j == i {
				continue
			}
			out = append(out, insertAt(rest, j, st[i]))
		}
	}
	for _, p := range adds {
		for j := 0; j <= len(st); j++ {
			out = append(out, insertAt(st, j, p))
		}
	}
	return out
}

func insertAt(st []string, j int, p string) []string {
	out := append([]string{}, st[:j]...)
	out = append(out, p)
	return append(out, st[j:]...)
}

// No shorter sequence of moves than FixOrder's fixes a small stack:
// breadth-first search over every stack reachable in fewer moves.
func TestFixOrderIsMinimal(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	// The admin is not installed and Security, XFrame and CSRF are always
	// present, so additions stay few and the search stays small.
	cfg := Config{Settings: map[string]any{"INSTALLED_APPS": []any{}}}
	var adds []string
	for _, s := range specs {
		adds = append(adds, s.requires...)
	}
	checked := 0
	for trial := 0; trial < 3000 && checked < 100; trial++ {
		st := []string{sec, csrf, xfo}
		for k := rng.Intn(4) + 1; k > 0; k-- {
			st = insertAt(st, rng.Intn(len(st)+1), pool[rng.Intn(len(pool))])
		}
		fix := FixOrder(st, cfg)
		checkFix(t, st, cfg, fix)
		k := len(fix.Moves)
		if k == 0 || k > 3 {
			continue
		}
		checked++
		seen := map[string]bool{key(st): true}
		level := [][]string{st}
		found := false
		// Search one level deeper than needed when that is cheap, to check
		// that the search does find fixes of FixOrder's length.
		limit := k
		if k == 1 {
			limit = 2
		}
		for depth := 1; depth < limit && !found; depth++ {
			var next [][]string
			for _, s := range level {
				for _, n := range oneMove(s, adds) {
					if seen[key(n)] {
						continue
					}
					seen[key(n)] = true
					if len(fixable(Check(n, cfg))) == 0 {
						if depth < k {
							t.Fatalf("%v: %d moves fix it (%v), FixOrder used %d: %v", st, depth, n, k, fix.Moves)
						}
						found = true
					}
					next = append(next, n)
				}
			}
			level = next
		}
		if k == 1 && !found {
			t.Fatalf("%v: the search found no fix of FixOrder's length 1 (%v)", st, fix.Moves)
		}
	}
	if checked < 100 {
		t.Errorf("only %d stacks were checked by brute force", checked)
	}
}

func key(st []string) string {
	out := ""
	for _, p := range st {
		out += p + "\n"
	}
	return out
}

func concernsBoth(fs []Finding) bool {
	for _, f := range fs {
		if containsInt(f.Entries, 0) && containsInt(f.Entries, 1) {
			return true
		}
	}
	return false
}

// Every constraint the engine's catalog states is one lint checks, so the
// palette's placement hints and the findings never disagree.
func TestCatalogConstraintsAreLinted(t *testing.T) {
	for _, m := range stack.Catalog() {
		for _, b := range m.MustBeBelow {
			if !concernsBoth(Check([]string{m.Path, b}, Config{})) {
				t.Errorf("%s above %s is not reported", m.Class, stack.ClassName(b))
			}
		}
		for _, a := range m.MustBeAbove {
			if !concernsBoth(Check([]string{a, m.Path}, Config{})) {
				t.Errorf("%s below %s is not reported", m.Class, stack.ClassName(a))
			}
		}
		for _, r := range m.Requires {
			found := false
			for _, f := range Check([]string{m.Path}, Config{}) {
				found = found || len(f.Entries) == 1 && contains(f.Paths, r)
			}
			if !found {
				t.Errorf("%s without %s is not reported", m.Class, stack.ClassName(r))
			}
		}
	}
}

func FuzzCheckAndFix(f *testing.F) {
	f.Add("django.contrib.auth.middleware.AuthenticationMiddleware\ndjango.contrib.sessions.middleware.SessionMiddleware", false)
	f.Add("\n\n x \ndjango.middleware.cache.FetchFromCacheMiddleware\ndjango.middleware.cache.FetchFromCacheMiddleware", true)
	all := allKnown()
	f.Fuzz(func(t *testing.T, s string, sessions bool) {
		var st []string
		for i, line := range strings.Split(s, "\n") {
			if i >= 40 {
				break
			}
			// Short lines pick known paths so rules actually fire.
			if len(line) == 1 {
				line = all[int(line[0])%len(all)]
			}
			st = append(st, line)
		}
		cfg := Config{Settings: map[string]any{"CSRF_USE_SESSIONS": sessions}}
		fs := Check(st, cfg)
		for _, f := range fs {
			for _, i := range f.Entries {
				if i < 0 || i >= len(st) {
					t.Fatalf("finding %v points outside the stack", f)
				}
			}
		}
		checkFix(t, st, cfg, FixOrder(st, cfg))
	})
}

package exercises

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/middleware-playground/playground/stack"
)

func loadAll(t *testing.T) []*Exercise {
	t.Helper()
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return set.List()
}

// TestEveryExercise is the acceptance test: each file validates, its
// starting stack fails at least one goal, and every reference solution
// meets every goal.
func TestEveryExercise(t *testing.T) {
	all := loadAll(t)
	if len(all) < 14 {
		t.Errorf("%d exercises; the curriculum needs at least 14", len(all))
	}
	several := 0
	for _, ex := range all {
		t.Run(ex.ID, func(t *testing.T) {
			start, err := ex.Check(ex.Start())
			if err != nil {
				t.Fatalf("starting stack: %v", err)
			}
			if start.Solved {
				t.Errorf("the starting stack already meets every goal")
			}
			for i, s := range ex.Solutions {
				res, err := ex.Check(s.Attempt())
				if err != nil {
					t.Fatalf("solution %d: %v", i+1, err)
				}
				for _, g := range res.Goals {
					if !g.Passed {
						t.Errorf("solution %d (%s) fails goal %s: %s", i+1, s.Note, g.ID, g.Reason)
					}
				}
				if !res.Solved {
					t.Errorf("solution %d is not solved", i+1)
				}
			}
		})
		if distinctSolutions(ex) >= 2 {
			several++
		}
	}
	if several < 3 {
		t.Errorf("%d exercises list two or more different solutions; want at least 3", several)
	}
}

func distinctSolutions(ex *Exercise) int {
	seen := map[string]bool{}
	for _, s := range ex.Solutions {
		seen[strings.Join(s.Middleware, ",")] = true
	}
	return len(seen)
}

// TestCSRFExerciseCannotBeReordered checks the claim the CSRF exercise
// makes: with the request as the story has it, no order of its stack
// meets the goals, and removing CsrfViewMiddleware breaks another goal.
func TestCSRFExerciseCannotBeReordered(t *testing.T) {
	ex := byID(t, "csrf-token-post")
	sampleOrders(ex.Middleware, 97, func(p []string) {
		res, err := ex.Check(Attempt{Middleware: p})
		if err != nil {
			t.Fatal(err)
		}
		if res.Solved {
			t.Fatalf("the order %v solves the CSRF exercise without changing the request", p)
		}
	})
	res, err := ex.Check(Attempt{Middleware: without(ex.Middleware, stack.PathCsrf)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Solved {
		t.Fatal("removing CsrfViewMiddleware solves the CSRF exercise")
	}
	if goal(res, "forged-403").Passed {
		t.Error("without CsrfViewMiddleware the forged POST should no longer be refused")
	}
}

// sampleOrders calls f with every n-th order of mw: a spread sample of
// all the orders keeps a test fast.
func sampleOrders(mw []string, n int, f func([]string)) {
	tried := 0
	permute(append([]string(nil), mw...), func(p []string) {
		tried++
		if tried%n == 0 {
			f(p)
		}
	})
}

// without is mw with path left out.
func without(mw []string, path string) []string {
	var out []string
	for _, p := range mw {
		if p != path {
			out = append(out, p)
		}
	}
	return out
}

func permute(a []string, f func([]string)) {
	var rec func(int)
	rec = func(k int) {
		if k == len(a) {
			f(append([]string(nil), a...))
			return
		}
		for i := k; i < len(a); i++ {
			a[k], a[i] = a[i], a[k]
			rec(k + 1)
			a[k], a[i] = a[i], a[k]
		}
	}
	rec(0)
}

func byID(t *testing.T, id string) *Exercise {
	t.Helper()
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ex, _ := set.Get(id)
	if ex == nil {
		t.Fatalf("no exercise %s", id)
	}
	return ex
}

func goal(res *Result, id string) GoalResult {
	for _, g := range res.Goals {
		if g.ID == id {
			return g
		}
	}
	return GoalResult{}
}

func TestReasonsAreSentencesFromTheTrace(t *testing.T) {
	ex := byID(t, "auth-above-session")
	res, err := ex.Check(ex.Start())
	if err != nil {
		t.Fatal(err)
	}
	got := goal(res, "health-200")
	want := "health (GET /health/) answered 500 from AuthenticationMiddleware; the goal wants 200."
	if got.Passed || got.Reason != want {
		t.Errorf("health-200 = %+v, want failed with %q", got, want)
	}
	alice := goal(res, "alice")
	if alice.Passed || !strings.Contains(alice.Reason, "never reached a view") {
		t.Errorf("alice = %+v", alice)
	}
}

func TestAttemptErrors(t *testing.T) {
	ex := byID(t, "jwt-above-auth")
	cases := []struct {
		name string
		a    Attempt
		want string
	}{
		{"outside the palette", Attempt{Middleware: []string{stack.PathSecurity, stack.PathCors}}, "not part of this exercise"},
		{"twice", Attempt{Middleware: []string{stack.PathSecurity, stack.PathSecurity}}, "twice"},
		{"locked setting", Attempt{Middleware: ex.Middleware, Settings: map[string]any{"DEBUG": true}}, "no settings to change"},
		{"unknown request", Attempt{Middleware: ex.Middleware, Choices: map[string]string{"nope": "x"}}, "no request with that id"},
		{"unknown variant", Attempt{Middleware: ex.Middleware, Choices: map[string]string{"app": "x"}}, "no variant"},
	}
	for _, c := range cases {
		_, err := ex.Check(c.a)
		var ae *AttemptError
		if !errors.As(err, &ae) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want an AttemptError containing %q", c.name, err, c.want)
		}
	}
	// The page sends the exercise's own settings back unchanged: fine.
	rl := byID(t, "rate-limit-early")
	if _, err := rl.Check(Attempt{Middleware: rl.Middleware, Settings: map[string]any{"RATE_LIMIT": float64(3)}}); err != nil {
		t.Errorf("resending the exercise's own setting: %v", err)
	}
	if _, err := rl.Check(Attempt{Middleware: rl.Middleware, Settings: map[string]any{"RATE_LIMIT": float64(100)}}); err == nil {
		t.Error("changing a locked setting was accepted")
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	good, err := FS.(interface {
		ReadFile(string) ([]byte, error)
	}).ReadFile("defs/02-auth-above-session.json")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		name, body, want string
	}{
		"name":          {"defs/2-x.json", string(good), "named NN-id.json"},
		"id mismatch":   {"defs/02-other.json", string(good), "does not match the file name"},
		"unknown field": {"defs/02-auth-above-session.json", strings.Replace(string(good), `"django"`, `"djnago"`, 1), "unknown field"},
		"four hints":    {"defs/02-auth-above-session.json", strings.Replace(string(good), `"hints": [`, `"hints": ["one more",`, 1), "write three"},
		"bad goal req":  {"defs/02-auth-above-session.json", strings.Replace(string(good), `"request": "health"`, `"request": "nope"`, 1), "no request has the id"},
		"bad django":    {"defs/02-auth-above-session.json", strings.Replace(string(good), `"django": "5.2"`, `"django": "1.0"`, 1), `django "1.0" is not a version the engine simulates`},
		"bad mw":        {"defs/02-auth-above-session.json", strings.Replace(string(good), `django.middleware.common.CommonMiddleware`, `django.middleware.common.Nope`, 1), "not in the engine's catalog"},
	}
	for name, c := range cases {
		fsys := fstest.MapFS{c.name: {Data: []byte(c.body)}}
		_, err := Load(fsys)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", name, err, c.want)
		}
	}
}

// TestDjangoVersion: every file names the Django version it was written
// for, and each attempt is simulated on it; a file without the field runs
// on the engine's default.
func TestDjangoVersion(t *testing.T) {
	for _, ex := range loadAll(t) {
		if ex.Django == "" {
			t.Errorf("%s: the file does not say which Django version it uses", ex.ID)
		}
		sc, err := ex.Scenario(ex.Start())
		if err != nil {
			t.Fatal(err)
		}
		if sc.Django != ex.Django {
			t.Errorf("%s: simulated on %q, the file says %q", ex.ID, sc.Django, ex.Django)
		}
	}
	ex := *byID(t, "auth-above-session")
	ex.Django = ""
	sc, err := ex.Scenario(ex.Start())
	if err != nil {
		t.Fatal(err)
	}
	if sc.Django != stack.DefaultVersion {
		t.Errorf("without a django field the exercise runs on %q, want the default %q", sc.Django, stack.DefaultVersion)
	}
}

func TestSetOrderAndNext(t *testing.T) {
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	list := set.List()
	for i, ex := range list {
		got, n := set.Get(ex.ID)
		if got != ex || n != i+1 {
			t.Errorf("Get(%s) = %v, %d; want the exercise numbered %d", ex.ID, got, n, i+1)
		}
		want := ""
		if i+1 < len(list) {
			want = list[i+1].ID
		}
		if next := set.Next(ex.ID); next != want {
			t.Errorf("Next(%s) = %q, want %q", ex.ID, next, want)
		}
	}
	if ex, n := set.Get("nope"); ex != nil || n != 0 || set.Next("nope") != "" {
		t.Error("an unknown id was found")
	}
}

// withVersion is the exercise as it would run on another Django version,
// for tests of what a story says about that version.
func withVersion(t *testing.T, id, version string) *Exercise {
	t.Helper()
	ex := *byID(t, id)
	ex.Django = version
	return &ex
}

func result(t *testing.T, ex *Exercise, a Attempt, req string) *stack.Result {
	t.Helper()
	sc, err := ex.Scenario(a)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := stack.SimulateStrict(sc)
	if err != nil {
		t.Fatal(err)
	}
	for i := range tr.Results {
		if tr.Results[i].ID == req {
			return &tr.Results[i]
		}
	}
	t.Fatalf("%s: no request %s", ex.ID, req)
	return nil
}

func check(t *testing.T, ex *Exercise, a Attempt) *Result {
	t.Helper()
	res, err := ex.Check(a)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestUpgradeExerciseStory checks what the upgrade exercise says: on 3.2
// the starting stack redirected the unslashed health check, on 5.2 the
// network check refuses it, no order of the stack brings the redirect
// back, and dropping the network check lets the outsider in.
func TestUpgradeExerciseStory(t *testing.T) {
	old := withVersion(t, "upgrade-append-slash", "3.2")
	r := result(t, old, old.Start(), "health")
	if loc, _ := r.Headers.Get("location"); r.Status != 301 || r.AnsweredBy != "CommonMiddleware" || loc != "/health/" {
		t.Errorf("on 3.2 /health = %d from %s to %q, want CommonMiddleware's 301 to /health/", r.Status, r.AnsweredBy, loc)
	}
	ex := byID(t, "upgrade-append-slash")
	r = result(t, ex, ex.Start(), "health")
	if r.Status != 403 || r.AnsweredBy != "EnforceInternalNetworkMiddleware" {
		t.Errorf("on %s /health = %d from %s, want the network check's 403", ex.Django, r.Status, r.AnsweredBy)
	}
	sampleOrders(ex.Middleware, 211, func(p []string) {
		if g := goal(check(t, ex, Attempt{Middleware: p}), "health-200"); g.Passed {
			t.Fatalf("the order %v gets the unslashed health check a 200: %s", p, g.Reason)
		}
	})
	if goal(check(t, ex, Attempt{Middleware: without(ex.Middleware, stack.PathInternalNet)}), "outsider-403").Passed {
		t.Error("without the network check the outsider should get in")
	}
}

// TestCSRFOriginTraps checks the wrong answers the CSRF Origin exercise
// warns about, and its claim that 3.2 judged plain HTTP by the token.
func TestCSRFOriginTraps(t *testing.T) {
	ex := byID(t, "csrf-origin-check")
	for _, origins := range [][]any{
		{"intranet.example.com"},         // the 3.2 format: no scheme
		{"https://intranet.example.com"}, // the wrong scheme
		{"http://*.example.com"},         // trusts the customers' pages
	} {
		res := check(t, ex, Attempt{Middleware: ex.Middleware, Settings: map[string]any{"CSRF_TRUSTED_ORIGINS": origins}})
		if res.Solved {
			t.Errorf("CSRF_TRUSTED_ORIGINS = %v solves the exercise", origins)
		}
	}
	if g := goal(check(t, ex, Attempt{Middleware: ex.Middleware, Settings: map[string]any{"CSRF_TRUSTED_ORIGINS": []any{"http://*.example.com"}}}), "customer-403"); g.Passed {
		t.Errorf("a wildcard should trust the customers' pages: %s", g.Reason)
	}
	if res := check(t, ex, Attempt{Middleware: without(ex.Middleware, stack.PathCsrf)}); goal(res, "forged-403").Passed || goal(res, "customer-403").Passed {
		t.Error("without CsrfViewMiddleware the forged and customer POSTs should go through")
	}
	old := withVersion(t, "csrf-origin-check", "3.2")
	for _, req := range []string{"intranet", "customer-page"} {
		if r := result(t, old, old.Start(), req); r.Status != 200 {
			t.Errorf("on 3.2 %s = %d, want 200: plain HTTP was judged by the token alone", req, r.Status)
		}
	}
}

// TestLoginRequiredPlacement checks what the LoginRequiredMiddleware
// exercise says about placement: the hand-written guard, left in, still
// answers first; above AuthenticationMiddleware the middleware still
// sees the user at run time (only Django's system check objects); with
// no AuthenticationMiddleware at all it fails.
func TestLoginRequiredPlacement(t *testing.T) {
	ex := byID(t, "login-required-middleware")
	both := append(append([]string(nil), ex.Middleware...), stack.PathLoginRequired)
	if g := goal(check(t, ex, Attempt{Middleware: both}), "dash-login"); g.Passed {
		t.Errorf("with the hand-written guard still in, the dashboard visitor should get its 401: %s", g.Reason)
	}
	var above, noAuth []string
	for _, p := range ex.Middleware {
		switch p {
		case stack.PathLoginPattern:
			continue
		case stack.PathAuth:
			above = append(above, stack.PathLoginRequired)
			noAuth = append(noAuth, stack.PathLoginRequired)
			above = append(above, p)
			continue
		}
		above = append(above, p)
		noAuth = append(noAuth, p)
	}
	if res := check(t, ex, Attempt{Middleware: above}); !res.Solved {
		t.Errorf("LoginRequiredMiddleware above AuthenticationMiddleware: %+v; its process_view runs after every process_request", res.Goals)
	}
	if goal(check(t, ex, Attempt{Middleware: noAuth}), "no-500").Passed {
		t.Error("without AuthenticationMiddleware LoginRequiredMiddleware has no request.user to read")
	}
}

// TestGoalsIgnoreWording rewords every reason sentence the engine says and
// checks that no exercise goal's verdict changes, on every starting stack
// and reference solution: goals compare codes and fields, never sentences.
func TestGoalsIgnoreWording(t *testing.T) {
	verdicts := func() []bool {
		var out []bool
		for _, ex := range loadAll(t) {
			attempts := []Attempt{ex.Start()}
			for _, s := range ex.Solutions {
				attempts = append(attempts, s.Attempt())
			}
			for _, a := range attempts {
				res, err := ex.Check(a)
				if err != nil {
					t.Fatal(err)
				}
				for _, g := range res.Goals {
					out = append(out, g.Passed)
				}
			}
		}
		return out
	}
	want := verdicts()
	restore := stack.RewordReasons(func(_ stack.ReasonCode, s string) string { return "[" + strings.ToUpper(s) + "]" })
	defer restore()
	got := verdicts()
	if len(got) != len(want) {
		t.Fatalf("%d goal verdicts reworded, %d before", len(got), len(want))
	}
	failing := 0
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("goal verdict %d changed with the wording: %v, was %v", i, got[i], want[i])
		}
		if !want[i] {
			failing++
		}
	}
	if failing == 0 {
		t.Fatal("no goal fails on any starting stack: the test proves nothing")
	}
}

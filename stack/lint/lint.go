// Package lint checks a MIDDLEWARE list against documented rules: Django's
// "Middleware ordering" notes, the system checks that concern middleware,
// third-party packages' own placement rules, and the lessons of the
// articles the playground teaches from. FixOrder computes the order that
// satisfies them with the fewest moved entries.
package lint

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/middleware-playground/playground/stack"
)

// Severity is how bad breaking a rule is.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

func (s Severity) rank() int {
	switch s {
	case Error:
		return 0
	case Warning:
		return 1
	}
	return 2
}

// Rule describes one rule, for the rules page.
type Rule struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Severity    Severity `json:"severity"`
	Explanation string   `json:"explanation"`
	Fix         string   `json:"fix"`
	Docs        string   `json:"docs"`
}

// Finding is one broken rule in one stack.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Entries are indexes into the stack: the entry the finding is about
	// first, then the others it concerns.
	Entries []int `json:"entries"`
	// Paths are the dotted paths concerned, including missing ones.
	Paths []string `json:"paths"`
	// Message says in one sentence what goes wrong and which kind of
	// request shows it.
	Message string `json:"message"`
	Fix     string `json:"fix"`
	Docs    string `json:"docs"`
}

// Config holds what conditions the rules: DEBUG, and settings such as
// CSRF_USE_SESSIONS, SECURE_SSL_REDIRECT, MESSAGE_STORAGE, INSTALLED_APPS
// (values as decoded from JSON or read by settingspy), and the Django
// version ("3.2", "4.2", "5.2"; "" is the engine's default). Nil is fine.
type Config struct {
	Debug    bool
	Settings map[string]any
	Django   string
}

type env struct {
	debug    bool
	settings map[string]any
	django   string
}

// newEnv is the rules' view of a config.
func newEnv(cfg Config) env {
	v := cfg.Django
	if v == "" {
		v = stack.DefaultVersion
	}
	return env{debug: cfg.Debug, settings: cfg.Settings, django: v}
}

// atLeast says the chosen Django is version v ("4.0") or newer.
func (e env) atLeast(v string) bool { return versionAtLeast(e.django, v) }

// versionAtLeast compares "major.minor" versions.
func versionAtLeast(have, want string) bool {
	hm, hn := splitVersion(have)
	wm, wn := splitVersion(want)
	return hm > wm || hm == wm && hn >= wn
}

func splitVersion(v string) (int, int) {
	major, minor, _ := strings.Cut(v, ".")
	a, _ := strconv.Atoi(major)
	b, _ := strconv.Atoi(minor)
	return a, b
}

// missingSessionRaises is what AuthenticationMiddleware and
// MessageMiddleware raise without request.session on the chosen version.
func (e env) missingSessionRaises() string {
	if e.atLeast("4.0") {
		return "ImproperlyConfigured"
	}
	return "AssertionError"
}

// versioned points a docs link at the chosen version's documentation
// and fills in what the version changes in a message.
func (e env) versioned(text string) string {
	return strings.NewReplacer("/en/3.2/", "/en/"+e.django+"/", "{raise}", e.missingSessionRaises()).Replace(text)
}

func (e env) has(name string) bool {
	_, ok := e.settings[name]
	return ok
}

func (e env) isNone(name string) bool {
	v, ok := e.settings[name]
	return ok && v == nil
}

func (e env) bool(name string, def bool) bool {
	switch v := e.settings[name].(type) {
	case bool:
		return v
	case float64:
		return v != 0
	case int:
		return v != 0
	case int64:
		return v != 0
	case string:
		return v != ""
	case nil:
		if e.has(name) {
			return false
		}
	}
	return def
}

func (e env) int(name string, def int) int {
	switch v := e.settings[name].(type) {
	case float64:
		if v > math.MaxInt32 {
			return math.MaxInt32
		}
		return int(v)
	case int:
		return v
	case int64:
		return int(v)
	case bool:
		if v {
			return 1
		}
		return 0
	}
	return def
}

func (e env) str(name, def string) string {
	if v, ok := e.settings[name].(string); ok {
		return v
	}
	return def
}

func (e env) list(name string) ([]string, bool) {
	switch v := e.settings[name].(type) {
	case []string:
		return v, true
	case []any:
		out := make([]string, 0, len(v))
		for _, it := range v {
			if s, ok := it.(string); ok {
				out = append(out, s)
			}
		}
		return out, true
	}
	return nil, false
}

// installed says whether an app is in INSTALLED_APPS; without that setting
// it assumes a new project's apps (the admin among them).
func (e env) installed(app string) bool {
	apps, ok := e.list("INSTALLED_APPS")
	if !ok {
		return strings.HasPrefix(app, "django.contrib.")
	}
	return containsApp(apps, app)
}

// installedExplicitly is true only when INSTALLED_APPS lists the app.
func (e env) installedExplicitly(app string) bool {
	apps, ok := e.list("INSTALLED_APPS")
	return ok && containsApp(apps, app)
}

func containsApp(apps []string, app string) bool {
	for _, a := range apps {
		if a == app || strings.HasPrefix(a, app+".apps.") {
			return true
		}
	}
	return false
}

var referrerPolicies = map[string]bool{
	"no-referrer": true, "no-referrer-when-downgrade": true, "origin": true, "origin-when-cross-origin": true,
	"same-origin": true, "strict-origin": true, "strict-origin-when-cross-origin": true, "unsafe-url": true,
}

func (e env) badReferrerPolicy() bool {
	var values []string
	switch v := e.settings["SECURE_REFERRER_POLICY"].(type) {
	case string:
		values = strings.Split(v, ",")
	case []any, []string:
		values, _ = e.list("SECURE_REFERRER_POLICY")
	default:
		return false
	}
	for _, p := range values {
		if !referrerPolicies[strings.TrimSpace(p)] {
			return true
		}
	}
	return false
}

// checker holds one Check run.
type checker struct {
	stack    []string
	where    map[string][]int // path -> indexes, in order
	env      env
	findings []*Finding
}

func newChecker(stack []string, cfg Config) *checker {
	c := &checker{stack: stack, where: map[string][]int{}, env: newEnv(cfg)}
	for i, p := range stack {
		c.where[p] = append(c.where[p], i)
	}
	return c
}

func (c *checker) add(s *spec, entries []int, missing []string, msg, fix string) *Finding {
	e := c.env
	f := &Finding{Rule: s.ID, Severity: s.Severity, Entries: entries, Message: e.versioned(msg), Fix: e.versioned(fix), Docs: e.versioned(s.Docs)}
	for _, i := range entries {
		f.Paths = append(f.Paths, c.stack[i])
	}
	f.Paths = append(f.Paths, missing...)
	c.findings = append(c.findings, f)
	return f
}

func (s *spec) applies(e env) bool { return s.when == nil || s.when(e) }

// check runs one data rule: order constraints between present entries and
// the presence of required ones.
func (c *checker) check(s *spec) {
	if !s.applies(c.env) {
		return
	}
	if s.custom != nil {
		s.custom(c, s)
		return
	}
	if s.missing {
		for _, p := range s.subjects {
			if len(c.where[p]) > 0 {
				return
			}
		}
		c.add(s, nil, []string{s.subjects[0]}, fill(s.msgMissing, s.subjects[0], nil, s.subjects[:1]), fill(s.fixMissing, s.subjects[0], nil, s.subjects[:1]))
		return
	}
	for _, subj := range s.subjects {
		for _, i := range c.where[subj] {
			var missing []string
			for _, r := range s.requires {
				if r != subj && len(c.where[r]) == 0 {
					missing = append(missing, r)
				}
			}
			if len(missing) > 0 {
				c.add(s, []int{i}, missing, fill(s.msgMissing, subj, nil, missing), fill(s.fixMissing, subj, nil, missing))
			}
			if bad := c.violations(s, subj, i); len(bad) > 0 {
				var partners []string
				for _, j := range bad {
					partners = append(partners, c.stack[j])
				}
				c.add(s, append([]int{i}, sortedCopy(bad)...), nil, fill(s.msgOrder, subj, partners, nil), fill(s.fixOrder, subj, partners, nil))
			}
		}
	}
}

// violations lists the entries that sit on the wrong side of entry i (an
// occurrence of subj) under rule s.
func (c *checker) violations(s *spec, subj string, i int) []int {
	var bad []int
	seen := map[int]bool{}
	flag := func(j int) {
		if !seen[j] {
			seen[j] = true
			bad = append(bad, j)
		}
	}
	mustAbove := s.above
	if s.requireAbove {
		mustAbove = append(append([]string(nil), mustAbove...), s.requires...)
	}
	for _, p := range mustAbove {
		for _, j := range c.where[p] {
			if p != subj && j > i {
				flag(j)
			}
		}
	}
	for _, p := range s.below {
		for _, j := range c.where[p] {
			if p != subj && j < i {
				flag(j)
			}
		}
	}
	if s.aboveAll || s.belowAll {
		for j, p := range c.stack {
			if p == subj || contains(s.exempt, p) {
				continue
			}
			if s.aboveAll && j < i || s.belowAll && j > i {
				flag(j)
			}
		}
	}
	return bad
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Check lints a stack. Findings are sorted by their first entry (those
// about missing middleware, with no entry, last), then by rule id. It
// never panics: unknown entries get an "unknown-middleware" finding.
func Check(stack []string, cfg Config) []Finding {
	c := newChecker(stack, cfg)
	for _, s := range specs {
		c.check(s)
	}
	out := make([]Finding, len(c.findings))
	for i, f := range c.findings {
		out[i] = *f
	}
	first := func(f Finding) int {
		if len(f.Entries) == 0 {
			return math.MaxInt
		}
		return f.Entries[0]
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := first(out[i]), first(out[j])
		if a != b {
			return a < b
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// ByEntry groups findings by the entries they concern, for showing them
// beside each entry of a stack of n entries. Findings about missing
// middleware concern no entry and are left out.
func ByEntry(findings []Finding, n int) [][]Finding {
	out := make([][]Finding, n)
	for _, f := range findings {
		for _, i := range f.Entries {
			if i >= 0 && i < n {
				out[i] = append(out[i], f)
			}
		}
	}
	return out
}

// Explain picks the finding that best explains a request that went wrong
// at MIDDLEWARE index layer (a trace's AnsweredAt, or the Layer of the
// step where it left its expected path): the most severe finding about
// that entry, preferring one whose subject it is. With layer -1 (the view
// or Django's core) it returns the most severe finding overall. ok is
// false when no finding applies.
func Explain(findings []Finding, layer int) (Finding, bool) {
	best, bestScore := Finding{}, math.MaxInt
	for _, f := range findings {
		if f.Severity == Info {
			continue
		}
		score := f.Severity.rank() * 10
		switch {
		case layer < 0:
		case len(f.Entries) > 0 && f.Entries[0] == layer:
		case containsInt(f.Entries, layer):
			score += 1
		default:
			continue
		}
		if score < bestScore {
			best, bestScore = f, score
		}
	}
	return best, bestScore != math.MaxInt
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// Blocking reports whether findings include an error, as the CLI's exit
// status does.
func Blocking(findings []Finding) bool {
	for _, f := range findings {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

func (f Finding) String() string {
	return fmt.Sprintf("%s %s %s", f.Severity, f.Rule, f.Message)
}

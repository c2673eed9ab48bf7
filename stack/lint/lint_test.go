package lint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

const (
	sec   = stack.PathSecurity
	ses   = stack.PathSession
	com   = stack.PathCommon
	csrf  = stack.PathCsrf
	auth  = stack.PathAuth
	msg   = stack.PathMessages
	xfo   = stack.PathXFrame
	upd   = stack.PathUpdateCache
	fetch = stack.PathFetchCache
)

func def(extra ...string) []string { return append(stack.DefaultMiddleware(), extra...) }

func with(front []string, rest ...string) []string {
	return append(append([]string(nil), front...), rest...)
}

func without(list []string, drop string) []string {
	var out []string
	for _, p := range list {
		if p != drop {
			out = append(out, p)
		}
	}
	return out
}

type lintCase struct {
	stack    []string
	settings map[string]any
	django   string
	debug    bool
}

var noAdmin = map[string]any{"INSTALLED_APPS": []any{"django.contrib.auth"}}

// Each rule with a stack that breaks it and one that does not.
var ruleCases = map[string][2]lintCase{
	"session-before-auth":     {{stack: []string{sec, auth, com, csrf, ses, msg, xfo}}, {stack: def()}},
	"session-before-messages": {{stack: []string{sec, msg, ses, com, csrf, auth, xfo}}, {stack: []string{sec, msg, ses, com, csrf, auth, xfo}, settings: map[string]any{"MESSAGE_STORAGE": "django.contrib.messages.storage.cookie.CookieStorage"}}},
	"auth-before-remote-user": {{stack: []string{sec, ses, com, csrf, stack.PathRemoteUser, auth, msg, xfo}}, {stack: def(stack.PathRemoteUser)}},
	"csrf-before-remote-user": {{stack: []string{sec, ses, com, auth, stack.PathPersistentRU, csrf, msg, xfo}}, {stack: def(stack.PathPersistentRU)}},
	"session-before-csrf": {{stack: []string{sec, csrf, com, ses, auth, msg, xfo}, settings: map[string]any{"CSRF_USE_SESSIONS": true}},
		{stack: []string{sec, csrf, com, ses, auth, msg, xfo}}},
	"session-above-raisers": {{stack: []string{sec, com, ses, csrf, auth, msg, xfo}, settings: map[string]any{"CSRF_USE_SESSIONS": true}},
		{stack: def(), settings: map[string]any{"CSRF_USE_SESSIONS": true}}},
	"update-cache-above-vary":     {{stack: def(upd, fetch)}, {stack: with([]string{upd}, def(fetch)...)}},
	"cache-middleware-above-vary": {{stack: def(stack.PathCache)}, {stack: with([]string{stack.PathCache}, def()...)}},
	"fetch-cache-below-vary":      {{stack: []string{upd, sec, fetch, ses, com, csrf, auth, msg, xfo}}, {stack: with([]string{upd}, def(fetch)...)}},
	"cache-pair-order":            {{stack: with([]string{fetch}, def(upd)...)}, {stack: with([]string{upd}, def(fetch)...)}},
	"cache-pair-incomplete":       {{stack: def(fetch)}, {stack: with([]string{upd}, def(fetch)...)}},
	"conditional-get-below-gzip":  {{stack: with([]string{stack.PathConditionalGet, stack.PathGZip}, def()...)}, {stack: with([]string{stack.PathGZip, stack.PathConditionalGet}, def()...)}},
	"locale-below-session":        {{stack: []string{sec, stack.PathLocale, ses, com, csrf, auth, msg, xfo}}, {stack: []string{sec, ses, stack.PathLocale, com, csrf, auth, msg, xfo}}},
	"locale-above-common":         {{stack: []string{sec, ses, com, stack.PathLocale, csrf, auth, msg, xfo}}, {stack: []string{sec, ses, stack.PathLocale, com, csrf, auth, msg, xfo}}},
	"security-near-top": {{stack: []string{ses, sec, com, csrf, auth, msg, xfo}, settings: map[string]any{"SECURE_SSL_REDIRECT": true}},
		{stack: []string{ses, sec, com, csrf, auth, msg, xfo}}},
	"fallbacks-near-bottom":       {{stack: with([]string{pathFlatpage}, def()...)}, {stack: def(pathFlatpage, pathRedirectFallback)}},
	"xview-requires-auth":         {{stack: []string{sec, ses, com, csrf, pathXView, msg, xfo}, settings: noAdmin}, {stack: def(pathXView)}},
	"csrf-before-view-middleware": {{stack: []string{sec, ses, com, auth, pathCProfile, csrf, msg, xfo}}, {stack: def(pathCProfile)}},
	"admin.E408":                  {{stack: without(def(), auth)}, {stack: without(def(), auth), settings: noAdmin}},
	"admin.E409":                  {{stack: without(def(), msg)}, {stack: def()}},
	"admin.E410":                  {{stack: without(def(), ses)}, {stack: def()}},
	"security.W001":               {{stack: without(def(), sec)}, {stack: def()}},
	"security.W002":               {{stack: without(def(), xfo)}, {stack: def()}},
	"security.W003":               {{stack: without(def(), csrf)}, {stack: def()}},
	"security.W004":               {{stack: def(), settings: map[string]any{"SECURE_HSTS_SECONDS": 0.0}}, {stack: def(), settings: map[string]any{"SECURE_HSTS_SECONDS": 0.0}, debug: true}},
	"security.W005":               {{stack: def(), settings: map[string]any{"SECURE_HSTS_SECONDS": 3600.0}}, {stack: def(), settings: map[string]any{"SECURE_HSTS_SECONDS": 3600, "SECURE_HSTS_INCLUDE_SUBDOMAINS": true}}},
	"security.W006":               {{stack: def(), settings: map[string]any{"SECURE_CONTENT_TYPE_NOSNIFF": false}}, {stack: def()}},
	"security.W008":               {{stack: def(), settings: map[string]any{"SECURE_SSL_REDIRECT": false}}, {stack: def(), settings: map[string]any{"SECURE_SSL_REDIRECT": false}, debug: true}},
	"security.W011":               {{stack: def(), settings: map[string]any{"SESSION_COOKIE_SECURE": false}}, {stack: def(), settings: map[string]any{"SESSION_COOKIE_SECURE": true}}},
	"security.W014":               {{stack: def(), settings: map[string]any{"SESSION_COOKIE_HTTPONLY": false}}, {stack: def()}},
	"security.W016":               {{stack: def(), settings: map[string]any{"CSRF_COOKIE_SECURE": false}}, {stack: def(), settings: map[string]any{"CSRF_COOKIE_SECURE": false, "CSRF_USE_SESSIONS": true}}},
	"security.W019":               {{stack: def(), settings: map[string]any{"X_FRAME_OPTIONS": "SAMEORIGIN"}}, {stack: def(), settings: map[string]any{"X_FRAME_OPTIONS": "deny"}}},
	"security.W021":               {{stack: def(), settings: map[string]any{"SECURE_HSTS_SECONDS": 60, "SECURE_HSTS_INCLUDE_SUBDOMAINS": true}}, {stack: def(), settings: map[string]any{"SECURE_HSTS_SECONDS": 60, "SECURE_HSTS_INCLUDE_SUBDOMAINS": true, "SECURE_HSTS_PRELOAD": true}}},
	"security.W022":               {{stack: def(), settings: map[string]any{"SECURE_REFERRER_POLICY": nil}}, {stack: def(), settings: map[string]any{"SECURE_REFERRER_POLICY": "same-origin"}}},
	"security.E023":               {{stack: def(), settings: map[string]any{"SECURE_REFERRER_POLICY": "same-origin, nope"}}, {stack: def(), settings: map[string]any{"SECURE_REFERRER_POLICY": []any{"same-origin", "strict-origin"}}}},
	"cors-above-answering":        {{stack: []string{sec, ses, com, stack.PathCors, csrf, auth, msg, xfo}}, {stack: with([]string{stack.PathCors}, def()...)}},
	"whitenoise-below-security":   {{stack: with([]string{stack.PathWhiteNoise}, def()...)}, {stack: []string{sec, stack.PathWhiteNoise, ses, com, csrf, auth, msg, xfo}}},
	"whitenoise-above-work":       {{stack: []string{sec, ses, stack.PathWhiteNoise, com, csrf, auth, msg, xfo}}, {stack: []string{sec, stack.PathWhiteNoise, ses, com, csrf, auth, msg, xfo}}},
	"debug_toolbar.W003":          {{stack: with([]string{pathToolbar, stack.PathGZip}, def()...)}, {stack: with([]string{stack.PathGZip, pathToolbar}, def()...)}},
	"debug_toolbar.W001":          {{stack: def(), settings: map[string]any{"INSTALLED_APPS": []any{"django.contrib.admin", "debug_toolbar"}}}, {stack: def(pathToolbar), settings: map[string]any{"INSTALLED_APPS": []any{"django.contrib.admin", "debug_toolbar"}}}},
	"gzip-above-injectors":        {{stack: with([]string{pathBrowserReload, stack.PathGZip}, def()...)}, {stack: with([]string{stack.PathGZip, pathBrowserReload}, def()...)}},
	"csp-above-injectors":         {{stack: with([]string{pathToolbar, pathCSP}, def()...)}, {stack: with([]string{pathCSP, pathToolbar}, def()...)}},
	"hosts-request-above-toolbar": {{stack: with([]string{pathToolbar, pathHostsRequest}, def()...)}, {stack: with([]string{pathHostsRequest, pathToolbar}, def()...)}},
	"hosts-request-first":         {{stack: []string{sec, ses, com, pathHostsRequest, csrf, auth, msg, xfo}}, {stack: with([]string{pathHostsRequest}, def()...)}},
	"tenant-first":                {{stack: []string{sec, ses, pathTenantMain, com, csrf, auth, msg, xfo}}, {stack: with([]string{pathTenantMain}, def()...)}},
	"axes-last":                   {{stack: []string{sec, ses, com, csrf, auth, pathAxes, msg, xfo}}, {stack: def(pathAxes)}},
	"prometheus-after-last":       {{stack: with([]string{pathPromBefore, pathPromAfter}, def()...)}, {stack: with([]string{pathPromBefore}, def(pathPromAfter)...)}},
	"auth-before-user-readers":    {{stack: []string{sec, ses, com, csrf, stack.PathLoginPattern, auth, msg, xfo}}, {stack: def(stack.PathLoginPattern)}},
	"auth-before-user-loggers":    {{stack: with([]string{pathStructlog}, def()...)}, {stack: def(pathStructlog)}},
	"session-before-session-timeout": {{stack: []string{sec, pathSessionTimeout, ses, com, csrf, auth, msg, xfo}},
		{stack: []string{sec, ses, pathSessionTimeout, com, csrf, auth, msg, xfo}}},
	"json-error-above-ratelimit": {{stack: def(pathRatelimitMW, stack.PathJSONError)}, {stack: def(stack.PathJSONError, pathRatelimitMW)}},
	"auth-before-jwt":            {{stack: []string{sec, ses, com, csrf, stack.PathJWT, auth, msg, xfo}}, {stack: def(stack.PathJWT)}},
	"jwt-before-login-check":     {{stack: def(stack.PathLoginPattern, stack.PathJWT)}, {stack: def(stack.PathJWT, stack.PathLoginPattern)}},
	"silent-jwt-swallows-errors": {{stack: def(stack.PathSilentJWT)}, {stack: def(stack.PathJWT)}},
	"timing-outermost":           {{stack: with([]string{sec, stack.PathRequestTime}, def()[1:]...)}, {stack: with([]string{stack.PathRequestTime}, def()...)}},
	"request-id-outermost":       {{stack: def(pathGUID)}, {stack: with([]string{pathGUID, stack.PathRequestTime}, def()...)}},
	"rate-limit-above-session":   {{stack: def(stack.PathRateLimit)}, {stack: with([]string{sec, stack.PathRateLimit}, def()[1:]...)}},
	"path-rewrite-above-path-checks": {{stack: []string{sec, ses, com, stack.PathInternalNet, stack.PathTenantPrefix, csrf, auth, msg, xfo}},
		{stack: []string{sec, stack.PathTenantPrefix, ses, com, stack.PathInternalNet, csrf, auth, msg, xfo}}},
	"allowlist-below-common":    {{stack: []string{sec, stack.PathInternalNet, ses, com, csrf, auth, msg, xfo}}, {stack: []string{sec, ses, com, stack.PathInternalNet, csrf, auth, msg, xfo}}},
	"header-above-answering":    {{stack: def(stack.PathCustomHeader)}, {stack: []string{sec, stack.PathCustomHeader, ses, com, csrf, auth, msg, xfo}}},
	"duplicate-entry":           {{stack: def(auth)}, {stack: def()}},
	"needs-newer-django":        {{stack: def(stack.PathLoginRequired), django: "4.2"}, {stack: def(stack.PathLoginRequired), django: "5.2"}},
	"auth.E013":                 {{stack: []string{sec, ses, com, csrf, stack.PathLoginRequired, auth, msg, xfo}, django: "5.2"}, {stack: def(stack.PathLoginRequired), django: "5.2"}},
	"unknown-middleware":        {{stack: def("myproject.middleware.Thing")}, {stack: def()}},
	"referrer-policy-redundant": {{stack: def(pathReferrerPolicy)}, {stack: def()}},
	"cache-middleware-with-locale": {{stack: []string{stack.PathCache, sec, ses, stack.PathLocale, com, csrf, auth, msg, xfo}},
		{stack: with([]string{stack.PathCache}, def()...)}},
	"tenant-with-csrf-use-sessions": {{stack: with([]string{pathTenantMain}, def()...), settings: map[string]any{"CSRF_USE_SESSIONS": true}},
		{stack: with([]string{pathTenantMain}, def()...)}},
}

func hasRule(fs []Finding, id string) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

func TestEveryRuleHasATriggeringAndACleanStack(t *testing.T) {
	for _, r := range Rules() {
		c, ok := ruleCases[r.ID]
		if !ok {
			t.Errorf("rule %s has no test case", r.ID)
			continue
		}
		bad := Check(c[0].stack, Config{Debug: c[0].debug, Settings: c[0].settings, Django: c[0].django})
		if !hasRule(bad, r.ID) {
			t.Errorf("%s: not reported for %v %v; got %v", r.ID, c[0].stack, c[0].settings, bad)
		}
		good := Check(c[1].stack, Config{Debug: c[1].debug, Settings: c[1].settings, Django: c[1].django})
		if hasRule(good, r.ID) {
			t.Errorf("%s: reported for the clean stack %v %v", r.ID, c[1].stack, c[1].settings)
		}
	}
	for id := range ruleCases {
		if _, ok := Lookup(id); !ok {
			t.Errorf("test case for unknown rule %s", id)
		}
	}
}

var ruleID = regexp.MustCompile(`^([a-z][a-z0-9]*(-[a-z0-9]+)*|[a-z_]+\.[EW]\d{3})$`)

func TestRuleTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if !ruleID.MatchString(r.ID) || seen[r.ID] {
			t.Errorf("bad or repeated id %q", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Explanation == "" || r.Fix == "" || !strings.HasPrefix(r.Docs, "https://") {
			t.Errorf("%s: incomplete: %+v", r.ID, r)
		}
		if r.Severity != Error && r.Severity != Warning && r.Severity != Info {
			t.Errorf("%s: severity %q", r.ID, r.Severity)
		}
	}
	for _, s := range specs {
		if s.custom == nil && !s.missing && s.msgOrder == "" && s.msgMissing == "" {
			t.Errorf("%s: no message", s.ID)
		}
		if len(s.requires) > 0 && (s.msgMissing == "" || s.fixMissing == "") || (len(s.above) > 0 || len(s.below) > 0 || s.aboveAll || s.belowAll || s.requireAbove) && (s.msgOrder == "" || s.fixOrder == "") {
			t.Errorf("%s: missing a message or fix template", s.ID)
		}
	}
}

func TestFindingShape(t *testing.T) {
	st := []string{sec, auth, com, csrf, ses, msg, xfo, "x.Y", stack.PathUpdateCache}
	fs := Check(st, Config{})
	for i, f := range fs {
		if f.Message == "" || f.Fix == "" || f.Docs == "" || len(f.Paths) < len(f.Entries) {
			t.Errorf("incomplete finding %+v", f)
		}
		for k, e := range f.Entries {
			if st[e] != f.Paths[k] {
				t.Errorf("finding %s: entry %d is %s, path says %s", f.Rule, e, st[e], f.Paths[k])
			}
		}
		if strings.Contains(f.Message, "{") || strings.Contains(f.Fix, "{") {
			t.Errorf("unfilled template in %+v", f)
		}
		if i > 0 {
			a, b := fs[i-1], f
			ka, kb := 1<<30, 1<<30
			if len(a.Entries) > 0 {
				ka = a.Entries[0]
			}
			if len(b.Entries) > 0 {
				kb = b.Entries[0]
			}
			if ka > kb || ka == kb && a.Rule > b.Rule {
				t.Errorf("findings out of order: %s before %s", a, b)
			}
		}
	}
	if len(fs) < 3 {
		t.Errorf("expected several findings, got %v", fs)
	}
}

func TestUnknownEntries(t *testing.T) {
	fs := Check([]string{"", "  ", "django.contrib.sessions.middleware.SessionMiddlware", "myapp.X", "myapp.X"}, Config{Settings: noAdmin})
	var sevs []string
	for _, f := range fs {
		if f.Rule == "unknown-middleware" {
			sevs = append(sevs, string(f.Severity))
			if strings.HasPrefix(f.Paths[0], "django.") && !strings.Contains(f.Fix, stack.PathSession) {
				t.Errorf("typo fix does not suggest SessionMiddleware: %s", f.Fix)
			}
		}
	}
	if strings.Join(sevs, ",") != "info,info,warning,info" {
		t.Errorf("unknown-middleware severities %v in %v", sevs, fs)
	}
	for _, f := range Check(nil, Config{}) {
		if len(f.Entries) != 0 {
			t.Errorf("empty stack: a finding about an entry: %v", f)
		}
	}
}

func TestExplainAndByEntry(t *testing.T) {
	st := []string{sec, auth, com, csrf, ses, msg, xfo}
	fs := Check(st, Config{})
	f, ok := Explain(fs, 1)
	if !ok || f.Rule != "session-before-auth" {
		t.Errorf("Explain(layer 1) = %v, %v", f, ok)
	}
	if f, ok := Explain(fs, 4); !ok || f.Rule != "session-before-auth" {
		t.Errorf("Explain(layer 4, the partner) = %v, %v", f, ok)
	}
	if _, ok := Explain(fs, 6); ok {
		t.Error("Explain(layer 6) found a finding about XFrameOptionsMiddleware")
	}
	if _, ok := Explain(Check(def(), Config{}), -1); ok {
		t.Error("Explain on the default stack found something")
	}
	by := ByEntry(fs, len(st))
	if len(by[1]) != 1 || len(by[4]) != 1 || len(by[0]) != 0 {
		t.Errorf("ByEntry = %v", by)
	}
	if !Blocking(fs) || Blocking(Check(def(), Config{})) {
		t.Error("Blocking")
	}
}

type scenario struct {
	Middleware []string       `json:"middleware"`
	Settings   map[string]any `json:"settings"`
}

func loadScenarios(t *testing.T) map[string]scenario {
	files, err := filepath.Glob("../testdata/conformance/scenarios/*.json")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]scenario{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if strings.HasPrefix(name, "x-") {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var sc scenario
		if err := json.Unmarshal(raw, &sc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[name] = sc
	}
	if len(out) != 25 {
		t.Fatalf("found %d public scenarios, want 25", len(out))
	}
	return out
}

// The public scenarios whose stack breaks a documented rule (the others
// are correct stacks that show a behaviour).
var brokenScenarios = map[string]string{
	"auth-above-session":                "session-before-auth",
	"auth-missing":                      "admin.E408",
	"cache-update-inside-session":       "update-cache-above-vary",
	"csrf-use-sessions-above-session":   "session-before-csrf",
	"custom-header-last":                "header-above-answering",
	"internal-network-exemptions":       "allowlist-below-common",
	"login-required-pattern-above-auth": "auth-before-user-readers",
	"messages-above-session":            "session-before-messages",
	"rate-limit-below-auth":             "rate-limit-above-session",
	"remote-user-above-auth":            "auth-before-remote-user",
	"session-missing":                   "session-before-auth",
	"silent-jwt-above-auth":             "auth-before-jwt",
	"tenant-prefix-after-exemptions":    "path-rewrite-above-path-checks",
}

func fixable(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if Fixable(f) {
			out = append(out, f)
		}
	}
	return out
}

func TestConformanceScenarios(t *testing.T) {
	for name, sc := range loadScenarios(t) {
		cfg := Config{Settings: sc.Settings}
		fs := Check(sc.Middleware, cfg)
		if name == "default-stack" && len(fs) != 0 {
			t.Errorf("default stack: %v", fs)
		}
		rule, broken := brokenScenarios[name]
		if !broken {
			for _, f := range fs {
				if f.Severity != Info {
					t.Errorf("%s is a correct stack, but: %s", name, f)
				}
			}
			if fix := FixOrder(sc.Middleware, cfg); len(fix.Moves) != 0 {
				t.Errorf("%s: FixOrder moves a correct stack: %v", name, fix.Moves)
			}
			continue
		}
		if !hasRule(fs, rule) {
			t.Errorf("%s: no %s finding in %v", name, rule, fs)
		}
		fix := FixOrder(sc.Middleware, cfg)
		if left := fixable(Check(fix.Stack, cfg)); len(left) > 0 {
			t.Errorf("%s: fixed stack %v still has %v", name, fix.Stack, left)
		}
		if len(fix.Moves) == 0 {
			t.Errorf("%s: FixOrder made no move", name)
		}
	}
}

func TestDefaultStackIsClean(t *testing.T) {
	if fs := Check(stack.DefaultMiddleware(), Config{}); len(fs) != 0 {
		t.Errorf("default stack: %v", fs)
	}
	if fs := Check(stack.DefaultMiddleware(), Config{Debug: true}); len(fs) != 0 {
		t.Errorf("default stack, DEBUG: %v", fs)
	}
}

// TestFindingsSpeakOfTheChosenVersion checks a finding names what the
// chosen Django raises and links that version's documentation.
func TestFindingsSpeakOfTheChosenVersion(t *testing.T) {
	authAbove := []string{sec, auth, ses, com, csrf, msg, xfo}
	for _, tc := range []struct{ django, raises string }{{"3.2", "AssertionError"}, {"4.2", "ImproperlyConfigured"}, {"5.2", "ImproperlyConfigured"}} {
		var found *Finding
		for _, f := range Check(authAbove, Config{Django: tc.django}) {
			if f.Rule == "session-before-auth" {
				found = &f
			}
		}
		if found == nil {
			t.Fatalf("%s: no session-before-auth finding", tc.django)
		}
		if !strings.Contains(found.Message, tc.raises) || strings.Contains(found.Message, "{raise}") {
			t.Errorf("%s: message %q does not name %s", tc.django, found.Message, tc.raises)
		}
		if !strings.Contains(found.Docs, "/en/"+tc.django+"/") {
			t.Errorf("%s: docs %q link another version", tc.django, found.Docs)
		}
	}
}

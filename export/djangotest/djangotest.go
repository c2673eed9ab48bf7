// Package djangotest writes a playground scenario as a Django tests.py: a
// TestCase that runs the scenario's requests through the exported
// MIDDLEWARE with Django's own test Client and asserts each request's
// expectation, so a failing request can be taken home and run with
// `manage.py test` in the project it came from.
//
// The generated code makes users and credentials the way Django's own
// tests do (force_login, a JWT signed with settings.SECRET_KEY by PyJWT,
// a DRF token, CSRF through enforce_csrf_checks=True and a token from
// get_token), and replays the requests before the one under test, because
// a scenario's site keeps its state (sessions, the page cache, rate-limit
// counters) from one request to the next.
package djangotest

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/stack/settingspy"
)

// All selects every request of a scenario.
const All = -1

// Write returns the tests.py for one scenario: one TestCase class, one
// test per request (only request `only` when it is not All; the requests
// before it are still replayed). The scenario must be valid.
func Write(sc *stack.Scenario, only int) (string, error) {
	if only != All && (only < 0 || only >= len(sc.Requests)) {
		return "", &stack.FieldError{Field: "request", Msg: fmt.Sprintf("no request %d: the scenario has %d", only, len(sc.Requests))}
	}
	if len(sc.Requests) == 0 {
		return "", &stack.FieldError{Field: "requests", Msg: "no request to export"}
	}
	// The docstrings say what the playground predicts on this order, so
	// the scenario is simulated once.
	tr, err := stack.Simulate(sc)
	if err != nil {
		return "", err
	}
	if len(tr.Results) != len(sc.Requests) {
		return "", errors.New("djangotest: the trace does not have one result per request")
	}
	w := &writer{sc: sc, tr: tr, version: sc.Django}
	if w.version == "" {
		w.version = stack.DefaultVersion
	}
	w.scan()
	w.module()
	w.class(only)
	return w.b.String(), nil
}

type writer struct {
	b       strings.Builder
	sc      *stack.Scenario
	tr      *stack.Trace
	version string
	// What the requests need, so the module imports and defines only that.
	needJWT, needToken, needCSRF, needSession bool
}

func (w *writer) p(format string, args ...any) { fmt.Fprintf(&w.b, format, args...) }

// s writes text as it is (Python code full of % signs).
func (w *writer) s(text string) { w.b.WriteString(text) }

func (w *writer) scan() {
	for _, r := range w.sc.Requests {
		for _, a := range r.Auth {
			switch kind, _, _ := strings.Cut(a, ":"); kind {
			case "jwt", "jwt-expired", "jwt-badsig":
				w.needJWT = true
			case "token":
				w.needToken = true
			case "csrf":
				w.needCSRF = true
			case "session":
				w.needSession = true
			}
		}
	}
}

// headersParam says the test Client takes headers={...}: Django 4.2 added
// it; before, headers go in as WSGI environ keys (HTTP_X_Y=...).
func (w *writer) headersParam() bool {
	major, minor, _ := strings.Cut(w.version, ".")
	ma, _ := strconv.Atoi(major)
	mi, _ := strconv.Atoi(minor)
	return ma > 4 || ma == 4 && mi >= 2
}

func (w *writer) module() {
	w.p(`"""Django tests exported from Middleware Playground, for Django %s.

Drop this file into an app of your project (as tests.py, or as a module of
its tests package) and run `+"`python manage.py test`"+`. Each test sends the
playground's requests through the MIDDLEWARE below with Django's test
Client and checks what the request was expected to do; the users (alice,
bob, mallory), paths and myapp.* middleware are the playground's demo site,
so rename them to your project's where they differ.
"""
`, w.version)
	if w.needJWT {
		w.p("import datetime\n\n")
	}
	if w.needJWT {
		w.p("import jwt\n")
	}
	if w.needJWT || w.needSession || w.needCSRF {
		w.p("from django.conf import settings\n")
	}
	w.p("from django.contrib.auth import get_user_model\n")
	w.p("from django.core.cache import cache\n")
	if w.needCSRF {
		w.p("from django.middleware.csrf import get_token\n")
		w.p("from django.test import Client, RequestFactory, TestCase, override_settings\n")
	} else {
		w.p("from django.test import Client, TestCase, override_settings\n")
	}
	w.s(`

class ViewProbe:
    """Appended innermost to MIDDLEWARE: its process_view runs right before
    the view and only then, so a test can tell that the view answered rather
    than a layer above it or the page cache. It reads nothing on the request,
    so the stack behaves exactly as it would without it."""
    reached = []

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        ViewProbe.reached.append(request)
        return None


PROBE = __name__ + '.ViewProbe'


class PlaygroundTestCase(TestCase):
    """The demo site's users, one test Client per browser, the credentials
    of the playground's requests, and the checks of their expectations."""

    @classmethod
    def setUpTestData(cls):
        User = get_user_model()
        cls.users = {
            'alice': User.objects.create_user('alice', password='wonderland'),
            'bob': User.objects.create_user('bob', password='builder', is_staff=True),
            'mallory': User.objects.create_user('mallory', password='x', is_active=False),
        }

    def setUp(self):
        # The page cache and the rate limiter's counters live in the cache:
        # every test starts from an empty one and replays the requests
        # that came before its own.
        cache.clear()
        ViewProbe.reached.clear()
        self.browsers = {}
        self.escaped = None

    def browser(self, name):
        """One Client per browser, each with its own cookies, checking CSRF
        as a real browser's requests are checked."""
        if name not in self.browsers:
            self.browsers[name] = Client(enforce_csrf_checks=True, raise_request_exception=False)
        return self.browsers[name]
`)
	if w.needSession {
		w.s(`
    def stale_session(self, browser):
        """A session cookie the session store does not know."""
        browser.cookies[settings.SESSION_COOKIE_NAME] = 'stale' + '0' * 28
`)
	}
	if w.needJWT {
		w.s(`
    def bearer(self, user_id, expires_in=3600, key=None):
        """An Authorization header with an HS256 JWT {"user_id", "exp"},
        signed with the project's SECRET_KEY unless another key is given."""
        exp = datetime.datetime.now(tz=datetime.timezone.utc) + datetime.timedelta(seconds=expires_in)
        token = jwt.encode({'user_id': user_id, 'exp': exp}, key or settings.SECRET_KEY, algorithm='HS256')
        return 'Bearer ' + (token if isinstance(token, str) else token.decode())
`)
	}
	if w.needToken {
		w.s(`
    def drf_token(self, name):
        """An Authorization header with the user's DRF token."""
        from rest_framework.authtoken.models import Token
        return 'Token ' + Token.objects.get_or_create(user=self.users[name])[0].key
`)
	}
	if w.needCSRF {
		w.s(`
    def csrf(self):
        """A real CSRF cookie and the token a form of that page would carry,
        both from Django's own get_token()."""
        request = RequestFactory().get('/')
        token = get_token(request)
        return request.META['CSRF_COOKIE'], token
`)
	}
	w.s(`
    def send(self, browser, method, path, data=None, **extra):
        try:
            if method == 'post':
                return browser.post(path, data or {}, **extra)
            return getattr(browser, method)(path, **extra)
        except Exception as exc:  # noqa: BLE001
            # Even Django's own error handling failed: a WSGI server would
            # answer with a bare 500 of its own.
            self.escaped = exc
            return None

    def replay(self, n):
        """Sends requests 1 to n, as the playground ran them before this one."""
        for i in range(1, n + 1):
            getattr(self, 'request_%d' % i)()

    def check(self, response, expectation, status=None, user=None):
        self.assertIsNotNone(response, '%s: an exception escaped Django itself (%r)' % (expectation, self.escaped))
        if status is not None:
            self.assertEqual(response.status_code, status, '%s: expected status %d' % (expectation, status))
        if user is None:
            return
        request = response.wsgi_request
        self.assertTrue(any(r is request for r in ViewProbe.reached),
                        '%s: expected the view to answer as %s, but it never ran '
                        '(status %d came from a layer above it or the page cache)' % (expectation, user, response.status_code))
        seen = getattr(request, 'user', None)
        self.assertIsNotNone(seen, '%s: expected the view to see %s, but request.user was never set' % (expectation, user))
        name = seen.get_username() if seen.is_authenticated else 'anonymous'
        self.assertEqual(name, user, '%s: expected the view to see %s' % (expectation, user))
`)
}

// class writes the scenario's TestCase.
func (w *writer) class(only int) {
	sc := w.sc
	w.p("\n\n@override_settings(\n    MIDDLEWARE=[\n")
	for _, m := range sc.Middleware {
		w.p("        %s,\n", pyStr(m))
	}
	w.p("        PROBE,\n    ],\n")
	for _, k := range slices.Sorted(maps.Keys(sc.Settings)) {
		w.p("    %s=%s,\n", k, settingLiteral(k, sc.Settings[k]))
	}
	w.p(")\n")
	w.p("class %s(PlaygroundTestCase):\n", className(sc.Name))
	title := sc.Name
	if title == "" {
		title = "the playground's stack"
	}
	w.p("    %s\n", pyDoc(fmt.Sprintf("Scenario %s: the requests through this MIDDLEWARE, in order, on Django %s. "+
		"Each test replays the requests before its own, since sessions, the page cache and the rate limiter keep their state between them.", title, w.version), 4))
	for i := range sc.Requests {
		w.request(i)
	}
	for i := range sc.Requests {
		if only == All || only == i {
			w.test(i)
		}
	}
}

// request writes request_N: the request with its browser and credentials.
func (w *writer) request(i int) {
	r := w.sc.Requests[i]
	w.p("\n    def request_%d(self):\n", i+1)
	w.p("        %s\n", pyDoc(label(r), 8))
	browser := r.Client
	if browser == "" {
		browser = "A"
	}
	w.p("        browser = self.browser(%s)\n", pyStr(browser))
	headers := map[string]string{}
	for k, v := range r.Headers {
		headers[k] = v
	}
	var extra []string
	for _, a := range r.Auth {
		kind, who, _ := strings.Cut(a, ":")
		switch kind {
		case "session":
			if who == "stale" {
				w.p("        self.stale_session(browser)\n")
			} else {
				w.p("        browser.force_login(self.users[%s])\n", pyStr(who))
			}
		case "jwt":
			if isDemoUser(who) {
				headers["Authorization"] = fmt.Sprintf("\x00self.bearer(self.users[%s].pk)", pyStr(who))
			} else {
				// A token for a user id that does not exist.
				headers["Authorization"] = "\x00self.bearer(9999)"
			}
		case "jwt-expired":
			headers["Authorization"] = fmt.Sprintf("\x00self.bearer(self.users[%s].pk, expires_in=-60)", pyStr(who))
		case "jwt-badsig":
			headers["Authorization"] = fmt.Sprintf("\x00self.bearer(self.users[%s].pk, key='wrong-key')", pyStr(who))
		case "bearer-malformed":
			headers["Authorization"] = "Bearer"
		case "token":
			headers["Authorization"] = fmt.Sprintf("\x00self.drf_token(%s)", pyStr(who))
		case "csrf":
			w.p("        cookie, token = self.csrf()\n")
			w.p("        browser.cookies[settings.CSRF_COOKIE_NAME] = cookie\n")
			switch who {
			case "valid":
				headers["X-CSRFToken"] = "\x00token"
			case "mismatch":
				headers["X-CSRFToken"] = "\x00self.csrf()[1]"
			}
		}
	}
	if r.RemoteAddr != "" {
		extra = append(extra, "REMOTE_ADDR="+pyStr(r.RemoteAddr))
	}
	if r.Secure {
		extra = append(extra, "secure=True")
	}
	if r.Host != "" {
		headers["Host"] = r.Host
	}
	if w.headersParam() && len(headers) > 0 {
		extra = append(extra, "headers="+pyDict(headers, pyExpr))
	} else {
		for _, k := range slices.Sorted(maps.Keys(headers)) {
			key := "HTTP_" + strings.ToUpper(strings.ReplaceAll(k, "-", "_"))
			if isIdentifier(key) {
				extra = append(extra, key+"="+pyExpr(headers[k]))
			} else {
				extra = append(extra, "**{"+pyStr(key)+": "+pyExpr(headers[k])+"}")
			}
		}
	}
	method := strings.ToLower(r.Method)
	if method == "" {
		method = "get"
	}
	args := []string{"browser", pyStr(method), pyStr(r.Path)}
	if method == "post" && len(r.Form) > 0 {
		args = append(args, "data="+pyDict(r.Form, pyStr))
	}
	args = append(args, extra...)
	w.p("        return self.send(%s)\n", strings.Join(args, ", "))
}

// test writes test_NN: replay what came before, send the request, check
// its expectation.
func (w *writer) test(i int) {
	r := w.sc.Requests[i]
	res := &w.tr.Results[i]
	w.p("\n    def test_%02d_%s(self):\n", i+1, slug(r.ID, r.Label, r.Path))
	status, user, what := expectation(r, res)
	w.p("        %s\n", pyDoc(w.docstring(r, res, what), 8))
	if i > 0 {
		w.p("        self.replay(%d)\n", i)
	}
	args := []string{"self.request_" + strconv.Itoa(i+1) + "()", pyStr(what)}
	if status != 0 {
		args = append(args, "status="+strconv.Itoa(status))
	}
	if user != "" {
		args = append(args, "user="+pyStr(user))
	}
	w.p("        self.check(%s)\n", strings.Join(args, ", "))
}

// expectation is what a test asserts: the request's own expectation, or
// for a request without one, what the playground predicts on this stack
// (the test then guards the current behaviour).
func expectation(r stack.Request, res *stack.Result) (status int, user, what string) {
	if e := r.Expect; e != nil {
		what = e.Text
		if what == "" {
			what = label(r)
		}
		return e.Status, e.User, what
	}
	return res.Status, stack.ExpectableUser(res.UserAtView), label(r) + " (as the playground predicts on this stack)"
}

// docstring says what the test checks and why it fails on a bad order:
// the playground's diagnosis when the request fails on this stack, else
// the placement of the layers it depends on.
func (w *writer) docstring(r stack.Request, res *stack.Result, what string) string {
	var b strings.Builder
	b.WriteString(label(r))
	b.WriteString(": checks that ")
	b.WriteString(lowerFirst(strings.TrimSuffix(what, ".")))
	if e := r.Expect; e != nil {
		var parts []string
		if e.Status != 0 {
			parts = append(parts, "status "+strconv.Itoa(e.Status))
		}
		if e.User != "" {
			parts = append(parts, "the view answers and sees "+e.User)
		}
		if len(parts) > 0 {
			b.WriteString(" (" + strings.Join(parts, ", ") + ")")
		}
	}
	b.WriteString(".\n\n")
	d := stack.Diagnose(r, res)
	if r.Expect != nil && !d.Passed {
		b.WriteString("The playground predicts it FAILS on this order: ")
		b.WriteString(d.Summary)
		if d.Reason != "" {
			b.WriteString(" " + sentence(d.Reason))
		}
		if d.Fix != "" {
			b.WriteString(" Fix: " + d.Fix)
		}
		return b.String()
	}
	b.WriteString("The playground predicts it passes on this order. ")
	if deps := dependsOn(w.sc, res); len(deps) > 0 {
		b.WriteString("It fails when a layer it depends on moves: " + strings.Join(deps, " "))
	} else {
		b.WriteString("It fails when a layer moved above the view answers it first.")
	}
	return b.String()
}

// dependsOn names the layers that decided something about the request
// (set the user, answered, checked it), each with where it belongs.
func dependsOn(sc *stack.Scenario, res *stack.Result) []string {
	seen := map[string]bool{}
	var out []string
	for _, st := range res.Steps {
		if st.Layer < 0 || st.Layer >= len(sc.Middleware) {
			continue
		}
		decided := st.Reason.Code != "" || st.UserSource != "" || st.Returned != 0 && st.Kind != stack.KindExit && st.Kind != stack.KindProcessResponse
		class := stack.ClassName(sc.Middleware[st.Layer])
		if !decided || seen[class] {
			continue
		}
		seen[class] = true
		if m, ok := stack.Lookup(sc.Middleware[st.Layer]); ok && m.Placement != "" {
			out = append(out, class+": "+m.Placement)
		}
		if len(out) == 3 {
			break
		}
	}
	return out
}

// sentence ends s with a full stop unless it ends with punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?:") {
		return s
	}
	return s + "."
}

func label(r stack.Request) string {
	if r.Label != "" {
		return r.Label
	}
	m := strings.ToUpper(r.Method)
	if m == "" {
		m = "GET"
	}
	return m + " " + r.Path
}

func isDemoUser(name string) bool { return name == "alice" || name == "bob" || name == "mallory" }

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	// Names stay as they are: only a sentence's capital goes.
	if len(r) > 1 && unicode.IsUpper(r[0]) && unicode.IsLower(r[1]) {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}

// className makes a Python class name from a scenario name.
func className(name string) string {
	var b strings.Builder
	up := true
	for _, c := range name {
		switch {
		case c < 128 && (unicode.IsLetter(c) || unicode.IsDigit(c)):
			if b.Len() == 0 && unicode.IsDigit(c) {
				b.WriteString("Scenario")
			}
			if up {
				c = unicode.ToUpper(c)
			}
			b.WriteRune(c)
			up = false
		default:
			up = true
		}
	}
	if b.Len() == 0 {
		b.WriteString("PlaygroundStack")
	}
	return b.String() + "Tests"
}

// slug makes the rest of a test method name.
func slug(parts ...string) string {
	for _, p := range parts {
		var b strings.Builder
		under := false
		for _, c := range strings.ToLower(p) {
			if c < 128 && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
				if under && b.Len() > 0 {
					b.WriteByte('_')
				}
				b.WriteRune(c)
				under = false
			} else {
				under = true
			}
			if b.Len() >= 40 {
				break
			}
		}
		if b.Len() > 0 {
			return b.String()
		}
	}
	return "request"
}

func isIdentifier(s string) bool {
	for i, c := range s {
		if !(c == '_' || c < 128 && unicode.IsLetter(c) || i > 0 && c < 128 && unicode.IsDigit(c)) {
			return false
		}
	}
	return s != ""
}

// pyExpr is a header value: a string literal, or Python code when the
// writer marked it so with a leading NUL (no header value holds one).
func pyExpr(v string) string {
	if code, ok := strings.CutPrefix(v, "\x00"); ok {
		return code
	}
	return pyStr(v)
}

// pyStr is s as a Python string literal.
func pyStr(s string) string { return settingspy.Quote(s, '\'') }

// pyDict writes m as a Python dict, its keys sorted (so the same scenario
// gives the same file) and each value as val writes it.
func pyDict[V any](m map[string]V, val func(V) string) string {
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = pyStr(k) + ": " + val(m[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// settingLiteral is a setting's value as Python. DISALLOWED_USER_AGENTS
// holds compiled patterns in Django, not strings.
func settingLiteral(name string, v any) string {
	if name == "DISALLOWED_USER_AGENTS" {
		if items, ok := v.([]any); ok {
			parts := make([]string, len(items))
			for i, it := range items {
				parts[i] = "__import__('re').compile(" + pyLiteral(it) + ")"
			}
			return "[" + strings.Join(parts, ", ") + "]"
		}
	}
	return pyLiteral(v)
}

// pyLiteral writes a JSON value as a Python literal.
func pyLiteral(v any) string { return settingspy.Literal(v, '\'') }

// pyDoc writes text as a triple-quoted docstring, wrapped at 79 columns
// for a block indented by indent spaces.
func pyDoc(text string, indent int) string {
	text = strings.ReplaceAll(text, `\`, `\\`)
	text = strings.ReplaceAll(text, `"""`, `\"\"\"`)
	pad := strings.Repeat(" ", indent)
	var lines []string
	for _, para := range strings.Split(text, "\n\n") {
		lines = append(lines, wrap(para, 79-indent-3)...)
		lines = append(lines, "")
	}
	lines = lines[:len(lines)-1]
	if len(lines) == 1 && len(lines[0])+6 <= 79-indent {
		return `"""` + lines[0] + `"""`
	}
	var b strings.Builder
	b.WriteString(`"""`)
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\n")
			if l != "" {
				b.WriteString(pad)
			}
		}
		b.WriteString(l)
	}
	b.WriteString("\n" + pad + `"""`)
	return b.String()
}

func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = word
			continue
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}

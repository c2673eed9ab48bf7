package djangotest

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

// awkward has every credential, a setting Django wants compiled, a name
// that is no identifier, and text full of quotes, backslashes and
// newlines, where a careless writer would produce broken Python.
func awkward(version string) *stack.Scenario {
	return &stack.Scenario{
		Name: `9 "quoted" \ name`, Django: version,
		Settings:   map[string]any{"DISALLOWED_USER_AGENTS": []any{`^bad\d+'"`}, "RATE_LIMIT": float64(5), "CSRF_TRUSTED_ORIGINS": []any{"https://x.example"}, "DEBUG": true},
		Middleware: append(stack.DefaultMiddleware(), "custom.middleware.Thing"),
		Requests: []stack.Request{
			{ID: "a'b", Label: `say """hi""" \n and 'bye'`, Path: `/it's/"here"\`, Method: "post", Form: map[string]string{"x'": "y\"\n"},
				Auth: []string{"session:alice", "csrf:mismatch"}, Headers: map[string]string{"X-Odd": `v'"\`, "Accept-Language": "fr"},
				Expect: &stack.Expectation{Status: 403, Text: `it's "refused"\`}},
			{Path: "/", Auth: []string{"session:stale", "jwt:ghost"}, RemoteAddr: "10.0.0.1", Secure: true, Host: "example.com"},
			{Path: "/api/drf/", Auth: []string{"token:bob", "csrf:valid"}, Client: "b"},
			{Path: "/api/data/", Auth: []string{"jwt-expired:alice"}, Expect: &stack.Expectation{User: "anonymous"}},
			{Path: "/api/data/", Auth: []string{"jwt-badsig:bob"}, Method: "OPTIONS"},
			{Path: "/api/data/", Auth: []string{"bearer-malformed", "csrf:cookie-only"}},
		},
	}
}

// TestWriteIsPython parses the export of an awkward scenario with
// Python's own parser, for each version's way of passing headers.
func TestWriteIsPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3 to parse the export with")
	}
	for _, v := range stack.KnownVersions() {
		code, err := Write(awkward(v), All)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("python3", "-c", "import ast, sys; ast.parse(sys.stdin.read())")
		cmd.Stdin = strings.NewReader(code)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("Django %s: the export is not Python: %v\n%s\n%s", v, err, out, code)
		}
		for _, want := range []string{
			"class Scenario9QuotedNameTests(PlaygroundTestCase):",
			`DISALLOWED_USER_AGENTS=[__import__('re').compile('^bad\\d+\'"')],`,
			"RATE_LIMIT=5,", "DEBUG=True,", "'custom.middleware.Thing',",
			"self.stale_session(browser)", "self.bearer(9999)", "self.drf_token('bob')",
			"self.bearer(self.users['alice'].pk, expires_in=-60)", "key='wrong-key'",
			"data={'x\\'': 'y\"\\n'}",
		} {
			if !strings.Contains(code, want) {
				t.Errorf("Django %s: export lacks %s", v, want)
			}
		}
		headers := strings.Contains(code, "headers={")
		if want := v != "3.2"; headers != want {
			t.Errorf("Django %s: headers={...} used: %v, want %v", v, headers, want)
		}
	}
}

func TestWriteOneRequest(t *testing.T) {
	code, err := Write(awkward("3.2"), 3)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(code, "    def test_"); n != 1 || !strings.Contains(code, "def test_04_api_data") || !strings.Contains(code, "self.replay(3)") {
		t.Errorf("only request 3's test, replaying three, was asked for; got %d tests:\n%s", n, code)
	}
	// A request without an expectation guards what the playground predicts.
	code, _ = Write(awkward("3.2"), 1)
	if !strings.Contains(code, "as the playground predicts on this stack") {
		t.Errorf("a request without an expectation should check the predicted outcome:\n%s", code)
	}
	for _, only := range []int{-2, 6} {
		if _, err := Write(awkward("3.2"), only); err == nil || !strings.Contains(err.Error(), "no request") {
			t.Errorf("Write(..., %d) = %v, want an error naming the request", only, err)
		}
	}
}

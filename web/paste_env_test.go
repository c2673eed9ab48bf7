package web_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/stack/settingspy"
)

// A settings file that adds a middleware only when an environment variable
// is set: the paste reads it as unset unless the page gives a value, and
// says which it took.
const jwtSettings = `import os

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
if os.environ.get("USE_JWT"):
    MIDDLEWARE += ["myapp.middleware.JWTMiddleware"]
`

type pasteEnvAnswer struct {
	Middleware  []string
	Assumptions []settingspy.Assumption
}

func pasteWithEnv(t *testing.T, env string) (int, pasteEnvAnswer, string) {
	t.Helper()
	text, _ := json.Marshal(jwtSettings)
	body := `{"text": ` + string(text)
	if env != "" {
		body += `, "env": ` + env
	}
	resp, out := do(t, newServer(t), "POST", "/ui/paste", body+"}")
	var got pasteEnvAnswer
	if resp.StatusCode == 200 {
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, got, out
}

func envAssumption(t *testing.T, as []settingspy.Assumption, name string) settingspy.Assumption {
	t.Helper()
	for _, a := range as {
		if a.Kind == "env" && a.Name == name {
			return a
		}
	}
	t.Fatalf("no assumption about %s in %+v", name, as)
	return settingspy.Assumption{}
}

func TestPasteEnv_UnsetLeavesTheMiddlewareOut(t *testing.T) {
	code, got, out := pasteWithEnv(t, "")
	if code != 200 {
		t.Fatalf("paste = %d %s", code, out)
	}
	if slices.Contains(got.Middleware, stack.PathJWT) {
		t.Errorf("JWTMiddleware is in the stack with USE_JWT unset: %v", got.Middleware)
	}
	a := envAssumption(t, got.Assumptions, "USE_JWT")
	if a.Given || a.Line != 7 || a.Value != "None" || !strings.HasPrefix(a.Why, "not set") {
		t.Errorf("USE_JWT assumption = %+v, want not set, None, line 7", a)
	}
}

func TestPasteEnv_GivenValueAddsTheMiddleware(t *testing.T) {
	code, got, out := pasteWithEnv(t, `{"USE_JWT": "1"}`)
	if code != 200 {
		t.Fatalf("paste = %d %s", code, out)
	}
	if len(got.Middleware) != 3 || got.Middleware[2] != stack.PathJWT {
		t.Errorf("stack with USE_JWT=1 = %v, want JWTMiddleware last", got.Middleware)
	}
	a := envAssumption(t, got.Assumptions, "USE_JWT")
	if !a.Given || a.Value != "'1'" || a.Why != "given" {
		t.Errorf("USE_JWT assumption = %+v, want given '1'", a)
	}
}

// The answer's assumptions are a list even when the file reads nothing.
func TestPasteEnv_AssumptionsAlwaysAList(t *testing.T) {
	_, out := do(t, newServer(t), "POST", "/ui/paste", `{"text": "MIDDLEWARE = []"}`)
	if !strings.Contains(out, `"assumptions":[]`) {
		t.Errorf("answer without assumptions: %s", out)
	}
}

func TestPasteEnv_BadEnvIsRefused(t *testing.T) {
	many := map[string]string{}
	for i := range 51 {
		many[fmt.Sprintf("V%d", i)] = "x"
	}
	manyJSON, _ := json.Marshal(many)
	for _, c := range []struct{ env, want string }{
		{`{"1BAD": "x"}`, `"1BAD" is not an environment variable name`},
		{`{"A-B": "x"}`, `"A-B" is not an environment variable name`},
		{`{"": "x"}`, `"" is not an environment variable name`},
		{`{"` + strings.Repeat("N", 101) + `": "x"}`, "is 101 characters long; at most 100"},
		{`{"BIG": "` + strings.Repeat("é", 1001) + `"}`, "the value of BIG is 1001 characters long; at most 1000"},
		{string(manyJSON), "env has 51 variables; at most 50"},
		{`{"USE_JWT": 1}`, ""},
	} {
		code, _, out := pasteWithEnv(t, c.env)
		if code != 400 || !strings.Contains(errorOf(t, out), c.want) {
			t.Errorf("env %.40s… = %d %s, want 400 saying %q", c.env, code, out, c.want)
		}
	}
	// The bounds themselves are allowed.
	at := map[string]string{strings.Repeat("N", 100): strings.Repeat("é", 1000)}
	for i := range 49 {
		at[fmt.Sprintf("V%d", i)] = ""
	}
	atJSON, _ := json.Marshal(at)
	if code, _, out := pasteWithEnv(t, string(atJSON)); code != 200 {
		t.Errorf("env at the bounds = %d %s", code, out)
	}
}

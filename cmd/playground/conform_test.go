package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConformPrintsTrace(t *testing.T) {
	// The public goldens were recorded on 3.2.25; the scenario file names
	// no version, so the flag keeps this test about them when the default
	// version moves on.
	code, out, errOut := runCLI(t, "conform", "--django", "3.2", "../../stack/testdata/conformance/scenarios/default-stack.json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var tr struct {
		Name    string `json:"name"`
		Django  string `json:"django"`
		Results []struct {
			ID     string   `json:"id"`
			Status int      `json:"status"`
			Events []string `json:"events"`
			Steps  any      `json:"steps"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if tr.Name != "default-stack" || tr.Django != "3.2.25" || len(tr.Results) != 12 {
		t.Fatalf("got name %q django %q %d results", tr.Name, tr.Django, len(tr.Results))
	}
	if tr.Results[0].Status != 200 || tr.Results[0].Events[0] != "enter SecurityMiddleware" {
		t.Errorf("r1: status %d, first event %q", tr.Results[0].Status, tr.Results[0].Events[0])
	}
	if tr.Results[0].Steps != nil {
		t.Error("the conformance format has no steps field")
	}
}

func TestConformErrors(t *testing.T) {
	cases := []struct {
		name, content, want string
	}{
		{"unknown middleware", `{"middleware": ["django.contrib.sessions.middleware.SessionMiddlware"], "requests": []}`,
			`unknown middleware "django.contrib.sessions.middleware.SessionMiddlware"; closest known: django.contrib.sessions.middleware.SessionMiddleware`},
		{"truncated JSON", `{"middleware": [`, "empty or truncated JSON"},
		{"malformed JSON", `{"middleware": [}`, "malformed JSON"},
		{"wrong type", `{"middleware": "x", "requests": []}`, "middleware: expected []string"},
		{"unknown field", `{"middleware": [], "requests": [], "extra": 1}`, "extra: unknown field"},
		{"bad path", `{"middleware": [], "requests": [{"path": "nowhere"}]}`, `requests[0].path: "nowhere" must start with /`},
		{"bad credential", `{"middleware": [], "requests": [{"path": "/", "auth": ["session:eve"]}]}`, "requests[0].auth[0]"},
		{"bad setting", `{"middleware": [], "settings": {"DEBUG": "yes"}, "requests": []}`, "settings.DEBUG: must be true or false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "conform", writeFile(t, "s.json", c.content))
			if code != 2 || out != "" {
				t.Fatalf("exit %d, stdout %q", code, out)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, c.want) {
				t.Errorf("stderr %q, want one line containing %q", errOut, c.want)
			}
		})
	}
	if code, _, _ := runCLI(t, "conform", "/nonexistent.json"); code != 2 {
		t.Errorf("missing file: exit %d", code)
	}
}

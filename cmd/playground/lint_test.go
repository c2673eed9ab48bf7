package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func lintRun(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runLint(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestLintDefaultSettingsIsClean(t *testing.T) {
	code, out, errOut := lintRun(t, "", "testdata/lint/default.py")
	if code != 0 || out != "" || errOut != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestLintReportsFindingsOneALine(t *testing.T) {
	code, out, _ := lintRun(t, "", "testdata/lint/broken.py")
	if code != 1 {
		t.Errorf("exit %d, want 1 (an error-level finding)", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		"testdata/lint/broken.py:3: error session-before-auth AuthenticationMiddleware runs before SessionMiddleware",
		"testdata/lint/broken.py:9: warning header-above-answering CustomHeaderMiddleware sits below CommonMiddleware",
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d:\n got %s\nwant %s...", i+1, lines[i], w)
		}
	}
}

func TestLintWarningsOnlyExitZero(t *testing.T) {
	code, out, _ := lintRun(t, "", "testdata/lint/warnings.py")
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	if !strings.HasPrefix(out, "testdata/lint/warnings.py:17: warning header-above-answering ") || strings.Count(out, "\n") != 1 {
		t.Errorf("stdout %q", out)
	}
}

func TestLintDebugFlagEvaluatesDebugBranches(t *testing.T) {
	_, out, _ := lintRun(t, "", "testdata/lint/warnings.py")
	if strings.Contains(out, "debug_toolbar.W003") {
		t.Errorf("without --debug the toolbar branch ran:\n%s", out)
	}
	code, out, _ := lintRun(t, "", "--debug", "testdata/lint/warnings.py")
	if code != 0 || !strings.Contains(out, "testdata/lint/warnings.py:14: warning debug_toolbar.W003 ") {
		t.Errorf("--debug: exit %d\n%s", code, out)
	}
	// Flags may also follow the file.
	_, after, _ := lintRun(t, "", "testdata/lint/warnings.py", "--debug")
	if after != out {
		t.Errorf("flag after the file gave\n%s\nwant\n%s", after, out)
	}
}

func TestLintReadsSiblingBaseFile(t *testing.T) {
	code, out, errOut := lintRun(t, "", "testdata/lint/split/local.py")
	if code != 1 {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	want := "testdata/lint/split/base.py:7: error session-before-auth "
	if !strings.HasPrefix(out, want) {
		t.Errorf("stdout %q, want a line starting %q", out, want)
	}
	if errOut != "" {
		t.Errorf("stderr %q (the missing secrets.py is caught by except ImportError)", errOut)
	}
}

func TestLintStdin(t *testing.T) {
	src, err := os.ReadFile("testdata/lint/broken.py")
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := lintRun(t, string(src), "-")
	if code != 1 || !strings.HasPrefix(out, "<stdin>:3: error session-before-auth ") {
		t.Errorf("exit %d, stdout %q", code, out)
	}
}

func TestLintJSON(t *testing.T) {
	code, out, _ := lintRun(t, "", "--json", "testdata/lint/broken.py")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var got struct {
		Middleware []string                     `json:"middleware"`
		Findings   []map[string]json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Middleware) != 8 || got.Middleware[1] != "django.contrib.auth.middleware.AuthenticationMiddleware" {
		t.Errorf("middleware %v", got.Middleware)
	}
	if len(got.Findings) != 2 {
		t.Fatalf("findings %v", got.Findings)
	}
	f := got.Findings[0]
	for _, k := range []string{"rule", "severity", "line", "entries", "message", "fix"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding lacks %q: %v", k, f)
		}
	}
	var entries []int
	if err := json.Unmarshal(f["entries"], &entries); err != nil {
		t.Fatal(err)
	}
	if string(f["rule"]) != `"session-before-auth"` || string(f["severity"]) != `"error"` || string(f["line"]) != "3" || len(entries) != 2 || entries[0] != 1 || entries[1] != 4 {
		t.Errorf("first finding rule %s severity %s line %s entries %v", f["rule"], f["severity"], f["line"], entries)
	}
	_, clean, _ := lintRun(t, "", "--json", "testdata/lint/default.py")
	if !strings.Contains(clean, `"findings": []`) {
		t.Errorf("clean JSON %s", clean)
	}
}

func TestLintUnreadableInputExitsTwo(t *testing.T) {
	cases := []struct {
		args   []string
		stderr string
	}{
		{[]string{"testdata/lint/nomiddleware.py"}, "no MIDDLEWARE"},
		{[]string{"testdata/lint/syntax.py"}, "testdata/lint/syntax.py:2: cannot read the file: unterminated string literal"},
		{[]string{"testdata/lint/does-not-exist.py"}, "no such file"},
		{[]string{"--verbose", "testdata/lint/default.py"}, "unknown flag --verbose"},
		{[]string{"testdata/lint/default.py", "testdata/lint/broken.py"}, "one settings file"},
		{nil, "usage:"},
	}
	for _, c := range cases {
		code, out, errOut := lintRun(t, "", c.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, c.stderr) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", c.args, code, out, errOut, c.stderr)
		}
	}
	if code, _, _ := lintRun(t, "MIDDLEWARE = [", "-"); code != 2 {
		t.Errorf("broken stdin: exit %d", code)
	}
}

func TestLintThroughRun(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"lint", "testdata/lint/default.py"}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	if code != 0 || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}

// --json says what the reading took as given: here two environment
// variables, both unset, one with a default.
func TestLintJSONListsAssumptions(t *testing.T) {
	_, out, _ := lintRun(t, "", "--json", "testdata/lint/env.py")
	var got struct {
		Middleware  []string `json:"middleware"`
		Assumptions []struct {
			Kind, Name, Value string
			Line              int
		} `json:"assumptions"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Middleware) != 6 {
		t.Errorf("middleware %v", got.Middleware)
	}
	want := "env DEBUG_TOOLBAR 'no' 3; env SECRET_KEY None 14; "
	var have strings.Builder
	for _, a := range got.Assumptions {
		fmt.Fprintf(&have, "%s %s %s %d; ", a.Kind, a.Name, a.Value, a.Line)
	}
	if have.String() != want {
		t.Errorf("assumptions\n got %s\nwant %s\n%s", have.String(), want, out)
	}
	_, clean, _ := lintRun(t, "", "--json", "testdata/lint/default.py")
	if !strings.Contains(clean, `"assumptions": []`) {
		t.Errorf("a file that reads nothing: %s", clean)
	}
}

// A settings module inside a package is read from its package root, found
// by walking up while __init__.py exists, or given with --root; a finding
// about an entry of another folder names that file.
func TestLintFindsThePackageRoot(t *testing.T) {
	const pkgs = "../../stack/settingspy/testdata/packages"
	raw, err := os.ReadFile(pkgs + "/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]map[string][]string
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	middleware := func(args ...string) []string {
		t.Helper()
		_, out, errOut := lintRun(t, "", append([]string{"--json"}, args...)...)
		var got struct{ Middleware []string }
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %v\n%s%s", args, err, out, errOut)
		}
		if errOut != "" {
			t.Errorf("%v: stderr %s", args, errOut)
		}
		return got.Middleware
	}
	if got := middleware(pkgs + "/myproject/settings/local.py"); !slices.Equal(got, want["myproject.settings.local"]["debug_false"]) {
		t.Errorf("found root: %q", got)
	}
	if got := middleware("--root", pkgs, pkgs+"/otherapp/settings.py"); !slices.Equal(got, want["otherapp.settings"]["debug_false"]) {
		t.Errorf("--root: %q", got)
	}
	if code, _, errOut := lintRun(t, "", "--root", "testdata", pkgs+"/otherapp/settings.py"); code != 2 || !strings.Contains(errOut, "not inside the package root") {
		t.Errorf("a file outside --root: exit %d, %s", code, errOut)
	}
}

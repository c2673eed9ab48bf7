package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

// conformDjango runs conform and returns the release the trace reports.
func conformDjango(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := runCLI(t, append([]string{"conform"}, args...)...)
	if code != 0 {
		t.Fatalf("conform %v: exit %d, stderr %q", args, code, errOut)
	}
	var tr struct{ Django string }
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatalf("conform %v: not JSON: %v", args, err)
	}
	return tr.Django
}

const versionScenario = `{"middleware": ["django.contrib.sessions.middleware.SessionMiddleware"], "requests": [{"path": "/"}]}`

func TestConformDjangoFlag(t *testing.T) {
	plain := writeFile(t, "plain.json", versionScenario)
	seen := map[string]string{}
	for _, v := range stack.KnownVersions() {
		got := conformDjango(t, "--django", v, plain)
		if !strings.HasPrefix(got, v+".") {
			t.Errorf("--django %s: the trace reports %q", v, got)
		}
		if other, dup := seen[got]; dup {
			t.Errorf("--django %s and %s both ran as %q", v, other, got)
		}
		seen[got] = v
		// Every spelling of the flag, before or after the file.
		for _, args := range [][]string{{plain, "--django", v}, {"--django=" + v, plain}, {"-django", v, plain}} {
			if again := conformDjango(t, args...); again != got {
				t.Errorf("conform %v reports %q, want %q", args, again, got)
			}
		}
	}
	if got, want := conformDjango(t, plain), conformDjango(t, "--django", stack.DefaultVersion, plain); got != want {
		t.Errorf("without the flag or a field the trace reports %q, want the default's %q", got, want)
	}

	// The file's own field counts when no flag is given; the flag wins.
	for _, fileV := range stack.KnownVersions() {
		named := writeFile(t, "named.json", strings.Replace(versionScenario, "{", `{"django": "`+fileV+`", `, 1))
		if got, want := conformDjango(t, named), conformDjango(t, "--django", fileV, plain); got != want {
			t.Errorf("a file naming %s ran as %q, want %q", fileV, got, want)
		}
		for _, flagV := range stack.KnownVersions() {
			if got, want := conformDjango(t, "--django", flagV, named), conformDjango(t, "--django", flagV, plain); got != want {
				t.Errorf("file %s, flag %s: ran as %q, want %q", fileV, flagV, got, want)
			}
		}
	}
}

// An unknown version is exit 2 and one line naming every known version.
func TestUnknownDjangoVersionExitsTwo(t *testing.T) {
	plain := writeFile(t, "plain.json", versionScenario)
	for _, args := range [][]string{
		{"conform", "--django", "9.9", plain},
		{"conform", "--django=9.9", "/nonexistent.json"},
		{"lint", "--django", "9.9", "testdata/lint/default.py"},
		{"lint", "testdata/lint/default.py", "--django=9.9"},
	} {
		code, out, errOut := runCLI(t, args...)
		if code != 2 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want 2 and nothing", args, code, out)
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, `"9.9"`) {
			t.Errorf("%v: stderr %q, want one line naming 9.9", args, errOut)
		}
		for _, v := range stack.KnownVersions() {
			if !strings.Contains(errOut, v) {
				t.Errorf("%v: stderr %q does not name %s", args, errOut, v)
			}
		}
	}
	for _, cmd := range []string{"conform", "lint"} {
		if code, _, errOut := runCLI(t, cmd, "--django"); code != 2 || !strings.Contains(errOut, "--django needs a version") {
			t.Errorf("%s --django without a value: exit %d, stderr %q", cmd, code, errOut)
		}
	}
}

func TestLintDjangoFlag(t *testing.T) {
	version := func(args ...string) string {
		t.Helper()
		code, out, errOut := lintRun(t, "", append([]string{"--json"}, args...)...)
		if code != 0 {
			t.Fatalf("lint %v: exit %d, stderr %q", args, code, errOut)
		}
		var got struct{ Django string }
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		return got.Django
	}
	if got := version("testdata/lint/default.py"); got != stack.DefaultVersion {
		t.Errorf("without --django the output says %q, want %s", got, stack.DefaultVersion)
	}
	for _, v := range stack.KnownVersions() {
		if got := version("--django", v, "testdata/lint/default.py"); got != v {
			t.Errorf("--django %s: the output says %q", v, got)
		}
	}
	// After "--" it is a file name, not the flag.
	if code, _, errOut := lintRun(t, "", "--", "--django"); code != 2 || !strings.Contains(errOut, "no such file") {
		t.Errorf("lint -- --django: exit %d, stderr %q", code, errOut)
	}
}

package djangotest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

// python is the interpreter Debian's python3-django is installed for.
const python = "/usr/bin/python3"

// requireDjango skips (locally) or fails (with CI set) when the system
// Python has no Django: the export's claim is that real Django runs it.
func requireDjango(t *testing.T) {
	t.Helper()
	if err := exec.Command(python, "-c", "import django, rest_framework, corsheaders, whitenoise, jwt").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s cannot import Django and the demo's packages (%v): .ci/run installs python3-django and friends", python, err)
		}
		t.Skipf("%s cannot import Django and the demo's packages (%v); apt-get install python3-django python3-djangorestframework python3-django-cors-headers python3-whitenoise python3-jwt", python, err)
	}
}

// djangoSites are the Django versions to run the export on, each with
// the PYTHONPATH that selects it: the system's 3.2, and 4.2 and 5.2 where
// the conformance harness's setup-versions.sh unpacked them (found the way
// oracle/run.py finds them: ORACLE_DJANGO_HOME, else the temp dir's
// oracle-django; the checkout's sibling oracle-django too).
func djangoSites(t *testing.T) map[string]string {
	sites := map[string]string{"3.2": ""}
	homes := []string{os.Getenv("ORACLE_DJANGO_HOME"), filepath.Join(os.TempDir(), "oracle-django")}
	if root, err := filepath.Abs("../../.."); err == nil {
		homes = append(homes, filepath.Join(root, "oracle-django"))
	}
	for _, v := range []string{"4.2", "5.2"} {
		for _, h := range homes {
			site := filepath.Join(h, v, "usr", "lib", "python3", "dist-packages")
			if h != "" && isDir(filepath.Join(site, "django")) {
				sites[v] = site
				break
			}
		}
		if sites[v] == "" {
			t.Logf("Django %s not unpacked (setup-versions.sh): the export is not run on it", v)
		}
	}
	return sites
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// failure is the head of a failed test's report: the test and its module.
var failure = regexp.MustCompile(`^(?:FAIL|ERROR): (test_\w+) \(myapp\.tests\.(\w+)\.`)

// TestExportRunsOnRealDjango writes the export of every lesson's broken
// and fixed order, runs them with `manage.py test` in a copy of the demo
// site (one module each, one run per Django version, because starting
// Django is the slow part), and checks that exactly the requests the
// playground predicts to fail do fail on the broken order, with messages
// naming their expectations, and that every test passes on the fixed
// order.
func TestExportRunsOnRealDjango(t *testing.T) {
	requireDjango(t)
	lessons := loadLessons(t)
	if len(lessons) < 10 {
		t.Fatalf("%d lessons; the export is checked on at least 10", len(lessons))
	}
	sites := djangoSites(t)
	for _, version := range []string{"3.2", "4.2", "5.2"} {
		site, ok := sites[version]
		if !ok {
			continue
		}
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			checkVersion(t, version, site)
			runVersion(t, version, site, lessons)
		})
	}
}

// checkVersion makes sure the PYTHONPATH really selects the version.
func checkVersion(t *testing.T, version, site string) {
	cmd := exec.Command(python, "-c", "import django; print(django.get_version())")
	cmd.Env = append(os.Environ(), "PYTHONPATH="+site)
	out, err := cmd.Output()
	if err != nil || !strings.HasPrefix(string(out), version+".") {
		t.Fatalf("PYTHONPATH=%q gives Django %q (%v), not %s", site, out, err, version)
	}
}

// exported is one lesson's order as exported: its module and what the
// playground predicts.
type exported struct {
	sc        *stack.Scenario
	module    string
	broken    bool
	predicted []string // the tests the playground predicts to fail, sorted
	tr        *stack.Trace
}

func runVersion(t *testing.T, version, site string, lessons []lesson) {
	modules := map[string]string{}
	var runs []exported
	for _, l := range lessons {
		for _, order := range []string{"broken", "fixed"} {
			mw := l.Broken
			if order == "fixed" {
				mw = l.Fixed
			}
			e := exported{sc: l.scenario(version, mw), module: "test_" + slug(l.Name) + "_" + order, broken: order == "broken"}
			tr, err := stack.Simulate(e.sc)
			if err != nil {
				t.Fatalf("%s: %v", e.module, err)
			}
			e.tr = tr
			for i, r := range e.sc.Requests {
				if !stack.Diagnose(r, &tr.Results[i]).Passed {
					e.predicted = append(e.predicted, testName(e.sc, i))
				}
			}
			if e.broken && len(e.predicted) == 0 {
				t.Fatalf("%s: the playground predicts no failure on the broken order: the lesson teaches nothing", e.module)
			}
			if !e.broken && len(e.predicted) > 0 {
				t.Fatalf("%s: the playground predicts failures on the fixed order: %v", e.module, e.predicted)
			}
			code, err := Write(e.sc, All)
			if err != nil {
				t.Fatalf("%s: %v", e.module, err)
			}
			modules[e.module] = code
			runs = append(runs, e)
		}
	}
	out := runManageTest(t, modules, site)
	total := 0
	for _, e := range runs {
		total += len(e.sc.Requests)
	}
	if m := ranTests.FindStringSubmatch(out); m == nil || m[1] != strconv.Itoa(total) {
		t.Fatalf("expected %d tests to run; output:\n%s", total, out)
	}
	// The report of each failure, by module, from its FAIL/ERROR line to
	// the next report's separator.
	failed := map[string][]string{}
	reports := map[string]string{}
	for _, block := range strings.Split(out, "\n=====") {
		block = strings.TrimLeft(block, "=\n")
		if m := failure.FindStringSubmatch(block); m != nil {
			failed[m[2]] = append(failed[m[2]], m[1])
			reports[m[2]] += block
		}
	}
	for _, e := range runs {
		t.Run(e.module, func(t *testing.T) {
			got := failed[e.module]
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(e.predicted, " ") {
				t.Fatalf("Django failed %v, the playground predicts %v; output:\n%s", got, e.predicted, out)
			}
			// Each failure names the expectation it broke.
			for i, r := range e.sc.Requests {
				if stack.Diagnose(r, &e.tr.Results[i]).Passed {
					continue
				}
				if want := r.Expect.Text + ": "; !strings.Contains(reports[e.module], want) {
					t.Errorf("request %s failed without naming its expectation %q; report:\n%s", r.ID, want, reports[e.module])
				}
			}
		})
	}
}

var ranTests = regexp.MustCompile(`(?m)^Ran (\d+) tests?`)

// testName is the method name Write gives request i.
func testName(sc *stack.Scenario, i int) string {
	r := sc.Requests[i]
	return fmt.Sprintf("test_%02d_%s", i+1, slug(r.ID, r.Label, r.Path))
}

// runManageTest copies the demo project into a temp dir, drops the
// exports in as modules of myapp/tests/ and runs `manage.py test myapp`.
func runManageTest(t *testing.T, modules map[string]string, site string) string {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/project")); err != nil {
		t.Fatal(err)
	}
	tests := filepath.Join(dir, "myapp", "tests")
	if err := os.Mkdir(tests, 0o755); err != nil {
		t.Fatal(err)
	}
	modules["__init__"] = ""
	for name, code := range modules {
		if err := os.WriteFile(filepath.Join(tests, name+".py"), []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(python, "manage.py", "test", "myapp", "--noinput")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONPATH="+site, "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("run manage.py: %v", err)
	}
	return string(out)
}

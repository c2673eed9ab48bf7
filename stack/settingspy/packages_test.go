package settingspy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func rootReader(root string) func(string) ([]byte, error) {
	return func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(root, filepath.FromSlash(p))) }
}

// testdata/packages is a project whose settings import as Python resolves
// imports: `from .. import *` of the package (honouring its __all__),
// absolute dotted imports of the project's own modules, from the settings
// folder and from another folder. Each module's list is compared with
// the one real Python built (gen_packages.py).
func TestPackageImportsMatchPython(t *testing.T) {
	raw, err := os.ReadFile("testdata/packages/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]map[string][]string
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) < 3 {
		t.Fatalf("expected.json has %d modules", len(want))
	}
	for module, byDebug := range want {
		src, err := os.ReadFile(filepath.Join("testdata/packages", moduleFile(module)))
		if err != nil {
			t.Fatal(err)
		}
		for key, debug := range map[string]bool{"debug_false": false, "debug_true": true} {
			res, err := Parse(t.Context(), src, Options{Debug: debug, ReadFile: rootReader("testdata/packages"), Module: module})
			if err != nil {
				t.Errorf("%s (%s): %v", module, key, err)
				continue
			}
			if got := res.Paths(); !reflect.DeepEqual(got, byDebug[key]) {
				t.Errorf("%s (%s):\n got %q\nwant %q", module, key, got, byDebug[key])
			}
			if len(res.Warnings) > 0 {
				t.Errorf("%s (%s): warnings %q", module, key, res.Warnings)
			}
		}
	}
}

// Entries name the file their literal is in relative to the parsed
// file's folder, as lint reports them, and the helper functions' reads
// of the environment are assumptions.
func TestPackageEntriesAndAssumptions(t *testing.T) {
	src, err := os.ReadFile("testdata/packages/otherapp/settings.py")
	if err != nil {
		t.Fatal(err)
	}
	res := parse(t, string(src), Options{ReadFile: rootReader("testdata/packages"), Module: "otherapp.settings"})
	files := map[string]string{}
	for _, e := range res.Entries {
		files[e.Path] = e.File
	}
	for path, file := range map[string]string{
		"django.middleware.security.SecurityMiddleware": "../myproject/defaults.py",
		"corsheaders.middleware.CorsMiddleware":         "../myproject/settings/local.py",
		"myproject.middleware.RequestIdMiddleware":      "../myproject/__init__.py",
		"otherapp.middleware.Tenant":                    "",
	} {
		if files[path] != file {
			t.Errorf("%s is in %q, want %q", path, files[path], file)
		}
	}
	want := "env DEBUG='False' ../myproject/defaults.py5\nenv USE_WHITENOISE='yes' ../myproject/settings/local.py6\nenv USE_SILK='no' ../myproject/settings/local.py6\n"
	if got := assumptionsOf(res); got != want {
		t.Errorf("assumptions\n got %s\nwant %s", got, want)
	}
}

// `from package import module` imports the module, as Python does.
func TestFromPackageImportModule(t *testing.T) {
	src := "from myproject.settings import base\nfrom myproject import defaults as d\nMIDDLEWARE = base.MIDDLEWARE[:1] + d.DJANGO_MIDDLEWARE_CLASSES[-1:]\n"
	res := parse(t, src, Options{ReadFile: rootReader("testdata/packages"), Module: "otherapp.mine"})
	want := []string{"django.middleware.security.SecurityMiddleware", "django.contrib.messages.middleware.MessageMiddleware"}
	if got := res.Paths(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q (warnings %q)", got, want, res.Warnings)
	}
}

// `from . import name` takes what the package's __init__.py defines
// before looking for a module of that name.
func TestFromDotImportsPackageNames(t *testing.T) {
	src := "from .. import PROJECT_MIDDLEWARE\nfrom . import base\nMIDDLEWARE = PROJECT_MIDDLEWARE + base.MIDDLEWARE[:1]\n"
	res := parse(t, src, Options{ReadFile: rootReader("testdata/packages"), Module: "myproject.settings.mine"})
	want := []string{"myproject.middleware.RequestIdMiddleware", "django.middleware.security.SecurityMiddleware"}
	if got := res.Paths(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q (warnings %q)", got, want, res.Warnings)
	}
}

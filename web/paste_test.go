package web

import (
	"slices"
	"strings"
	"testing"
)

func TestPastedSettings(t *testing.T) {
	src := `SECRET_KEY = "django-insecure-a-real-looking-key"
DEBUG = False
ALLOWED_HOSTS = []
APPEND_SLASH = False
CSRF_USE_SESSIONS = True
CORS_ALLOWED_ORIGINS = ["https://front.example.net"]
CORS_URLS_REGEX = r"^/api/(?!internal)"
SESSION_COOKIE_AGE = 1209600
DATABASES = None
INSTALLED_APPS = ["django.contrib.auth"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
`
	a, err := readPaste(t.Context(), []byte(src), false, nil)
	if err != nil {
		t.Fatal(err)
	}
	taken := map[string]string{}
	for _, s := range a.Taken {
		taken[s.Name] = s.Python
	}
	for name, want := range map[string]string{
		"APPEND_SLASH":         "False",
		"CSRF_USE_SESSIONS":    "True",
		"CORS_ALLOWED_ORIGINS": "['https://front.example.net']",
		"ALLOWED_HOSTS":        "['testserver']",
		"SESSION_COOKIE_AGE":   "1209600",
	} {
		if taken[name] != want {
			t.Errorf("%s taken as %q, want %q (taken: %v)", name, taken[name], want, taken)
		}
	}
	ignored := map[string]string{}
	for _, s := range a.Ignored {
		ignored[s.Name] = s.Why
	}
	for _, name := range []string{"SECRET_KEY", "CORS_URLS_REGEX"} {
		if ignored[name] == "" {
			t.Errorf("%s is not listed as ignored with a reason: %v", name, ignored)
		}
	}
	if _, ok := a.Settings["DEBUG"]; ok || slices.Contains(a.Unsimulated, "DEBUG") {
		t.Error("DEBUG read with the box off is applied or listed")
	}
	if _, ok := a.Settings["SECRET_KEY"]; ok {
		t.Error("the pasted SECRET_KEY was applied")
	}
	if _, ok := a.Settings["SESSION_COOKIE_AGE"]; ok {
		t.Error("a value equal to the playground's default is stored")
	}
	if a.Settings["APPEND_SLASH"] != false || !sameJSON(a.Settings["ALLOWED_HOSTS"], []any{"testserver"}) {
		t.Errorf("settings applied: %v", a.Settings)
	}
	if !slices.Equal(a.Unsimulated, []string{"DATABASES", "INSTALLED_APPS"}) {
		t.Errorf("unsimulated = %v", a.Unsimulated)
	}
}

// TestIntroNamesTheFailingSamples: the first visit's explanation lists
// exactly the samples the default stack fails, each with what it needs.
func TestIntroNamesTheFailingSamples(t *testing.T) {
	vm := introVM()
	rn, err := newRun(defaultScenario())
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, d := range rn.diags {
		if !d.Passed {
			failed++
		}
	}
	if failed == 0 || len(vm.Failing) != failed || vm.Samples != len(rn.diags) {
		t.Fatalf("intro lists %d of %d, the default stack fails %d", len(vm.Failing), vm.Samples, failed)
	}
	for _, f := range vm.Failing {
		if !strings.Contains(f.Needs, "add ") {
			t.Errorf("%s: %q does not say what to add", f.Label, f.Needs)
		}
	}
}

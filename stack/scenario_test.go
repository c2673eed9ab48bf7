package stack

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestIsDottedPath(t *testing.T) {
	for p, want := range map[string]bool{
		PathSecurity: true, "a.b": true, "_a.b_1": true, "a.b.C9": true,
		"": false, "a": false, ".": false, "a.": false, ".a": false, "a..b": false,
		"a.1b": false, "1a.b": false, "a-b.c": false, "a.b c": false, "a.é": false,
	} {
		if got := isDottedPath(p); got != want {
			t.Errorf("isDottedPath(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestCatalogPathsAreDotted backs validate's shortcut: a path found in the
// catalog is taken as a dotted path without reading it.
func TestCatalogPathsAreDotted(t *testing.T) {
	for _, e := range catalog {
		if !isDottedPath(e.Path) {
			t.Errorf("catalog path %q is not a dotted path", e.Path)
		}
	}
}

// TestMiddlewareNeedsNewerDjango: Django cannot import a class its
// version lacks, so a scenario with LoginRequiredMiddleware (5.1) does
// not run at all on 3.2 or 4.2, strict or not, and says why.
func TestMiddlewareNeedsNewerDjango(t *testing.T) {
	for _, v := range KnownVersions() {
		sc := &Scenario{Django: v, Middleware: []string{PathSession, PathAuth, PathLoginRequired}, Requests: []Request{{Path: "/"}}}
		m, _ := Lookup(PathLoginRequired)
		for name, simulate := range map[string]func(*Scenario) (*Trace, error){"Simulate": Simulate, "SimulateStrict": SimulateStrict} {
			tr, err := simulate(sc)
			if m.AvailableIn(v) {
				if err != nil || tr.Results[0].Status != 302 {
					t.Errorf("%s on %s: %v, want the login redirect", name, v, err)
				}
				continue
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "middleware[2]" || !strings.Contains(fe.Msg, "needs Django 5.1") {
				t.Errorf("%s on %s: error %v, want middleware[2] needs Django 5.1", name, v, err)
			}
		}
	}
	if !slices.Contains(KnownVersions(), "5.2") {
		t.Fatal("no version with LoginRequiredMiddleware to check")
	}
}

// TestCatalogHooksMatchModels: on every version, the hooks the catalog
// lists for an entry are the methods the engine's model of it has.
func TestCatalogHooksMatchModels(t *testing.T) {
	for _, v := range KnownVersions() {
		st := newSite(&defaultSettings, versions[v])
		for _, m := range CatalogIn(v) {
			if !m.AvailableIn(v) {
				continue
			}
			h := buildHandler(st, []string{m.Path})
			l := h.layers[0]
			var has []string
			for _, hook := range []struct {
				name string
				ok   bool
			}{{"__call__", l.onCall != nil}, {"process_request", l.onRequest != nil}, {"process_view", l.onView != nil}, {"process_exception", l.onException != nil}, {"process_response", l.onResponse != nil}} {
				if hook.ok {
					has = append(has, hook.name)
				}
			}
			want := slices.Clone(m.Hooks)
			slices.Sort(want)
			slices.Sort(has)
			if !slices.Equal(has, want) {
				t.Errorf("%s on %s: the catalog lists %v, the model has %v", m.Class, v, m.Hooks, has)
			}
		}
	}
}

func TestCatalogInNamesTheVersionsDocs(t *testing.T) {
	m, _ := Lookup(PathCsrf)
	if got := m.In("5.2").Docs; got != "https://docs.djangoproject.com/en/5.2/ref/csrf/" {
		t.Errorf("CsrfViewMiddleware's docs on 5.2: %s", got)
	}
	c, _ := Lookup(PathCors)
	if h := c.In("3.2").Hooks; !slices.Contains(h, "process_request") {
		t.Errorf("CorsMiddleware on 3.2 has hooks %v, want 3.14's process_request", h)
	}
	if h := c.In("5.2").Hooks; !slices.Equal(h, []string{"__call__"}) || len(c.In("5.2").Changes) != 1 || len(c.In("3.2").Changes) != 0 {
		t.Errorf("CorsMiddleware on 5.2: hooks %v, changes %v; want __call__ and cors-headers 4's change", h, c.In("5.2").Changes)
	}
}

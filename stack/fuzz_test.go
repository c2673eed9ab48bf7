package stack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzSimulate feeds arbitrary scenario JSON to the engine: it must never
// panic, every "enter" must be closed by an "exit" or "raise" of the same
// layer, a view runs at most once per request, and every reason fits
// its wording.
func FuzzSimulate(f *testing.F) {
	files, _ := filepath.Glob("testdata/conformance/scenarios/*.json")
	for _, p := range files {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte(`{"middleware":["myapp.middleware.Unknown","django.middleware.csrf.CsrfViewMiddleware"],"settings":{"CSRF_USE_SESSIONS":true,"DEBUG":true},"requests":[{"path":"/boom/","method":"POST","auth":["csrf:valid","jwt:ghost"]}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := ParseScenario(src)
		if err != nil {
			return
		}
		tr, err := Simulate(sc)
		if err != nil {
			return
		}
		for _, res := range tr.Results {
			checkEventNesting(t, res)
		}
	})
}

func checkEventNesting(t *testing.T, res Result) {
	t.Helper()
	var open []string
	views := 0
	for _, ev := range res.Events() {
		fields := strings.Fields(ev)
		switch fields[0] {
		case "enter":
			open = append(open, fields[1])
		case "exit", "raise":
			if len(open) == 0 || open[len(open)-1] != fields[1] {
				t.Fatalf("%s: %q closes a layer that is not the innermost open one (open: %v)", res.ID, ev, open)
			}
			open = open[:len(open)-1]
		case "view":
			views++
		}
	}
	if len(open) != 0 {
		t.Fatalf("%s: layers entered but never left: %v (events %v)", res.ID, open, res.Events())
	}
	if views > 1 {
		t.Fatalf("%s: the view ran %d times", res.ID, views)
	}
	if res.AnsweredStep < -1 || res.AnsweredStep >= len(res.Steps) {
		t.Fatalf("%s: AnsweredStep %d of %d steps", res.ID, res.AnsweredStep, len(res.Steps))
	}
	if r := res.CORSBlocked; r.Code != "" {
		if err := checkWording(r); err != nil {
			t.Fatalf("%s: the CORS verdict: %v", res.ID, err)
		}
	}
	for i := range res.Steps {
		if r := res.Steps[i].Reason; r.Code != "" {
			if err := checkWording(r); err != nil {
				t.Fatalf("%s step %d: %v", res.ID, i, err)
			}
		}
	}
}

// TestEventNesting checks the fuzz invariants on every conformance scenario.
func TestEventNesting(t *testing.T) {
	files, _ := filepath.Glob("testdata/conformance/scenarios/*.json")
	for _, p := range files {
		src, _ := os.ReadFile(p)
		sc, err := ParseScenario(src)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		tr, err := Simulate(sc)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, res := range tr.Results {
			checkEventNesting(t, res)
		}
	}
}

// FuzzOrders builds stacks from the catalog and request sets from the
// samples, byte by byte, so the fuzzer explores orders rather than JSON
// syntax: the same invariants must hold for every one.
func FuzzOrders(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	f.Add([]byte{4, 1, 0, 255, 3, 0, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		// Every version, each with the middleware it has.
		v := KnownVersions()[len(data)%len(KnownVersions())]
		var cat []Middleware
		for _, m := range CatalogIn(v) {
			if m.AvailableIn(v) {
				cat = append(cat, m)
			}
		}
		samples := SampleRequests()
		settingNames := []string{"DEBUG", "CSRF_USE_SESSIONS", "APPEND_SLASH", "SECURE_SSL_REDIRECT", "SESSION_SAVE_EVERY_REQUEST", "CORS_ALLOW_ALL_ORIGINS", "USE_I18N", "PREPEND_WWW"}
		sc := &Scenario{Django: v, Settings: map[string]any{}}
		i := 0
		for ; i < len(data) && data[i] != 255 && len(sc.Middleware) < MaxMiddleware; i++ {
			sc.Middleware = append(sc.Middleware, cat[int(data[i])%len(cat)].Path)
		}
		if i < len(data) {
			i++
		}
		if i < len(data) {
			bits := data[i]
			for j, name := range settingNames {
				sc.Settings[name] = bits&(1<<j) != 0
			}
			i++
		}
		for ; i < len(data) && len(sc.Requests) < MaxRequests; i++ {
			req := samples[int(data[i])%len(samples)]
			if data[i] >= 128 {
				req.Client = "Z"
			}
			sc.Requests = append(sc.Requests, req)
		}
		tr, err := Simulate(sc)
		if err != nil {
			t.Fatalf("a scenario built from the catalog and the samples must simulate: %v", err)
		}
		for _, res := range tr.Results {
			checkEventNesting(t, res)
			if d := Diagnose(sc.Requests[0], &res); d.Step < -1 || d.Step >= len(res.Steps) {
				t.Fatalf("%s: Diagnose points at step %d of %d", res.ID, d.Step, len(res.Steps))
			}
		}
	})
}

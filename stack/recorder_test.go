package stack

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func conformanceScenarios(t *testing.T) map[string]*Scenario {
	t.Helper()
	paths, err := filepath.Glob("testdata/conformance/scenarios/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	out := map[string]*Scenario{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := ParseScenario(src)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[filepath.Base(p)] = sc
	}
	return out
}

// TestConcurrentSimulate runs every scenario from several goroutines at
// once, as the web layer's handlers do, and checks each trace matches a
// lone run: simulations must share nothing that changes. Run it with
// -race.
func TestConcurrentSimulate(t *testing.T) {
	scenarios := conformanceScenarios(t)
	want := map[string][]byte{}
	for name, sc := range scenarios {
		tr, err := Simulate(sc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := tr.ConformanceJSON()
		if err != nil {
			t.Fatal(err)
		}
		want[name] = b
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			for name, sc := range scenarios {
				tr, err := Simulate(sc)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					return
				}
				if b, _ := tr.ConformanceJSON(); string(b) != string(want[name]) {
					t.Errorf("%s: a concurrent run's trace differs", name)
				}
			}
		})
	}
	wg.Wait()
}

// TestStepsShowWhatTheLayerSaw checks a step's snapshot is taken when the
// step is: on the default stack, alice's request shows no session above
// SessionMiddleware, a lazy user as AuthenticationMiddleware leaves, and
// alice once the view read it.
func TestStepsShowWhatTheLayerSaw(t *testing.T) {
	sc := &Scenario{Middleware: DefaultMiddleware(), Requests: []Request{{Path: "/", Auth: []string{"session:alice"}}}}
	tr, err := Simulate(sc)
	if err != nil {
		t.Fatal(err)
	}
	steps := tr.Results[0].Steps
	first, view := steps[0], steps[findStep(steps, func(s *Step) bool { return s.Kind == KindView })]
	if !first.Session.Absent || first.User != "absent" {
		t.Errorf("the first step saw session %q and user %q, want none and absent", first.Session, first.User)
	}
	auth := findStep(steps, func(s *Step) bool { return s.Class == "MessageMiddleware" && s.Kind == KindEnter })
	if steps[auth].User != "lazy" || view.Event != "view home alice" || view.UserSource != "session" {
		t.Errorf("the layer below AuthenticationMiddleware saw %q, the view %q from %q; want lazy, then alice from the session once the view read it", steps[auth].User, view.Event, view.UserSource)
	}
}

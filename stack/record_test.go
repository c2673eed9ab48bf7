package stack

import (
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
)

// TestRecorderGrowth runs every conformance scenario with the trace's
// storage sized for almost nothing, so results keep outgrowing their
// chunks, and checks the traces match the normally sized ones and that
// no result's slices reach into the next one's.
func TestRecorderGrowth(t *testing.T) {
	for name, sc := range conformanceScenarios(t) {
		want, err := Simulate(sc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		settings, err := sc.validate()
		if err != nil {
			t.Fatal(err)
		}
		for _, per := range []recordSizes{{1, 1, 1}, {2, 1, 1}, {3, 2, 1}} {
			got := simulate(sc, settings, per)
			for i := range got.Results {
				g, w := &got.Results[i], &want.Results[i]
				if !reflect.DeepEqual(g.Events(), w.Events()) || !reflect.DeepEqual(g.Steps(), w.Steps()) {
					t.Fatalf("%s %s with %+v: the trace differs from the normally sized one", name, g.ID, per)
				}
			}
			checkCapped(t, name, got)
		}
		checkCapped(t, name, want)
	}
}

// TestMemos runs every conformance scenario with the engine checking its
// memos (the session's description, the step state) at every step.
func TestMemos(t *testing.T) {
	checkMemos(t)
	for name, sc := range conformanceScenarios(t) {
		if _, err := Simulate(sc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

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

// checkCapped checks that appending to a result's steps or notes cannot
// overwrite another result's.
func checkCapped(t *testing.T, name string, tr *Trace) {
	t.Helper()
	for _, r := range tr.Results {
		if len(r.Headers) != cap(r.Headers) || len(r.Cookies) != cap(r.Cookies) {
			t.Fatalf("%s %s: headers %d/%d, cookies %d/%d (len/cap)", name, r.ID, len(r.Headers), cap(r.Headers), len(r.Cookies), cap(r.Cookies))
		}
		if len(r.steps) != cap(r.steps) || len(r.notes) != cap(r.notes) || len(r.states) != cap(r.states) || len(r.changes) != cap(r.changes) {
			t.Fatalf("%s %s: steps %d/%d, notes %d/%d, states %d/%d, changes %d/%d (len/cap)", name, r.ID,
				len(r.steps), cap(r.steps), len(r.notes), cap(r.notes), len(r.states), cap(r.states), len(r.changes), cap(r.changes))
		}
	}
}

// TestConcurrentSimulate runs every scenario from several goroutines at
// once, as the web layer's handlers do, and checks each trace matches a
// lone run: what simulations share (class tables, memoised strings and
// hashes) must be safe to share. Run it with -race.
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
				for i := range tr.Results {
					tr.Results[i].Steps()
				}
				if b, _ := tr.ConformanceJSON(); string(b) != string(want[name]) {
					t.Errorf("%s: a concurrent run's trace differs", name)
				}
			}
		})
	}
	wg.Wait()
}

// TestStepStateSame checks that stepState.same, written out field by
// field, tells apart states that differ in any one field, fields added
// later included.
func TestStepStateSame(t *testing.T) {
	var a stepState
	if !a.same(&a) {
		t.Fatal("a state is not the same as itself")
	}
	var leaves func(v reflect.Value, name string, visit func(reflect.Value, string))
	leaves = func(v reflect.Value, name string, visit func(reflect.Value, string)) {
		if v.Kind() != reflect.Struct {
			visit(v, name)
			return
		}
		for i := range v.NumField() {
			f := v.Field(i)
			leaves(reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem(), name+"."+v.Type().Field(i).Name, visit)
		}
	}
	var names []string
	leaves(reflect.ValueOf(&a).Elem(), "stepState", func(_ reflect.Value, name string) { names = append(names, name) })
	for _, changed := range names {
		b := a
		leaves(reflect.ValueOf(&b).Elem(), "stepState", func(f reflect.Value, name string) {
			if name != changed {
				return
			}
			switch f.Kind() {
			case reflect.Pointer:
				f.Set(reflect.New(f.Type().Elem()))
			case reflect.String:
				f.SetString("x")
			case reflect.Uint8:
				f.SetUint(1)
			default:
				t.Fatalf("%s: a kind this test does not know how to change", name)
			}
		})
		if a.same(&b) || b.same(&a) {
			t.Errorf("states differing in %s are the same", changed)
		}
	}
}

// TestUnannouncedStateChange checks that, with memos checked, a change to
// what steps show that nothing announced is caught, and an announced one
// is not.
func TestUnannouncedStateChange(t *testing.T) {
	checkMemos(t)
	sc := defaultStackScenario(&testing.B{})
	settings, err := sc.validate()
	if err != nil {
		t.Fatal(err)
	}
	st := newSite(settings, versions[DefaultVersion])
	h := buildHandler(st, sc.Middleware)
	h.rec.init(1, h.recordEstimate())
	x := &exec{h: h, site: st, cur: -1, res: &Result{}, r: &h.req}
	x.r.pathInfo = "/a/"
	x.beginStep(-1, kindWork)
	x.setPathInfo(x.r, "/b/")
	x.beginStep(-1, kindWork)
	x.r.pathInfo = "/c/"
	defer func() {
		if recover() == nil {
			t.Fatal("path_info changed behind the engine's back, and no step noticed")
		}
	}()
	x.beginStep(-1, kindWork)
}

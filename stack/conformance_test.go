package stack

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// demoH1 are the <h1> prefixes of pages the demo views render; Django's
// own error pages are not compared by body (the comparison rules).
var demoH1 = []string{"Hello ", "Dashboard of ", "Report", "Bad credentials"}

type goldenTrace struct {
	Name    string           `json:"name"`
	Results []map[string]any `json:"results"`
}

// compareTrace applies the conformance README's comparison rules and
// returns one line per mismatch.
func compareTrace(golden goldenTrace, actual []byte) []string {
	var got goldenTrace
	if err := json.Unmarshal(actual, &got); err != nil {
		return []string{"actual trace is not JSON: " + err.Error()}
	}
	byID := map[string]map[string]any{}
	for _, r := range got.Results {
		byID[fmt.Sprint(r["id"])] = r
	}
	var out []string
	for _, g := range golden.Results {
		id := fmt.Sprint(g["id"])
		a, ok := byID[id]
		if !ok {
			out = append(out, id+": missing from actual")
			continue
		}
		for _, f := range []string{"status", "escaped", "view", "user_at_view", "cookies", "body_json", "headers", "events"} {
			gv, av := g[f], a[f]
			if f == "escaped" {
				if gv == "" {
					gv = nil
				}
				if av == "" {
					av = nil
				}
			}
			if reflect.DeepEqual(gv, av) {
				continue
			}
			switch f {
			case "events":
				gl, _ := gv.([]any)
				al, _ := av.([]any)
				found := false
				for i := 0; i < len(gl) && i < len(al); i++ {
					if gl[i] != al[i] {
						out = append(out, fmt.Sprintf("%s: events[%d] want %q got %q", id, i, gl[i], al[i]))
						found = true
						break
					}
				}
				if !found {
					out = append(out, fmt.Sprintf("%s: events length want %d got %d (golden tail %v)", id, len(gl), len(al), tail(gl, al)))
				}
			case "headers":
				gm, _ := gv.(map[string]any)
				am, _ := av.(map[string]any)
				keys := map[string]bool{}
				for k := range gm {
					keys[k] = true
				}
				for k := range am {
					keys[k] = true
				}
				var diffs []string
				for k := range keys {
					if !reflect.DeepEqual(gm[k], am[k]) {
						diffs = append(diffs, fmt.Sprintf("%s: want %v got %v", k, gm[k], am[k]))
					}
				}
				sort.Strings(diffs)
				out = append(out, id+": headers "+strings.Join(diffs, "; "))
			default:
				out = append(out, fmt.Sprintf("%s: %s want %v got %v", id, f, gv, av))
			}
		}
		if gh, ok := g["body_h1"].(string); ok {
			for _, p := range demoH1 {
				if strings.HasPrefix(gh, p) && a["body_h1"] != gh {
					out = append(out, fmt.Sprintf("%s: body_h1 want %q got %v", id, gh, a["body_h1"]))
				}
			}
		}
	}
	return out
}

func tail(g, a []any) []any {
	if len(g) > len(a) {
		return g[len(a):]
	}
	return a[len(g):]
}

// goldenDirs are the conformance golden folders, by the Django version
// whose real traces they hold.
var goldenDirs = map[string]string{
	"3.2": "testdata/conformance/golden",
	"4.2": "testdata/conformance/golden-4.2",
	"5.2": "testdata/conformance/golden-5.2",
}

// TestConformance runs every scenario on every version that has a golden
// for it and compares the trace with real Django's, request by request.
func TestConformance(t *testing.T) {
	for _, v := range KnownVersions() {
		dir, ok := goldenDirs[v]
		if !ok {
			t.Errorf("Django %s has no golden folder", v)
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil || len(files) < 25 {
			t.Fatalf("%s: want at least the 25 public goldens, found %d (%v)", dir, len(files), err)
		}
		passed, requests, matched := 0, 0, 0
		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".json")
			t.Run(v+"/"+name, func(t *testing.T) {
				golden, mismatches := runGolden(t, v, name, f)
				requests += len(golden.Results)
				matched += len(golden.Results) - countRequests(mismatches)
				for _, line := range mismatches {
					t.Error(line)
				}
				if len(mismatches) == 0 {
					passed++
				}
			})
		}
		t.Logf("Django %s: %d of %d scenarios, %d of %d requests match real Django", v, passed, len(files), matched, requests)
	}
}

// runGolden simulates scenario name on Django v and compares it with
// the golden in file.
func runGolden(t *testing.T, v, name, file string) (goldenTrace, []string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata/conformance/scenarios", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := parseScenarioOn(src, v)
	if err != nil {
		t.Fatalf("scenario: %v", err)
	}
	tr, err := SimulateStrict(sc)
	if err != nil {
		t.Fatalf("simulate: %v", err)
	}
	actual, err := tr.ConformanceJSON()
	if err != nil {
		t.Fatal(err)
	}
	// Every reason each version gives has wording its arguments fit.
	for _, res := range tr.Results {
		for _, s := range res.Steps {
			if err := checkWording(s.Reason); s.Reason.Code != "" && err != nil {
				t.Errorf("%s: %v", res.ID, err)
			}
		}
	}
	gsrc, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var golden goldenTrace
	if err := json.Unmarshal(gsrc, &golden); err != nil {
		t.Fatal(err)
	}
	return golden, compareTrace(golden, actual)
}

// countRequests is how many requests the mismatch lines are about.
func countRequests(lines []string) int {
	ids := map[string]bool{}
	for _, l := range lines {
		id, _, _ := strings.Cut(l, ":")
		ids[id] = true
	}
	return len(ids)
}

// parseScenarioOn parses a conformance scenario (which names no version)
// as one for Django v, so validation knows the version too.
func parseScenarioOn(src []byte, v string) (*Scenario, error) {
	var raw map[string]any
	if err := json.Unmarshal(src, &raw); err != nil {
		return nil, err
	}
	raw["django"] = v
	withVersion, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	return ParseScenario(withVersion)
}

// TestEveryScenarioHasItsGoldens: each scenario has a golden on every
// version, except where that version lacks one of its middleware; real
// Django does not start there (the harness exits 3), and the engine
// refuses the scenario, naming the version it needs.
func TestEveryScenarioHasItsGoldens(t *testing.T) {
	files, err := filepath.Glob("testdata/conformance/scenarios/*.json")
	if err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range KnownVersions() {
			_, statErr := os.Stat(filepath.Join(goldenDirs[v], name+".json"))
			_, parseErr := parseScenarioOn(src, v)
			switch {
			case statErr == nil && parseErr != nil:
				t.Errorf("%s on %s: real Django ran it, the engine refuses it: %v", name, v, parseErr)
			case statErr != nil && parseErr == nil:
				t.Errorf("%s on %s: no golden, yet the engine would run it", name, v)
			case statErr != nil && !strings.Contains(parseErr.Error(), "needs Django"):
				t.Errorf("%s on %s: refused for another reason: %v", name, v, parseErr)
			case statErr != nil:
				refused++
			}
		}
	}
	if refused == 0 {
		t.Error("no scenario needs a newer Django than some version: LoginRequiredMiddleware's are missing")
	}
}

package web_test

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

func upgrade(t *testing.T, sc stack.Scenario, to string) (int, string) {
	t.Helper()
	resp, out := do(t, newServer(t), "POST", "/ui/upgrade", `{"scenario": `+scenarioJSON(t, sc)+`, "to": "`+to+`"}`)
	return resp.StatusCode, out
}

var upgradeRowID = regexp.MustCompile(`data-testid="upgrade-row" data-id="([^"]+)"`)

// The dialog lists exactly the requests the engine's Compare finds
// different, with the headers it names.
func TestUpgradeListsWhatCompareFinds(t *testing.T) {
	sc := samples()
	sc.Django = "3.2"
	status, out := upgrade(t, sc, "5.2")
	if status != 200 {
		t.Fatalf("status %d: %s", status, out)
	}
	_, _, diffs, err := stack.CompareVersions(&sc, "3.2", "5.2")
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, d := range diffs {
		want = append(want, d.ID)
	}
	for _, m := range upgradeRowID.FindAllStringSubmatch(out, -1) {
		got = append(got, m[1])
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("rows %v, want the requests Compare reports: %v", got, want)
	}
	if !strings.Contains(out, "behave differently on Django 5.2 than on Django 3.2") {
		t.Errorf("no tally naming both versions in %s", out)
	}
	coop := regexp.MustCompile(`data-name="cross-origin-opener-policy"><th scope="row">Header <code>cross-origin-opener-policy</code></th><td>\(none\)</td><td class="changed">same-origin</td>`)
	if !coop.MatchString(out) {
		t.Errorf("no row shows Cross-Origin-Opener-Policy absent on 3.2 and same-origin on 5.2:\n%s", out)
	}
}

func TestUpgradeAuthAboveSessionShowsBothReasons(t *testing.T) {
	sc := samples()
	sc.Django = "3.2"
	sc.Middleware[1], sc.Middleware[4] = sc.Middleware[4], sc.Middleware[1]
	status, out := upgrade(t, sc, "4.2")
	if status != 200 {
		t.Fatalf("status %d: %s", status, out)
	}
	out = html.UnescapeString(out)
	for _, s := range []string{"raise AssertionError", "raise ImproperlyConfigured", "SessionMiddleware has not run yet"} {
		if !strings.Contains(out, s) {
			t.Errorf("upgrade view lacks %q", s)
		}
	}
}

func TestUpgradeErrors(t *testing.T) {
	withLogin := samples()
	withLogin.Django = "5.2"
	withLogin.Middleware = append(withLogin.Middleware, stack.PathLoginRequired)
	for _, tc := range []struct {
		name, body, want string
	}{
		{"unknown version", `{"scenario": ` + scenarioJSON(t, samples()) + `, "to": "4.0"}`, "3.2, 4.2, 5.2"},
		{"no scenario", `{"to": "4.2"}`, "scenario: missing"},
		{"not JSON", `{`, ""},
		{"stack the target lacks", `{"scenario": ` + scenarioJSON(t, withLogin) + `, "to": "3.2"}`, "LoginRequiredMiddleware needs Django 5.1"},
	} {
		resp, out := do(t, newServer(t), "POST", "/ui/upgrade", tc.body)
		if resp.StatusCode != 400 || !strings.Contains(out, tc.want) {
			t.Errorf("%s: %d %s; want 400 saying %q", tc.name, resp.StatusCode, out, tc.want)
		}
	}
}

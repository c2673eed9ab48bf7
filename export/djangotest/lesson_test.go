package djangotest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

// lesson is one of the articles' lessons as a broken and a fixed order of
// the same requests, each request with its expectation.
type lesson struct {
	Name     string          `json:"name"`
	About    string          `json:"about"`
	Settings map[string]any  `json:"settings,omitempty"`
	Broken   []string        `json:"broken"`
	Fixed    []string        `json:"fixed"`
	Requests []stack.Request `json:"requests"`
}

func (l lesson) scenario(version string, middleware []string) *stack.Scenario {
	return &stack.Scenario{Name: l.Name, Django: version, Settings: l.Settings, Middleware: middleware, Requests: l.Requests}
}

func loadLessons(t *testing.T) []lesson {
	t.Helper()
	files, err := filepath.Glob("testdata/lessons/*.json")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var out []lesson
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var l lesson
		if err := json.Unmarshal(b, &l); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, l)
	}
	return out
}

package stack

import "testing"

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

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

package stack

import "testing"

func TestVersionAtLeast(t *testing.T) {
	for _, c := range []struct {
		have, want string
		at         bool
	}{
		{"5.2", "5.1", true}, {"5.1", "5.1", true}, {"4.2", "5.1", false},
		{"4.2", "4.0", true}, {"3.2", "4.0", false}, {"4.10", "4.2", true},
		{"5.0", "4.10", true}, {"4.10", "5.0", false}, {"5.2.18", "5.2", true}, {"5.2.18", "5.3", false}, {"", "3.2", false}, {"x.y", "0.0", true}, {"5", "5.0", false},
	} {
		if got := VersionAtLeast(c.have, c.want); got != c.at {
			t.Errorf("VersionAtLeast(%q, %q) = %v, want %v", c.have, c.want, got, c.at)
		}
	}
}

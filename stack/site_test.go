package stack

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestIntNMatchesRand checks site.intN draws exactly what rand.Rand.IntN
// draws from the same PCG state, so keys and tokens stay as they were.
func TestIntNMatchesRand(t *testing.T) {
	for _, n := range []int{1, 2, 3, 16, 36, 62, 100, 1000, 1<<40 + 3, 1<<62 + 1} {
		st := newSite(&defaultSettings, versions[DefaultVersion])
		r := rand.New(rand.NewPCG(0x5eed, 0xd1a60))
		for i := 0; i < 10000; i++ {
			if got, want := st.intN(n), r.IntN(n); got != want {
				t.Fatalf("IntN(%d), draw %d: got %d, want %d", n, i, got, want)
			}
		}
	}
}

func TestItoa(t *testing.T) {
	for i := -1005; i < 1500; i++ {
		if got, want := itoa(i), strconv.Itoa(i); got != want {
			t.Fatalf("itoa(%d) = %q, want %q", i, got, want)
		}
	}
}

package stack

import (
	"math"
	"strings"
	"testing"
)

// TestRandomString checks keys and tokens have the asked length, only
// characters of their alphabet, and characters, and pairs of neighbours,
// about equally often: several characters come from each 64-bit draw, and
// a mistake in splitting it shows as a skew.
func TestRandomString(t *testing.T) {
	st := newSite(&defaultSettings, versions[DefaultVersion])
	for _, n := range []int{0, 1, 9, 10, 32, 64, 65, 200} {
		if got := st.randomString(n, csrfAllowed); len(got) != n || !isCSRFAllowed(got) {
			t.Fatalf("randomString(%d) = %q", n, got)
		}
	}
	for _, alphabet := range []string{lowerDigits, csrfAllowed, hexDigits, "ab", "abc"} {
		singles, pairs := map[string]int{}, map[string]int{}
		const keys = 20000
		for range keys {
			k := st.randomString(32, alphabet)
			for i := range k {
				if !strings.Contains(alphabet, k[i:i+1]) {
					t.Fatalf("%q has a character outside %q", k, alphabet)
				}
				singles[k[i:i+1]]++
				if i%2 == 1 {
					pairs[k[i-1:i+1]]++
				}
			}
		}
		n := float64(len(alphabet))
		// Pearson's chi-squared over the bins: with k bins, it is about
		// k-1, give or take sqrt(2(k-1)); a skew makes it far larger.
		check := func(what string, counts map[string]int, kinds, draws float64) {
			if float64(len(counts)) != kinds {
				t.Fatalf("%q: %d different %s of %v", alphabet, len(counts), what, kinds)
			}
			want, chi2 := draws/kinds, 0.0
			for _, c := range counts {
				chi2 += (float64(c) - want) * (float64(c) - want) / want
			}
			if df := kinds - 1; chi2 > df+6*math.Sqrt(2*df) {
				t.Errorf("%q: %s are skewed: chi-squared %.0f with %v degrees of freedom", alphabet, what, chi2, df)
			}
		}
		check("characters", singles, n, keys*32)
		check("pairs", pairs, n*n, keys*16)
	}
}

func TestTestServerHostInAllowedHosts(t *testing.T) {
	hosts := []any{"example.com"}
	with, added := WithTestServerHost(hosts)
	if !added || len(with) != 2 || with[1] != TestServerHost || len(hosts) != 1 {
		t.Errorf("WithTestServerHost(%v) = %v, %v", hosts, with, added)
	}
	if again, added := WithTestServerHost(with); added || len(again) != 2 {
		t.Errorf("adding it twice: %v, %v", again, added)
	}
	without, left := WithoutTestServerHost(with)
	if !left || len(without) != 1 || without[0] != "example.com" || len(with) != 2 {
		t.Errorf("WithoutTestServerHost(%v) = %v, %v", with, without, left)
	}
	if _, left := WithoutTestServerHost(hosts); left {
		t.Error("left out a host that was not there")
	}
}

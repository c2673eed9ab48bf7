package stack

import (
	"os"
	"testing"
)

// BenchmarkDefaultStack simulates the whole default-stack scenario, with
// every step recorded, as the page and the API get it; the budget is 1 ms
// for the whole scenario. ns/request is the figure to compare with real
// Django's (about 2,400 µs per request on the same machine).
// Each Django version is a sub-benchmark: the budget holds for each.
func BenchmarkDefaultStack(b *testing.B) {
	for _, v := range KnownVersions() {
		b.Run(v, func(b *testing.B) {
			sc := defaultStackScenario(b)
			sc.Django = v
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := Simulate(sc); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(sc.Requests)), "ns/request")
		})
	}
}

func defaultStackScenario(b *testing.B) *Scenario {
	b.Helper()
	src, err := os.ReadFile("testdata/conformance/scenarios/default-stack.json")
	if err != nil {
		b.Fatal(err)
	}
	sc, err := ParseScenario(src)
	if err != nil {
		b.Fatal(err)
	}
	return sc
}

package stack

import (
	"os"
	"testing"
)

// BenchmarkDefaultStack simulates the whole default-stack scenario, with
// the full trace; ns/request is the figure to compare with real Django's
// (about 2,400 µs per request on the same machine).
func BenchmarkDefaultStack(b *testing.B) {
	sc := defaultStackScenario(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Simulate(sc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(sc.Requests)), "ns/request")
}

// BenchmarkDefaultStackExpanded also expands every result's steps into
// Step values, as the page and the JSON API do.
func BenchmarkDefaultStackExpanded(b *testing.B) {
	sc := defaultStackScenario(b)
	b.ReportAllocs()
	for b.Loop() {
		tr, err := Simulate(sc)
		if err != nil {
			b.Fatal(err)
		}
		for i := range tr.Results {
			tr.Results[i].Steps()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(sc.Requests)), "ns/request")
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

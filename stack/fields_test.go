package stack

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestFields checks that Fields built by setField behave as the map they
// replace: Get, and the JSON encoding/json writes for a map, both ways.
func TestFields(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	names := []string{"vary", "content-type", "x-frame-options", "<odd>&name", "a", "z", "é", "location", ""}
	for round := range 200 {
		var f []Header
		m := map[string]string{}
		for range rng.IntN(12) {
			k, v := names[rng.IntN(len(names))], names[rng.IntN(len(names))]+"\u2028"
			f = setField(f, k, v)
			m[k] = v
		}
		stored := Fields(f)
		for _, k := range names {
			got, ok := stored.Get(k)
			want, wantOK := m[k]
			if got != want || ok != wantOK {
				t.Fatalf("round %d: Get(%q) = %q, %v; want %q, %v", round, k, got, ok, want, wantOK)
			}
		}
		gotJSON, err := json.Marshal(stored)
		if err != nil {
			t.Fatal(err)
		}
		wantJSON, _ := json.Marshal(m)
		if string(gotJSON) != string(wantJSON) {
			t.Fatalf("round %d: %s, want %s", round, gotJSON, wantJSON)
		}
		var back Fields
		if err := json.Unmarshal(gotJSON, &back); err != nil {
			t.Fatal(err)
		}
		if len(back) != len(stored) || len(stored) > 0 && !reflect.DeepEqual(back, stored) {
			t.Fatalf("round %d: round trip gave %v, want %v", round, back, stored)
		}
	}
	if b, _ := json.Marshal(Fields(nil)); string(b) != "{}" {
		t.Fatalf("no fields marshal as %s, want {}", b)
	}
}

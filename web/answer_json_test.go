package web

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

// Ensure the hand-written answer reads back exactly as encoding/json's
// encoding of the same value does, with and without steps.
func TestAnswerJSON(t *testing.T) {
	body, err := os.ReadFile("testdata/default-stack.json")
	if err != nil {
		t.Fatal(err)
	}
	def, err := stack.ParseScenario(body)
	if err != nil {
		t.Fatal(err)
	}
	odd := &stack.Scenario{
		Middleware: append([]string{"acme.middleware.Weird"}, stack.DefaultMiddleware()...),
		Requests: []stack.Request{
			{ID: "tab\there, nul \x00, bell \a, quote \", <b>&amp;</b>\u2028", Path: "/héllo/\u2029/\x7f/", Headers: map[string]string{"X-Odd": "a\u007fb"}},
			{Path: "/api/", Method: "POST", Expect: &stack.Expectation{Status: 200}},
		},
		Settings: map[string]any{"DEBUG": true},
	}
	// No layer and no view: the events are there, and empty.
	unheard := &stack.Scenario{Middleware: []string{}, Requests: []stack.Request{{ID: "nope", Path: "/no-such-page/"}}}
	for name, sc := range map[string]*stack.Scenario{"default-stack": def, "odd": odd, "unheard": unheard} {
		rn, err := newRun(sc)
		if err != nil {
			t.Fatal(name, err)
		}
		for _, steps := range []bool{false, true} {
			ans := answerOf(rn, steps)
			got, err := ans.appendJSON(nil)
			if err != nil {
				t.Fatal(err)
			}
			var ref bytes.Buffer
			enc := json.NewEncoder(&ref)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(ans); err != nil {
				t.Fatal(err)
			}
			var a, b any
			if err := json.Unmarshal(got, &a); err != nil {
				t.Fatalf("%s steps=%v: not JSON: %v\n%s", name, steps, err, got)
			}
			json.Unmarshal(ref.Bytes(), &b)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s steps=%v: hand-written answer differs from encoding/json's:\n%s\n%s", name, steps, got, ref.Bytes())
			}
			for _, res := range a.(map[string]any)["results"].([]any) {
				if events, ok := res.(map[string]any)["events"]; ok != steps || (steps && events == nil) {
					t.Errorf("%s steps=%v: events %v (present: %v)", name, steps, events, ok)
				}
			}
		}
	}
}

// Ensure appendString reads back as encoding/json's encoding of the same
// string does, whatever the bytes.
func TestAppendString(t *testing.T) {
	cases := []string{"", "plain", "\x00\x01\x1f\x7f", "\"\\/", "\u2028\u2029", "\xff\xfe", "a\xc3", "é☃😀", "<&>"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		var got, want string
		if err := json.Unmarshal(appendString(nil, s), &got); err != nil {
			t.Fatalf("%q: %s is not a JSON string: %v", s, appendString(nil, s), err)
		}
		ref, _ := json.Marshal(s)
		json.Unmarshal(ref, &want)
		if got != want {
			t.Errorf("%q reads back as %q, encoding/json's as %q", s, got, want)
		}
	}
}

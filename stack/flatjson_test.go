package stack

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzDecodeFlatJSON checks that whatever decodeFlatJSON accepts, it
// decodes exactly as json.Unmarshal into an any does.
func FuzzDecodeFlatJSON(f *testing.F) {
	for _, s := range []string{
		`{"user": "alice"}`, `{"detail": "Authentication credentials were not provided."}`,
		`{"received": true}`, `{}`, ` { } `, `{"a":null,"b":false}`, `{"a": "x", "a": "y"}`,
		`{"a": 1}`, `{"a": "\u00e9"}`, `{"a": "é"}`, "{\"a\": \"\xff\"}", "{\"a\": \"\x01\"}",
		`{"a": "x",}`, `{"a" "x"}`, `{"a": "x"} x`, `{"a": tru}`, `{"a": [1]}`, `{"a": {"b": "c"}}`,
		`{"user":"bob"}`, `{`, `"x"`, `{"a": "x"`, "{\"a\":\t\"x\"\r\n}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := decodeFlatJSON(s)
		if !ok {
			return
		}
		var want any
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("%q: decoded as %v, but json.Unmarshal fails: %v", s, got, err)
		}
		if !reflect.DeepEqual(any(got), want) {
			t.Fatalf("%q: decoded as %#v, json.Unmarshal gives %#v", s, got, want)
		}
	})
}

// FuzzJSONString checks jsonString against json.Marshal.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "alice", `a"b`, `a\b`, "<b>", "a&b", "\x7f", "\x01", "é", "\xff", "Authentication credentials were not provided."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := jsonString(s); got != string(want) {
			t.Fatalf("%q: jsonString gives %s, json.Marshal %s", s, got, want)
		}
	})
}

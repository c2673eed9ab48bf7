package settingspy

import (
	"context"
	"reflect"
	"testing"
)

// TestQuoteReadsBack: what Quote writes, the reader reads back as the same
// string, with either quote.
func TestQuoteReadsBack(t *testing.T) {
	for _, s := range []string{"a.B", `it's "x"`, `back\slash`, "line\nbreak\ttab\r", "\x01ctl\x7f", "é ünïcode"} {
		for _, q := range []byte{'\'', '"'} {
			src := "MIDDLEWARE = [" + Quote(s, q) + "]\n"
			res, err := Parse(context.Background(), []byte(src), Options{})
			if err != nil {
				t.Fatalf("%q: %v", src, err)
			}
			if len(res.Entries) != 1 || res.Entries[0].Path != s {
				t.Errorf("%q read back as %+v, want %q", src, res.Entries, s)
			}
		}
	}
}

func TestLiteral(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{false, "False"}, {true, "True"}, {nil, "None"}, {float64(600), "600"}, {1.5, "1.5"}, {int64(-3), "-3"},
		{float64(1 << 53), "9.007199254740992e+15"}, {"it's", `'it\'s'`}, {[]any{"a", 1.0}, "['a', 1]"},
		{[]string{}, "[]"}, {"a\nb", `'a\nb'`}, {map[string]any{"b": true, "a": []any{}}, "{'a': [], 'b': True}"},
	} {
		if got := Literal(c.v, '\''); got != c.want {
			t.Errorf("Literal(%#v) = %s, want %s", c.v, got, c.want)
		}
	}
	if got := Literal([]any{"x"}, '"'); got != `["x"]` {
		t.Errorf("double-quoted list = %s", got)
	}
}

// TestLiteralReadsBack: a setting written by Literal, with either quote,
// reads back as the same value.
func TestLiteralReadsBack(t *testing.T) {
	for _, v := range []any{
		"it's", `a "b" \ c` + "\n\t", true, false, nil, 3600, -7, 1.5,
		[]any{}, []any{"a", "b's"}, []any{[]any{"en", "English"}, []any{"fr", "Français"}},
	} {
		for _, q := range []byte{'\'', '"'} {
			src := "MIDDLEWARE = []\nX_SETTING = " + Literal(v, q) + "\n"
			res, err := Parse(context.Background(), []byte(src), Options{})
			if err != nil {
				t.Fatalf("%q: %v", src, err)
			}
			got, ok := res.Settings["X_SETTING"]
			if !ok || !reflect.DeepEqual(got, v) {
				t.Errorf("%q read back as %#v, want %#v", src, got, v)
			}
		}
	}
}

package settingspy

import (
	"context"
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

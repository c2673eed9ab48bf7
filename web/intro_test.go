package web_test

import (
	"strings"
	"testing"
)

// The first visit's intro names what each failing sample request needs,
// with its dotted paths breakable at the dots, and no template source
// leaks into the page.
func TestIntroSaysWhatEachRequestNeeds(t *testing.T) {
	ts := newServer(t)
	_, body := do(t, ts, "GET", "/", "")
	if strings.Contains(body, "@dotted") {
		t.Fatal("the page shows template source (@dotted) instead of the path")
	}
	if !strings.Contains(body, "Nothing in this stack serves static files") || !strings.Contains(body, "whitenoise.<wbr>middleware.<wbr>WhiteNoiseMiddleware") {
		t.Errorf("the intro does not say what the static file request needs, breakable at dots")
	}
}

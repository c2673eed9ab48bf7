package templates

import (
	"context"
	"strings"
	"testing"
)

// Ensure class names break only between their words, as dom.js's
// camelWords breaks them.
func TestCamelWords(t *testing.T) {
	for name, want := range map[string]string{
		"LoginRequiredByPatternMiddleware": "Login<wbr>Required<wbr>By<wbr>Pattern<wbr>Middleware",
		"XFrameOptionsMiddleware":          "XFrame<wbr>Options<wbr>Middleware",
		"GZipMiddleware":                   "GZip<wbr>Middleware",
		"Oauth2Middleware":                 "Oauth2<wbr>Middleware",
		"middleware":                       "middleware",
		"<Odd>Name":                        "&lt;Odd&gt;Name",
		"":                                 "",
	} {
		var b strings.Builder
		if err := camelWords(name).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("camelWords(%q) = %q, want %q", name, b.String(), want)
		}
	}
}

// The score's verb agrees with the count that leads it.
func TestScoreAgreesWithItsCount(t *testing.T) {
	for failed, want := range map[int]string{
		1: "1 of 14</strong> requests does not behave as expected.",
		3: "3 of 14</strong> requests do not behave as expected.",
	} {
		var b strings.Builder
		if err := Score(ResultsVM{Failed: failed, Passed: 14 - failed, Total: 14}).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%d failed: %s", failed, b.String())
		}
	}
}

func TestAgree(t *testing.T) {
	for n, want := range map[int]string{0: "behave", 1: "behaves", 2: "behave", 11: "behave"} {
		if got := agree(n, "behaves", "behave"); got != want {
			t.Errorf("agree(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSnakeWords(t *testing.T) {
	var b strings.Builder
	if err := snakeWords("SECURE_CROSS_ORIGIN <b>").Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if want := "SECURE_<wbr>CROSS_<wbr>ORIGIN &lt;b&gt;"; b.String() != want {
		t.Errorf("snakeWords = %q, want %q", b.String(), want)
	}
}

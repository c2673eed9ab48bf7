package web

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
)

// BenchmarkRun is one /ui/run of the page's default scenario, as the page
// sends it after a drop: the whole server-side share of a drop's latency.
func BenchmarkRun(b *testing.B) {
	good := defaultScenario()
	sc, err := json.Marshal(good)
	if err != nil {
		b.Fatal(err)
	}
	// The lesson's drop: AuthenticationMiddleware above SessionMiddleware.
	broken := defaultScenario()
	mw := broken.Middleware
	mw[1], mw[4] = mw[4], mw[1]
	bad, err := json.Marshal(broken)
	if err != nil {
		b.Fatal(err)
	}
	h := handleRun(slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, c := range []struct{ name, body string }{
		{"full", `{"scenario": ` + string(sc) + `, "open": -1}`},
		{"broken-full", `{"scenario": ` + string(bad) + `, "open": -1}`},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				h(w, httptest.NewRequest("POST", "/ui/run", bytes.NewReader([]byte(c.body))))
				if w.Code != 200 {
					b.Fatal(w.Code, w.Body.String())
				}
			}
		})
	}
}

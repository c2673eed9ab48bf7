package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/exercises"
	"github.com/middleware-playground/playground/web"
	"github.com/middleware-playground/playground/web/store"
)

// BenchmarkExerciseChange is what one drag on an exercise page costs the
// server: the one request that answers the results and the goals, and
// keeps the learner's answer. Drags alternate between two stacks, so each
// one saves a new answer.
func BenchmarkExerciseChange(b *testing.B) {
	st, err := store.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	h := web.NewServer(web.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: st, Progress: st})
	ex := reference(b, "auth-above-session")
	var bodies []string
	for _, a := range []exercises.Attempt{ex.Start(), ex.Solutions[0].Attempt()} {
		ab, err := json.Marshal(map[string]any{"middleware": a.Middleware, "settings": a.Settings, "choices": a.Choices, "open": -1})
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, string(ab))
	}
	cookie := &http.Cookie{Name: "mp_learner", Value: "benchbenchbenchbenchbe"}
	for i := 0; b.Loop(); i++ {
		req := httptest.NewRequest("POST", "/ui/exercises/auth-above-session/run", strings.NewReader(bodies[i%2]))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

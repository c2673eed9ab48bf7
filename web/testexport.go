package web

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/middleware-playground/playground/export/djangotest"
)

// handleExportDjangoTest answers a scenario with a Django tests.py that
// checks its requests' expectations on the user's own project: one test
// per request, or only the one `?request=N` names (0-based, as the page
// numbers them; the requests before it are still replayed).
func handleExportDjangoTest(log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		only := djangotest.All
		if q := r.URL.Query().Get("request"); q != "" {
			n, err := strconv.Atoi(q)
			if err != nil || n < 0 {
				writeError(w, r, log, badRequest("request: %q is not a request index (0, 1, ...)", q))
				return
			}
			only = n
		}
		sc, err := parseScenarioBody(w, r)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		code, err := djangotest.Write(sc, only)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		w.Header().Set("Content-Type", "text/x-python; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="tests.py"`)
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(code))
	}
}

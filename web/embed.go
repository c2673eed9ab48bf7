package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/templates"
)

// embedCSP is the site's policy with one change: any page may frame an
// embed, which is what it is for. Everything else (no inline script, only
// this origin's files) stays.
var embedCSP = strings.Replace(contentSecurityPolicy, "frame-ancestors 'none'", "frame-ancestors *", 1)

// allowFraming replaces the frame refusal the security headers set on
// every response. The handler runs below the server's timeout layer,
// which copies the handler's headers over the outer ones: a key with no
// values is how a header set above is removed through it.
func allowFraming(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", embedCSP)
	h["X-Frame-Options"] = nil
}

// handleEmbed renders /embed/{id}: a shared stack, read-only and compact,
// for an <iframe> on someone else's page. It sets no cookie; a share never
// changes, so the page may be cached.
func handleEmbed(log *slog.Logger, st ShareStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		allowFraming(w)
		id := chi.URLParam(r, "id")
		sc, ok := sharedScenarioOr404(w, r, log, st, id)
		if !ok {
			return
		}
		vm := templates.EmbedVM{ID: id, Open: "/s/" + id, Django: sc.Django}
		for _, p := range sc.Middleware {
			vm.Stack = append(vm.Stack, templates.KV{Name: stack.ClassName(p), Value: p})
		}
		if rn, err := newRun(sc); err != nil {
			log.ErrorContext(r.Context(), "embed: simulate", "err", err, "id", id)
			vm.Error = "This stack could not be simulated."
		} else {
			rvm := rn.resultsVM(-1)
			vm.Rows, vm.Passed, vm.Failed = rvm.Rows, rvm.Passed, rvm.Failed
			for i := range rvm.Rows {
				vm.Traces = append(vm.Traces, rn.traceVM(i))
			}
			vm.Django = rn.tr.Django
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		templ.Handler(templates.Embed(vm)).ServeHTTP(w, r)
	}
}

// sharedScenarioOr404 loads a share for a page: a missing one is the
// not-found page, a failure a short 500; ok says the page may go on.
func sharedScenarioOr404(w http.ResponseWriter, r *http.Request, log *slog.Logger, st ShareStore, id string) (*stack.Scenario, bool) {
	sc, err := loadSharedScenario(r, st, id)
	if err == nil {
		return sc, true
	}
	var ae *apiError
	if errors.As(err, &ae) && ae.status == http.StatusNotFound {
		renderNotFound(w, r, log, fmt.Sprintf("No shared playground has the id %q.", id))
		return nil, false
	}
	log.ErrorContext(r.Context(), "load share", "err", err, "id", id)
	http.Error(w, "The shared playground could not be loaded. Try again in a moment.", http.StatusInternalServerError)
	return nil, false
}

// loadSharedScenario reads and parses a share; a stored share that no
// longer parses is our error, not the visitor's.
func loadSharedScenario(r *http.Request, st ShareStore, id string) (*stack.Scenario, error) {
	b, err := loadShare(r.Context(), st, id)
	if err != nil {
		return nil, err
	}
	sc, err := stack.ParseScenario(b)
	if err != nil {
		return nil, fmt.Errorf("stored share %s does not parse: %w", id, err)
	}
	return sc, nil
}

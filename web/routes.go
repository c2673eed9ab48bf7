package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/middleware-playground/playground/static"
)

// addRoutes is the whole HTTP surface of the playground in one list.
func addRoutes(r chi.Router, cfg Config) {
	log := cfg.Logger

	// The page, fresh or restored from a permalink.
	r.Get("/", handlePage(log, cfg))
	r.Get("/s/{id}", handleSharedPage(log, cfg))
	r.Get("/rules", handleRules(log, cfg.Linter))

	// Fragments the page's JavaScript asks for on every change.
	r.Post("/ui/run", handleRun(log, cfg.Linter))
	r.Post("/ui/trace", handleTrace(log, cfg.Linter))
	r.Post("/ui/paste", handlePaste(log, cfg.Parser))
	r.Post("/ui/export", handleExport(log))

	// The JSON API: the page may use it; tests and other tools do.
	r.Post("/api/simulate", handleSimulate(log))
	r.Post("/api/share", handleShareCreate(log, cfg.Store))
	r.Get("/api/share/{id}", handleShareGet(log, cfg.Store))
	r.Get("/api/credentials", handleCredentials())

	// Guided exercises: their pages, their API and learners' progress.
	addExerciseRoutes(r, cfg)

	r.Get("/healthz", handleHealth(cfg.Store))
	r.Handle("/static/*", http.StripPrefix("/static/", handleStatic(static.FS, static.Version)))

	r.NotFound(handleNotFound(log))
	r.MethodNotAllowed(handleMethodNotAllowed())
}

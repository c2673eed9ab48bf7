package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/middleware-playground/playground/static"
)

// Rendered shared pages kept in memory: a page with 100 results is about
// 300 KiB.
const (
	sharedPagesBytes = 32 << 20
	sharedPageMax    = 2 << 20
)

// addRoutes is the whole HTTP surface of the playground in one list.
func addRoutes(r chi.Router, cfg Config) {
	log := cfg.Logger
	lim := cfg.Limits.withDefaults()
	// Simulations and pastes take an admission slot; pages, static files,
	// shares and /healthz never wait behind them. (A share is little work:
	// its writes queue for the database's one writer instead, up to the
	// request's deadline, so a burst of shares waits rather than fails.)
	adm := newAdmission(lim.Concurrent, lim.QueueWait)
	shares := newRateLimiter(lim.Shares, "new shares")
	progress := newRateLimiter(lim.Progress, "progress updates")

	// The page, fresh or restored from a permalink, and the other pages
	// with the theme toggle: drawn in the visitor's theme.
	pages := r.With(withPrefs)
	pages.Get("/", handlePage(log))
	pages.Get("/s/{id}", handleSharedPage(log, cfg.Store, newPageCache(sharedPagesBytes, sharedPageMax)))
	pages.Get("/rules", handleRules())
	r.Get("/embed/{id}", handleEmbed(log, cfg.Store))
	r.Get("/oembed", handleOEmbed(log, cfg.Store))
	r.Get("/c", handleCompareForm(log))
	r.Get("/c/{a}/{b}", handleComparePage(log, cfg.Store))

	// Fragments the page's JavaScript asks for on every change.
	r.With(adm.limit).Post("/ui/run", handleRun(log))
	r.With(adm.limit).Post("/ui/trace", handleTrace(log))
	r.With(adm.limit).Post("/ui/paste", handlePaste(log))
	r.Post("/ui/export", handleExport(log))
	r.With(adm.limit).Post("/ui/upgrade", handleUpgrade(log))
	r.With(adm.limit).Post("/ui/compare", handleCompareFragment(log))

	// The JSON API: the page may use it; tests and other tools do.
	r.With(adm.limit).Post("/api/simulate", handleSimulate(log))
	r.With(shares.limit).Post("/api/share", handleShareCreate(log, cfg.Store))
	r.Get("/api/share/{id}", handleShareGet(log, cfg.Store))
	r.Get("/api/credentials", handleCredentials())
	r.With(adm.limit).Post("/api/export/django-test", handleExportDjangoTest(log))
	r.With(adm.limit).Post("/api/compare", handleCompare(log))

	// Guided exercises: their pages, their API and learners' progress.
	r.Group(func(r chi.Router) {
		r.Use(exerciseWrites(log, adm, shares, progress, cfg.Store))
		addExerciseRoutes(r, cfg)
	})

	r.Get("/healthz", handleHealth(cfg.Store))
	r.Get("/static/*", http.StripPrefix("/static/", handleStatic(static.FS, static.Version)).ServeHTTP)

	r.NotFound(withPrefs(handleNotFound(log)).ServeHTTP)
	r.MethodNotAllowed(handleMethodNotAllowed())
}

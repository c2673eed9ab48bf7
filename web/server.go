// Package web serves the Middleware Playground: the page, its fragments,
// the JSON API and the static files, on a chi router whose own middleware
// are ordered as deliberately as the Django stacks it teaches.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// ShareStore is what the server needs from storage. GetShare returns an
// error wrapping store.ErrNotFound (checked with errors.Is) for an unknown id.
type ShareStore interface {
	PutShare(ctx context.Context, id string, scenario []byte) ([]byte, error)
	GetShare(ctx context.Context, id string) ([]byte, error)
	Ping(ctx context.Context) error
	// CheckSpace returns an error wrapping store.ErrFull when the database
	// has no room for more.
	CheckSpace(ctx context.Context) error
}

// Config holds the server's dependencies. Logger and Store are required.
type Config struct {
	Logger *slog.Logger
	Store  ShareStore
	// TrustedProxies may set the client's address, scheme and host in
	// X-Forwarded-* headers; empty means no one may.
	TrustedProxies TrustedProxies
	// Limits bound the work and storage clients can ask for; zero fields
	// take DefaultLimits'.
	Limits Limits
	// HandlerTimeout bounds one request's handler; zero means 10 seconds.
	HandlerTimeout time.Duration

	// Progress keeps learners' exercise progress; without it the exercise
	// pages answer 503.
	Progress ProgressStore
}

// NewServer builds the playground's HTTP handler.
func NewServer(cfg Config) http.Handler {
	if cfg.HandlerTimeout == 0 {
		cfg.HandlerTimeout = 10 * time.Second
	}
	r := chi.NewRouter()
	// The order matters, as it does in Django's MIDDLEWARE; outermost first.
	//
	// 1. Request id: everything below, log lines and error reports
	//    included, can name the request.
	r.Use(middleware.RequestID)
	// 2. Client: who sent the request, believing X-Forwarded-* only from
	//    a configured proxy (quotas are keyed by it, so a client must not
	//    choose it). Above the logger so the log shows the client, and
	//    above the headers so HSTS knows whether the client is on HTTPS.
	r.Use(forwarded(cfg.TrustedProxies))
	// 3. Logging: above everything that can answer, so every response,
	//    a recovered panic's 500 or a 413 included, is logged with its
	//    status and duration.
	r.Use(requestLogger(cfg.Logger))
	// 4. Security headers: set before any layer below answers, so early
	//    answers (403, 413, 500, 503) carry the CSP and friends too.
	r.Use(securityHeaders)
	r.Use(compress) // 4b. Encoding (web/compress.go): wraps every answer below, errors included.
	// 5. Panic recovery: below the logger and the headers, so a panic
	//    becomes a logged 500 that still carries the security headers.
	r.Use(recoverer(cfg.Logger))
	// 6. Cross-origin protection: refuse another site's POSTs before
	//    reading their bodies or doing any work for them.
	r.Use(crossOriginProtection)
	// 7. Body size limit: a cheap wrapper that makes every later read fail
	//    past 64 KiB, so no handler can be made to buffer more.
	r.Use(bodyLimit(maxBody))
	// 8. Timeout: innermost, so it bounds the handler's own work only.
	r.Use(timeout(cfg.HandlerTimeout))
	// 9. HEAD is GET without the body (net/http drops what the handler
	//    writes), so every GET route answers HEAD too.
	r.Use(middleware.GetHead)

	addRoutes(r, cfg)
	return r
}

package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// contentSecurityPolicy allows only this server's own scripts and styles:
// no inline script, no inline style attribute, no third-party host. Data
// URLs are allowed for images so the favicon can be inline.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response should carry. It sets
// them before calling the next handler, so responses made by any layer
// below it (a recovered panic, a 413, a timeout) carry them too: the same
// reason Django's SecurityMiddleware goes first.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if clientOf(r).https {
			h.Set("Strict-Transport-Security", hsts)
		}
		next.ServeHTTP(w, r)
	})
}

// requestLogger logs one structured line per request, after it is done,
// with the status and duration the client saw. "remote" is the peer the
// connection came from and "client" the address quotas count, which
// differ behind a trusted proxy. A request whose client went away is
// logged at info level, whatever status was left behind: nothing failed
// on our side.
func requestLogger(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r)
			status := ww.Status()
			if status == 0 {
				status = http.StatusOK
			}
			gone := errors.Is(r.Context().Err(), context.Canceled)
			level, msg := slog.LevelInfo, "request"
			switch {
			case gone:
				msg = "request abandoned by the client"
			case status == http.StatusServiceUnavailable || status == http.StatusInsufficientStorage:
				// Out of capacity (busy, slow, full): worth watching, but
				// no failure of the code.
				level = slog.LevelWarn
			case status >= 500:
				level = slog.LevelError
			}
			log.LogAttrs(r.Context(), level, msg,
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("duration", time.Since(start)),
				slog.String("remote", r.RemoteAddr),
				slog.String("client", clientOf(r).addr.String()),
				slog.String("request_id", middleware.GetReqID(r.Context())),
			)
		})
	}
}

// recoverer turns a panic below it into a 500 in the format the route
// speaks (JSON for the API, a short page otherwise) and logs the stack.
// http.ErrAbortHandler is re-panicked: it is net/http's way to abort a
// response on purpose.
func recoverer(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				p := recover()
				if p == nil {
					return
				}
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.ErrorContext(r.Context(), "panic", "panic", p, "stack", string(debug.Stack()),
					"request_id", middleware.GetReqID(r.Context()))
				if wantsJSON(r) {
					writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error; the server log has the details"})
					return
				}
				http.Error(w, "Something went wrong on our side. Reload the page to try again.", http.StatusInternalServerError)
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// bodyLimit caps every request body, so no handler can be made to read
// more than maxBody bytes; handlers see *http.MaxBytesError and answer 413.
func bodyLimit(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, r)
		})
	}
}

// timeout gives each request a deadline that the store and the engine's
// callers check. It does not answer for a handler still running, as
// http.TimeoutHandler would: that buffers every response in memory and
// hides a handler that is still burning CPU (and holding its admission
// slot) behind a 503. A handler that returns having written nothing past
// its deadline gets the 503 here.
func timeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			tw := &wroteWriter{ResponseWriter: w}
			next.ServeHTTP(tw, r.WithContext(ctx))
			if !tw.wrote && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				writeError(w, r, nil, errTooSlow)
			}
		})
	}
}

// wroteWriter notes whether a handler started its answer.
type wroteWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *wroteWriter) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *wroteWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *wroteWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// crossOriginProtection refuses state-changing requests (POST and the
// like) that a browser marks as coming from another site, using the
// standard library's Fetch-Metadata and Origin checks. Without it, any
// page could make a visitor's browser fill the share table.
func crossOriginProtection(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "cross-origin request refused: state-changing requests must come from this site's own pages"})
	}))
	return cop.Handler(next)
}

// wantsJSON reports whether errors on this route should be JSON.
func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/ui/") ||
		strings.Contains(r.Header.Get("Accept"), "application/json")
}

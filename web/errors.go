package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/web/store"
)

// maxBody bounds every request body. A scenario with 64 middleware and 100
// requests fits comfortably; anything larger is refused before it is read.
const maxBody = 64 << 10

// apiError is an error with the status the client should see. Handlers
// return it for problems with the request; anything else is internal and
// reaches the client only as a fixed message.
type apiError struct {
	status int
	msg    string
	// retryAfter, in seconds, goes out as Retry-After when set.
	retryAfter int
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// writeJSON writes v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// writeError is the one path from an error to the client: a JSON
// {"error": ...} with the status the error calls for. Internal errors are
// logged with their detail and shown as a fixed sentence, so driver or
// engine internals never reach a user.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	status, msg := classify(err)
	if status >= 500 && log != nil {
		log.ErrorContext(r.Context(), "request failed", "err", err, "path", r.URL.Path, "request_id", middleware.GetReqID(r.Context()))
	}
	var ae *apiError
	if errors.As(err, &ae) && ae.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
	}
	writeJSON(w, status, map[string]string{"error": msg})
}

// clientClosedRequest is the status (nginx's convention) logged for a
// request whose client went away before the answer; no one receives it.
const clientClosedRequest = 499

// errTooSlow is a request that ran past its deadline.
var errTooSlow = &apiError{status: http.StatusServiceUnavailable, msg: "the server took too long to answer; try again in a moment", retryAfter: 5}

func classify(err error) (int, string) {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.status, ae.msg
	}
	switch {
	case errors.Is(err, context.Canceled):
		return clientClosedRequest, "request cancelled by the client"
	case errors.Is(err, context.DeadlineExceeded):
		return errTooSlow.status, errTooSlow.msg
	case errors.Is(err, store.ErrFull):
		return http.StatusInsufficientStorage, "the playground's storage is full, so nothing new can be saved; what is already shared still opens"
	}
	var fe *stack.FieldError
	if errors.As(err, &fe) {
		return http.StatusBadRequest, fe.Error()
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is larger than %d KiB", tooBig.Limit>>10)
	}
	return http.StatusInternalServerError, "internal error; the server log has the details"
}

// readBody reads a bounded request body. The server's body-limit
// middleware already wraps r.Body; wrapping again here keeps handlers
// safe when mounted without it (as in handler tests).
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return nil, &apiError{status: http.StatusUnsupportedMediaType, msg: fmt.Sprintf("Content-Type %q: send application/json", ct)}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			return nil, err
		}
		// A body shorter than its Content-Length, a chunked body cut off,
		// a malformed chunk: the client sent less than a request.
		return nil, badRequest("the request body ended early or could not be read: %v", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badRequest("empty body: send a scenario as JSON")
	}
	return body, nil
}

// decodeBody reads a bounded body and decodes it strictly into v.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	return decodeStrict(body, v)
}

// decodeStrict decodes a small JSON envelope, naming the problem when it
// does not fit.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return badRequest("malformed JSON at byte %d: %v", se.Offset, err)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return badRequest("%s: expected %s, got JSON %s", te.Field, te.Type, te.Value)
		}
		return badRequest("bad JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

package stack

import (
	"net/http"
	"net/url"
	"strings"
)

// django-cors-headers 3.14's CorsMiddleware (a MiddlewareMixin).
type corsMW struct{}

const (
	corsAllowHeaders = "accept, accept-encoding, authorization, content-type, dnt, origin, user-agent, x-csrftoken, x-requested-with"
	corsAllowMethods = "DELETE, GET, OPTIONS, PATCH, POST, PUT"
)

func corsEnabled(x *exec, r *request) bool {
	re := x.site.settings.CORSURLsRegex
	loc := re.FindStringIndex(r.pathInfo)
	return loc != nil && loc[0] == 0
}

func (corsMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	// request._cors_enabled: decided here, against path_info as it is
	// now, and kept for process_response, whatever a layer below makes of
	// path_info.
	enabled := corsEnabled(x, r)
	r.corsEnabled = &enabled
	if !enabled {
		return nil, nil
	}
	if _, ok := r.meta.lookup("HTTP_ACCESS_CONTROL_REQUEST_METHOD"); r.method == "OPTIONS" && ok {
		x.note(CORSPreflightAnswered)
		resp := x.htmlResponse(200, "")
		resp.set("Content-Length", "0")
		return resp, nil
	}
	return nil, nil
}

func (corsMW) processView(x *exec, r *request, v *view) (*response, *pyErr) {
	return nil, nil
}

func (corsMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	// getattr(request, "_cors_enabled", None), decided anew only when
	// process_request did not run.
	enabled := r.corsEnabled
	if enabled == nil {
		e := corsEnabled(x, r)
		enabled = &e
	}
	if !*enabled {
		return resp, nil
	}
	s := x.site.settings
	resp.patchVary("Origin")
	origin := r.meta.get("HTTP_ORIGIN")
	if origin == "" {
		return resp, nil
	}
	u, err := url.Parse(origin)
	if err != nil {
		return resp, nil
	}
	if s.CORSAllowCredentials {
		resp.set("Access-Control-Allow-Credentials", "true")
	}
	if !s.CORSAllowAllOrigins && !originAllowed(s, origin, u) {
		x.note(CORSOriginRefused, origin)
		return resp, nil
	}
	if s.CORSAllowAllOrigins && !s.CORSAllowCredentials {
		resp.set("Access-Control-Allow-Origin", "*")
	} else {
		resp.set("Access-Control-Allow-Origin", origin)
	}
	if r.method == "OPTIONS" {
		resp.set("Access-Control-Allow-Headers", corsAllowHeaders)
		resp.set("Access-Control-Allow-Methods", corsAllowMethods)
		if s.CORSPreflightMaxAge != 0 {
			resp.set("Access-Control-Max-Age", itoa(s.CORSPreflightMaxAge))
		}
	}
	return resp, nil
}

func originAllowed(s *Settings, origin string, u *url.URL) bool {
	for _, o := range s.CORSAllowedOrigins {
		if o == "null" && origin == "null" {
			return true
		}
		a, err := url.Parse(o)
		if err == nil && a.Scheme == u.Scheme && a.Host == u.Host {
			return true
		}
	}
	return false
}

// WhiteNoise 6.0's middleware: __call__ runs its process_request, which
// serves files under STATIC_URL from a table built at start-up.
type whiteNoiseMW struct{}

const staticCSS = "body{}\n"

func (m whiteNoiseMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	l := x.h.layers[x.cur]
	hc := x.beginHook(l, KindProcessRequest, PhaseRequest, nil)
	resp, err := m.processRequest(x, r)
	x.endHook(l, hc, resp, err)
	if err != nil {
		return nil, err
	}
	if resp != nil {
		return resp, nil
	}
	return next()
}

func (whiteNoiseMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	s := x.site.settings
	prefix := s.StaticURL
	if u, err := url.Parse(prefix); err == nil {
		prefix = u.Path
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	x.work("lookup", WhiteNoiseLookup, r.pathInfo)
	if r.pathInfo != prefix+"app.css" {
		return nil, nil
	}
	etag := `"` + "677b5a80-7" + `"`
	lastModified := "Mon, 05 Jan 2026 08:00:00 GMT"
	if r.method != "GET" && r.method != "HEAD" {
		resp := &response{status: 405, streaming: true}
		resp.set("Allow", "GET, HEAD")
		return resp, nil
	}
	maxAge := "60"
	if s.Debug {
		maxAge = "0"
	}
	if staticNotModified(r, etag, lastModified) {
		resp := &response{status: 304, streaming: true}
		resp.set("Cache-Control", "max-age="+maxAge+", public")
		resp.set("ETag", etag)
		x.note(WhiteNoiseNotModified)
		return resp, nil
	}
	x.work("serve", WhiteNoiseServes, r.pathInfo)
	resp := &response{status: 200, streaming: true, body: staticCSS}
	resp.set("Content-Type", `text/css; charset="utf-8"`)
	resp.set("Cache-Control", "max-age="+maxAge+", public")
	resp.set("Access-Control-Allow-Origin", "*")
	resp.set("Last-Modified", lastModified)
	resp.set("ETag", etag)
	resp.set("Content-Length", itoa(len(staticCSS)))
	return resp, nil
}

// staticNotModified is WhiteNoise's StaticFile.is_not_modified: an exact
// ETag match, or else an If-Modified-Since not older than the file.
func staticNotModified(r *request, etag, lastModified string) bool {
	if inm, ok := r.meta.lookup("HTTP_IF_NONE_MATCH"); ok {
		return inm == etag
	}
	ims, ok := r.meta.lookup("HTTP_IF_MODIFIED_SINCE")
	if !ok {
		return false
	}
	since, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	mod, _ := http.ParseTime(lastModified)
	return !since.Before(mod)
}

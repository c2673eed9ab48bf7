package stack

import (
	"net/http"
	"net/url"
	"strings"
)

// CorsMiddleware: django-cors-headers 3.14 (with Django 3.2) is a
// MiddlewareMixin; 4.x (with 4.2 and 5.2) a plain __call__ middleware
// that does the same two things around get_response, with lower-case
// header names and a shorter default CORS_ALLOW_HEADERS.
type (
	corsMixinMW struct{}
	corsCallMW  struct{}
)

const corsAllowMethods = "DELETE, GET, OPTIONS, PATCH, POST, PUT"

// corsAllowHeaders are each major version's default CORS_ALLOW_HEADERS.
var corsAllowHeaders = map[bool]string{
	false: "accept, accept-encoding, authorization, content-type, dnt, origin, user-agent, x-csrftoken, x-requested-with",
	true:  "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with",
}

func corsEnabled(x *exec, r *request) bool {
	re := x.site.settings.CORSURLsRegex
	loc := re.FindStringIndex(r.pathInfo)
	return loc != nil && loc[0] == 0
}

// corsPreflight decides request._cors_enabled against path_info as it
// is now, kept for the response whatever a layer below makes of
// path_info, and answers a preflight.
func corsPreflight(x *exec, r *request) *response {
	enabled := corsEnabled(x, r)
	r.corsEnabled = &enabled
	if !enabled {
		return nil
	}
	if _, ok := r.meta.lookup("HTTP_ACCESS_CONTROL_REQUEST_METHOD"); r.method == "OPTIONS" && ok {
		x.note(CORSPreflightAnswered)
		resp := x.htmlResponse(200, "")
		resp.set(corsName("Content-Length", x.site.version.corsHeaders4), "0")
		return resp
	}
	return nil
}

// corsName is a header name as each version writes it: 4.x in lower case.
func corsName(name string, v4 bool) string {
	if v4 {
		return strings.ToLower(name)
	}
	return name
}

func (corsMixinMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	return corsPreflight(x, r), nil
}

func (corsMixinMW) processView(x *exec, r *request, v *view) (*response, *pyErr) {
	return nil, nil
}

func (corsMixinMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	corsAddHeaders(x, r, resp)
	return resp, nil
}

func (corsCallMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	resp := corsPreflight(x, r)
	if resp == nil {
		var err *pyErr
		if resp, err = next(); err != nil {
			return nil, err
		}
	}
	corsAddHeaders(x, r, resp)
	return resp, nil
}

// corsAddHeaders is process_response (3.14) or add_response_headers (4.x).
func corsAddHeaders(x *exec, r *request, resp *response) {
	// getattr(request, "_cors_enabled", None), decided anew only when
	// process_request did not run.
	enabled := r.corsEnabled
	if enabled == nil {
		e := corsEnabled(x, r)
		enabled = &e
	}
	if !*enabled {
		return
	}
	s := x.site.settings
	v4 := x.site.version.corsHeaders4
	resp.patchVary(corsName("Origin", v4))
	origin := r.meta.get("HTTP_ORIGIN")
	if origin == "" {
		return
	}
	u, err := url.Parse(origin)
	if err != nil {
		return
	}
	// 3.14 sends the credentials header before it checks the origin.
	if s.CORSAllowCredentials && !v4 {
		resp.set("Access-Control-Allow-Credentials", "true")
	}
	if !s.CORSAllowAllOrigins && !originAllowed(s, origin, u) {
		x.note(CORSOriginRefused, origin)
		return
	}
	if s.CORSAllowAllOrigins && !s.CORSAllowCredentials {
		resp.set(corsName("Access-Control-Allow-Origin", v4), "*")
	} else {
		resp.set(corsName("Access-Control-Allow-Origin", v4), origin)
	}
	if s.CORSAllowCredentials && v4 {
		resp.set("access-control-allow-credentials", "true")
	}
	if len(s.CORSExposeHeaders) > 0 {
		resp.set(corsName("Access-Control-Expose-Headers", v4), strings.Join(s.CORSExposeHeaders, ", "))
	}
	if r.method == "OPTIONS" {
		resp.set(corsName("Access-Control-Allow-Headers", v4), corsAllowHeaders[v4])
		resp.set(corsName("Access-Control-Allow-Methods", v4), corsAllowMethods)
		if s.CORSPreflightMaxAge != 0 {
			resp.set(corsName("Access-Control-Max-Age", v4), itoa(s.CORSPreflightMaxAge))
		}
	}
	if v4 && s.CORSAllowPrivateNetwork && r.meta.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK") == "true" {
		resp.set("access-control-allow-private-network", "true")
	}
}

// originAllowed is origin_found_in_white_lists: "null" when listed, the
// same scheme and host as an allowed origin, or a regex matching from
// the start.
func originAllowed(s *Settings, origin string, u *url.URL) bool {
	for _, re := range s.CORSAllowedOriginRegexes {
		if loc := re.FindStringIndex(origin); loc != nil && loc[0] == 0 {
			return true
		}
	}
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

// WhiteNoise's middleware serves files under STATIC_URL from a table
// built at start-up. 6.0 (with Django 3.2) does it in a process_request
// method its __call__ runs before get_response, just as MiddlewareMixin
// would; 6.3+ does it in __call__ itself.
type (
	whiteNoise60MW struct{}
	whiteNoiseMW   struct{}
)

const staticCSS = "body{}\n"

func (whiteNoise60MW) processRequest(x *exec, r *request) (*response, *pyErr) {
	return whiteNoiseServe(x, r), nil
}

func (whiteNoiseMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	if resp := whiteNoiseServe(x, r); resp != nil {
		return resp, nil
	}
	return next()
}

// whiteNoiseServe answers a request for a static file, or returns nil.
func whiteNoiseServe(x *exec, r *request) *response {
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
		return nil
	}
	etag := `"` + "677b5a80-7" + `"`
	lastModified := "Mon, 05 Jan 2026 08:00:00 GMT"
	if r.method != "GET" && r.method != "HEAD" {
		resp := &response{status: 405, streaming: true}
		resp.set("Allow", "GET, HEAD")
		return resp
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
		return resp
	}
	x.work("serve", WhiteNoiseServes, r.pathInfo)
	resp := &response{status: 200, streaming: true, body: staticCSS}
	resp.set("Content-Type", `text/css; charset="utf-8"`)
	resp.set("Cache-Control", "max-age="+maxAge+", public")
	resp.set("Access-Control-Allow-Origin", "*")
	resp.set("Last-Modified", lastModified)
	resp.set("ETag", etag)
	resp.set("Content-Length", itoa(len(staticCSS)))
	return resp
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

package stack

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"
)

// newRequest builds the request the test client would send: credentials
// applied to the client's jar and headers first, as the harness does.
func (x *exec) newRequest(c *client, req *Request) *request {
	st := x.site
	// run has put the method in canonical form already.
	method := x.res.Method
	path, query, _ := strings.Cut(req.Path, "?")
	r := &x.h.req
	r.requestAttrs = requestAttrs{
		method: method, path: path, pathInfo: path, query: query, scheme: "http",
		form: req.Form, meta: r.metaBuf[:0],
	}
	for k, v := range req.Headers {
		r.meta.set(metaKey(k), v)
	}
	for _, cred := range req.Auth {
		kind, who, _ := strings.Cut(cred, ":")
		switch kind {
		case "session":
			if who == "stale" {
				c.jar.setSorted("sessionid", "stale0000000000000000000000000000")
			} else {
				c.jar.setSorted("sessionid", st.loginOutside(st.userByName(who)))
			}
		case "jwt":
			id := 9999
			if u := st.userByName(who); u != nil {
				id = u.id
			}
			r.meta.set("HTTP_AUTHORIZATION", "Bearer "+signJWT(id, st.now/secondMicros+3600, st.settings.SecretKey))
		case "jwt-expired":
			r.meta.set("HTTP_AUTHORIZATION", "Bearer "+signJWT(st.userByName(who).id, st.now/secondMicros-60, st.settings.SecretKey))
		case "jwt-badsig":
			r.meta.set("HTTP_AUTHORIZATION", "Bearer "+signJWT(st.userByName(who).id, st.now/secondMicros+3600, "wrong-key"))
		case "token":
			r.meta.set("HTTP_AUTHORIZATION", "Token "+st.tokenFor(st.userByName(who)))
		case "bearer-malformed":
			r.meta.set("HTTP_AUTHORIZATION", "Bearer")
		case "csrf":
			tok := st.newCSRFToken()
			c.jar.setSorted("csrftoken", tok)
			switch who {
			case "valid":
				r.meta.set("HTTP_X_CSRFTOKEN", tok)
			case "mismatch":
				r.meta.set("HTTP_X_CSRFTOKEN", st.newCSRFToken())
			}
		}
	}
	r.meta.set("REMOTE_ADDR", orDefault(req.RemoteAddr, "127.0.0.1"))
	r.meta.set("SERVER_NAME", "testserver")
	if req.Secure {
		r.scheme = "https"
		r.meta.set("SERVER_PORT", "443")
	} else {
		r.meta.set("SERVER_PORT", "80")
	}
	if req.Host != "" {
		r.meta.set("HTTP_HOST", req.Host)
	}
	// The test client always sends a Cookie header, empty or not, with
	// its jar sorted; a deleted cookie goes out as an empty quoted value.
	cookieHeader := ""
	if len(c.jar) > 0 {
		// The jar is kept sorted; the request gets a copy of it as it is.
		r.cookies = append(r.cookieBuf[:0], c.jar...)
		n := 0
		for _, ck := range r.cookies {
			n += len(ck.k) + len(ck.v) + 4
		}
		var b strings.Builder
		b.Grow(n)
		for i, ck := range r.cookies {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(ck.k)
			b.WriteByte('=')
			if ck.v == "" {
				b.WriteString(`""`)
			} else {
				b.WriteString(ck.v)
			}
		}
		cookieHeader = b.String()
	}
	r.meta.set("HTTP_COOKIE", cookieHeader)
	return r
}

// strPairs is a small string map kept as a slice: a request's META and
// cookies hold a handful of entries, which a linear scan finds faster
// than hashing, and building them costs one allocation instead of a
// map's several.
type strPairs []strPair

type strPair struct{ k, v string }

// lookup is m[k] with its ok.
func (p strPairs) lookup(k string) (string, bool) {
	for i := range p {
		if p[i].k == k {
			return p[i].v, true
		}
	}
	return "", false
}

// get is m.get(k, "").
func (p strPairs) get(k string) string {
	v, _ := p.lookup(k)
	return v
}

// setSorted is set for pairs kept sorted by key: a new key goes in its
// place.
func (p *strPairs) setSorted(k, v string) {
	i, found := slices.BinarySearchFunc(*p, k, func(e strPair, k string) int { return strings.Compare(e.k, k) })
	if found {
		(*p)[i].v = v
		return
	}
	*p = slices.Insert(*p, i, strPair{k, v})
}

// set replaces k's value or adds it.
func (p *strPairs) set(k, v string) {
	for i := range *p {
		if (*p)[i].k == k {
			(*p)[i].v = v
			return
		}
	}
	*p = append(*p, strPair{k, v})
}

// validateCredential checks one auth entry of a scenario request.
func validateCredential(cred string) error {
	kind, who, _ := strings.Cut(cred, ":")
	isUser := who == "alice" || who == "bob" || who == "mallory"
	switch kind {
	case "session":
		if isUser || who == "stale" {
			return nil
		}
		return errorf("session:%s: the user must be alice, bob, mallory or stale", who)
	case "jwt":
		if who != "" {
			return nil
		}
	case "jwt-expired", "jwt-badsig", "token":
		if isUser {
			return nil
		}
		return errorf("%s:%s: the user must be alice, bob or mallory", kind, who)
	case "bearer-malformed":
		if who == "" && !strings.Contains(cred, ":") {
			return nil
		}
	case "csrf":
		if who == "valid" || who == "cookie-only" || who == "mismatch" {
			return nil
		}
		return errorf("csrf:%s: must be csrf:valid, csrf:cookie-only or csrf:mismatch", who)
	}
	return errorf("unknown credential %q; known: session:NAME, session:stale, jwt:NAME, jwt-expired:NAME, jwt-badsig:NAME, bearer-malformed, token:NAME, csrf:valid, csrf:cookie-only, csrf:mismatch", cred)
}

// core is BaseHandler._get_response: resolve, process_view hooks, the
// view, and process_exception hooks for what the view raised.
func (x *exec) core(r *request) (*response, *pyErr) {
	x.cur = -1
	x.phase = phaseView
	x.workAbout("resolve", whyResolve, r.pathInfo)
	v := resolve(r.pathInfo)
	if v == nil {
		x.note("no URL pattern matches " + r.pathInfo + ": Resolver404, before any process_view")
		return nil, &pyErr{class: "Resolver404", kind: errHTTP404, msg: r.pathInfo, raisedBy: "Django", layer: -1}
	}
	for _, l := range x.h.viewHooks {
		hc := x.beginHook(l, kindProcessView, phaseView, nil)
		resp, err := l.onView.processView(x, r, v)
		x.endHook(l, hc, resp, err)
		if err != nil {
			return nil, err
		}
		if resp != nil {
			x.answered(l, resp)
			return resp, nil
		}
	}
	x.cur = -1
	x.phase = phaseView
	x.resolved = v.name
	resp, err := v.run(x, r)
	x.cur = -1
	if err == nil {
		if x.res.AnsweredBy == "" {
			x.res.AnsweredBy = "view"
		}
		return resp, nil
	}
	if err.raisedBy == "" {
		err.raisedBy = "view"
		err.layer = -1
	}
	if x.res.AnsweredBy == "" {
		x.res.AnsweredBy = "view"
	}
	x.phase = phaseError
	for _, l := range x.h.excHooks {
		hc := x.beginHook(l, kindProcessException, phaseError, nil)
		resp, herr := l.onException.processException(x, r, err)
		x.endHook(l, hc, resp, herr)
		if herr != nil {
			return nil, herr
		}
		if resp != nil {
			x.res.AnsweredBy = l.class
			x.res.AnsweredAt = l.index
			x.handledErr = err
			return resp, nil
		}
	}
	return nil, err
}

// responseForException is django.core.handlers.exception.response_for_exception.
func (x *exec) responseForException(r *request, e *pyErr) (*response, *pyErr) {
	s := x.site.settings
	if x.res.Exception == nil {
		x.res.Exception = &Exception{Class: e.class, Message: e.msg}
		if x.res.AnsweredBy == "" || x.res.AnsweredBy == "view" && e.raisedBy != "view" {
			x.res.AnsweredBy = e.raisedBy
			x.res.AnsweredAt = e.layer
		}
	}
	x.phase = phaseError
	switch e.kind {
	case errHTTP404:
		if s.Debug {
			x.work("debug_page", "DEBUG is on: Django renders its technical 404 page")
			return x.newResponse(404, "<h1>Page not found <span>(404)</span></h1>", "text/html"), nil
		}
		return x.errorView(r, 404, e)
	case errPermissionDenied:
		return x.errorView(r, 403, e)
	case errBadRequest, errSuspicious:
		if s.Debug {
			return x.technical500(r, e, 400), nil
		}
		return x.errorView(r, 400, e)
	}
	return x.handleUncaught(r, e)
}

func (x *exec) errorView(r *request, status int, e *pyErr) (*response, *pyErr) {
	resp, err := x.callErrorHandler(r, status)
	if err != nil {
		return x.handleUncaught(r, err)
	}
	return resp, nil
}

// handleUncaught is handle_uncaught_exception: DEBUG's technical page, or
// handler500, which may itself raise.
func (x *exec) handleUncaught(r *request, e *pyErr) (*response, *pyErr) {
	if x.site.settings.Debug {
		return x.technical500(r, e, 500), nil
	}
	return x.callErrorHandler(r, 500)
}

// technical500 is DEBUG's error page, which reads request.user (so the
// session is accessed and the response varies on Cookie).
func (x *exec) technical500(r *request, e *pyErr, status int) *response {
	x.work("debug_page", "DEBUG is on: Django renders its technical error page, which shows request.user")
	if r.user != nil {
		x.evaluateUser(r)
	}
	return x.newResponse(status, "<h1>"+e.class+" at "+r.path+"</h1>", "text/html")
}

var errorTitles = map[int]string{404: "Not Found", 403: "403 Forbidden", 400: "Bad Request (400)", 500: "Server Error (500)"}

// callErrorHandler runs Django's default handler404/403/400/500, each
// wrapped in requires_csrf_token: that wrapper runs CsrfViewMiddleware's
// request and response steps, and with CSRF_USE_SESSIONS raises when
// request.session is missing.
func (x *exec) callErrorHandler(r *request, status int) (*response, *pyErr) {
	if err := x.csrfProcessRequest(r); err != nil {
		x.note("Django's error page is wrapped in requires_csrf_token, which reads the CSRF token from request.session (CSRF_USE_SESSIONS), but there is no session yet: the error page itself raises " + err.class)
		return nil, err
	}
	x.work("error_page", "Django's default "+itoa(status)+" page")
	details := ""
	if status == 404 {
		details = "The requested resource was not found on this server."
	}
	title := errorTitles[status]
	resp := x.newResponse(status, "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>"+title+"</title>\n</head>\n<body>\n  <h1>"+title+"</h1><p>"+details+"</p>\n</body>\n</html>\n", "text/html")
	if err := x.csrfResponse(r, resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// firstH1 is the harness's re.search(r'<h1>(.*?)</h1>'): the shortest
// text between <h1> and </h1> on one line.
func firstH1(body string) (string, bool) {
	rest := body
	for {
		i := strings.Index(rest, "<h1>")
		if i < 0 {
			return "", false
		}
		rest = rest[i+4:]
		line := rest
		if nl := strings.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		if j := strings.Index(line, "</h1>"); j >= 0 {
			return line[:j], true
		}
	}
}

// finish does what the test client does with the response (HEAD and 304
// bodies removed, cookies kept in the jar) and fills the result.
func (x *exec) finish(c *client, req *Request, resp *response) {
	res := x.res
	res.Status = resp.status
	body := resp.body
	if resp.streaming || x.r.method == "HEAD" || resp.status == 304 || resp.status == 204 || resp.status < 200 {
		body = ""
	}
	rc := &x.h.rec
	// Headers and cookies are sorted here, on the stack, and stored once.
	var buf [12]Header
	fields := buf[:0]
	for _, ck := range resp.cookies {
		c.jar.setSorted(ck.name, ck.value)
		if ck.maxAge == 0 || ck.value == "" {
			fields = setField(fields, ck.name, "deleted")
		} else {
			fields = setField(fields, ck.name, "set")
		}
	}
	res.Cookies = rc.fields(fields)
	res.RawHeaders = resp.headers
	fields = fields[:0]
	for _, h := range resp.headers {
		name := lowerHeaderName(h.Name)
		v := h.Value
		switch name {
		case "date", "expires", "last-modified", "etag", "x-request-duration", "content-length":
			v = "<present>"
		case "location":
			v = strings.ReplaceAll(v, "http://testserver", "")
		}
		fields = setField(fields, name, v)
	}
	res.Headers = rc.fields(fields)
	if !resp.compressed {
		res.Body = body
		if strings.HasPrefix(resp.get("Content-Type"), "application/json") {
			if m, ok := decodeFlatJSON(body); ok {
				res.BodyJSON = m
			} else {
				var v any
				if json.Unmarshal([]byte(body), &v) == nil {
					res.BodyJSON = v
				}
			}
		}
		if h, ok := firstH1(body); ok {
			res.BodyH1 = x.h.rec.newString(h)
		}
	}
	res.ServedFromCache = resp.fromCache
	res.CachedFor = resp.cachedFor
	res.CachedForUser = resp.cachedForUser
	if res.AnsweredBy == "" {
		res.AnsweredBy = "Django"
	}
	res.CORS = corsVerdict(x.r, resp)
	res.resolved = x.resolved
	if x.handledErr != nil {
		res.handledClass = x.handledErr.class
	}
}

// decodeFlatJSON decodes the JSON bodies the demo views send, an object
// of strings and literals, exactly as json.Unmarshal into an any would,
// without its reflection: ok is false for anything else (numbers, nested
// values, escapes, invalid UTF-8, malformed text), which the caller hands
// to json.Unmarshal.
func decodeFlatJSON(s string) (m map[string]any, ok bool) {
	s = trimJSONSpace(s)
	if len(s) < 2 || s[0] != '{' {
		return nil, false
	}
	s = trimJSONSpace(s[1:])
	m = map[string]any{}
	if s != "" && s[0] == '}' {
		return m, trimJSONSpace(s[1:]) == ""
	}
	for {
		k, rest, ok := cutJSONString(s)
		if !ok {
			return nil, false
		}
		s = trimJSONSpace(rest)
		if s == "" || s[0] != ':' {
			return nil, false
		}
		s = trimJSONSpace(s[1:])
		var v any
		switch {
		case s != "" && s[0] == '"':
			v, s, ok = cutJSONString(s)
			if !ok {
				return nil, false
			}
		case strings.HasPrefix(s, "true"):
			v, s = true, s[4:]
		case strings.HasPrefix(s, "false"):
			v, s = false, s[5:]
		case strings.HasPrefix(s, "null"):
			v, s = nil, s[4:]
		default:
			return nil, false
		}
		m[k] = v
		s = trimJSONSpace(s)
		switch {
		case s == "":
			return nil, false
		case s[0] == ',':
			s = trimJSONSpace(s[1:])
		case s[0] == '}':
			return m, trimJSONSpace(s[1:]) == ""
		default:
			return nil, false
		}
	}
}

// cutJSONString reads a string with no escapes and no control
// characters, in valid UTF-8, from the start of s.
func cutJSONString(s string) (v, rest string, ok bool) {
	if s == "" || s[0] != '"' {
		return "", "", false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			v = s[1:i]
			return v, s[i+1:], utf8.ValidString(v)
		case c == '\\' || c < 0x20:
			return "", "", false
		}
	}
	return "", "", false
}

func trimJSONSpace(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') {
		s = s[1:]
	}
	return s
}

// corsVerdict is what a browser decides about a cross-origin response.
func corsVerdict(r *request, resp *response) string {
	origin, ok := r.meta.lookup("HTTP_ORIGIN")
	if !ok {
		return ""
	}
	acao := resp.get("Access-Control-Allow-Origin")
	preflight := r.method == "OPTIONS" && r.meta.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD") != ""
	switch {
	case acao == "":
		return "blocked: the response has no Access-Control-Allow-Origin for " + origin
	case acao != "*" && acao != origin:
		return "blocked: Access-Control-Allow-Origin is " + acao + ", not " + origin
	case preflight && (resp.status < 200 || resp.status > 299):
		return "blocked: a preflight must answer 2xx, this one answered " + itoa(resp.status)
	}
	return "allowed"
}

// Outcome is one plain sentence on what happened to the request, made
// when asked: most results are never read one by one.
func (res *Result) Outcome() string {
	who := res.AnsweredBy
	switch {
	case res.Escaped != "":
		return res.Escaped + " escaped Django entirely: Django's own 500 handler raised it again, so the WSGI server answered with a bare 500 of its own."
	case res.ServedFromCache:
		return "Served from the page cache (a copy made for " + res.CachedFor + "); the view did not run."
	case res.handledClass != "":
		return "The view " + res.resolved + " raised " + res.handledClass + "; " + who + "'s process_exception turned it into a " + itoa(res.Status) + "."
	case res.Exception != nil && res.AnsweredBy != "view" && res.AnsweredBy != "Django" && res.Status >= 400:
		return who + " raised " + res.Exception.Class + ", which Django turned into a " + itoa(res.Status) + "."
	case res.Exception != nil && res.AnsweredBy == "view" && res.Status >= 400:
		return "The view " + res.resolved + " raised " + res.Exception.Class + ", which Django turned into a " + itoa(res.Status) + "."
	case res.Exception != nil && res.Exception.Class == "Resolver404":
		return "No URL pattern matched, so Django answered 404."
	case who == "view" && res.View == nil:
		return "The view " + res.resolved + " answered " + itoa(res.Status) + " before its handler ran: DRF refused the request."
	case who == "view":
		u := "absent"
		if res.UserAtView != nil {
			u = *res.UserAtView
		}
		return "The view " + deref(res.View) + " answered " + itoa(res.Status) + " (request.user: " + u + ")."
	}
	return who + " answered " + itoa(res.Status) + " before the view ran."
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// lowerHeaderName lower-cases a header name. Every result lower-cases the
// names of its response's headers, nearly always the ones the models set,
// so those are constants here: no allocation and no shared state. Other
// names go through strings.ToLower, which returns an already lower-case
// name as it is.
func lowerHeaderName(n string) string {
	switch n {
	case "Accept":
		return "accept"
	case "Accept-Encoding":
		return "accept-encoding"
	case "Accept-Language":
		return "accept-language"
	case "Access-Control-Allow-Credentials":
		return "access-control-allow-credentials"
	case "Access-Control-Allow-Headers":
		return "access-control-allow-headers"
	case "Access-Control-Allow-Methods":
		return "access-control-allow-methods"
	case "Access-Control-Allow-Origin":
		return "access-control-allow-origin"
	case "Access-Control-Max-Age":
		return "access-control-max-age"
	case "Allow":
		return "allow"
	case "Cache-Control":
		return "cache-control"
	case "Content-Encoding":
		return "content-encoding"
	case "Content-Language":
		return "content-language"
	case "Content-Length":
		return "content-length"
	case "Content-Type":
		return "content-type"
	case "Cookie":
		return "cookie"
	case "ETag":
		return "etag"
	case "Expires":
		return "expires"
	case "Last-Modified":
		return "last-modified"
	case "Location":
		return "location"
	case "Origin":
		return "origin"
	case "Referrer-Policy":
		return "referrer-policy"
	case "Strict-Transport-Security":
		return "strict-transport-security"
	case "Vary":
		return "vary"
	case "X-Content-Type-Options":
		return "x-content-type-options"
	case "X-Frame-Options":
		return "x-frame-options"
	case "X-Playground":
		return "x-playground"
	case "X-Request-Duration":
		return "x-request-duration"
	case "X-View":
		return "x-view"
	case "X-XSS-Protection":
		return "x-xss-protection"
	}
	return strings.ToLower(n)
}

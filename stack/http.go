package stack

import (
	"strconv"
	"strings"
)

// response models django.http.HttpResponse: status, headers in insertion
// order (names compared case-insensitively), cookies, and a body.
type response struct {
	status  int
	headers []Header
	cookies []cookie
	body    string
	// compressed marks a body replaced by gzip bytes: it no longer parses
	// as HTML or JSON.
	compressed bool
	// streaming responses (WhiteNoise's files) have no .content: nothing
	// measures or rewrites their body.
	streaming bool

	// Attributes Django code sets on response objects.
	csrfCookieSet bool
	xframeExempt  bool

	// fromCache says the response is a page-cache copy, and cachedFor
	// whose request made it.
	fromCache bool

	// setLog, removedLog and cookieLog record every change, so each step
	// of the trace can show what it did as a sub-slice, without copying.
	setLog        []Header
	removedLog    []string
	cookieLog     []Header
	cachedFor     string
	cachedForUser string
}

// logMark is how far a response's change logs went at some moment. A
// response never sees more than a few dozen changes.
type logMark struct{ set, removed, cookie uint16 }

func (r *response) mark() logMark {
	return logMark{uint16(len(r.setLog)), uint16(len(r.removedLog)), uint16(len(r.cookieLog))}
}

type cookie struct {
	name     string
	value    string
	maxAge   int // -1: no Max-Age attribute
	expires  string
	path     string
	sameSite string
	httpOnly bool
	secure   bool
}

// newResponse makes a response with its Content-Type set. The response
// and the first arrays of its header list and change log come from a
// slab shared by the simulation: the default stack's responses stay
// within them, and a simulation makes about one response a request.
func (x *exec) newResponse(status int, body, contentType string) *response {
	b := x.h.rec.responses.next()
	r := &b.r
	r.status, r.body = status, body
	b.headers[0] = Header{"Content-Type", contentType}
	b.setLog[0] = b.headers[0]
	r.headers = b.headers[:1]
	r.setLog = b.setLog[:1]
	return r
}

// responseBlock is a response with the first arrays of its header list
// and change log.
type responseBlock struct {
	r       response
	headers [7]Header
	setLog  [7]Header
}

const htmlUTF8 = "text/html; charset=utf-8"

// headerIndex finds a header by name, ignoring case. Response header
// names are ASCII, as Django requires of them (it refuses others), so
// names of different lengths never match: comparing lengths first skips
// almost every header without looking at a byte.
func (r *response) headerIndex(name string) int {
	for i := range r.headers {
		if n := r.headers[i].Name; len(n) == len(name) && (n == name || strings.EqualFold(n, name)) {
			return i
		}
	}
	return -1
}

func (r *response) has(name string) bool { return r.headerIndex(name) >= 0 }

func (r *response) get(name string) string {
	if i := r.headerIndex(name); i >= 0 {
		return r.headers[i].Value
	}
	return ""
}

// set replaces a header's value or adds it; Django keeps the new casing.
func (r *response) set(name, value string) {
	r.setLog = append(r.setLog, Header{name, value})
	if i := r.headerIndex(name); i >= 0 {
		r.headers[i] = Header{name, value}
		return
	}
	r.headers = append(r.headers, Header{name, value})
}

// setDefault is headers.setdefault: it never overwrites.
func (r *response) setDefault(name, value string) bool {
	if r.has(name) {
		return false
	}
	r.setLog = append(r.setLog, Header{name, value})
	r.headers = append(r.headers, Header{name, value})
	return true
}

func (r *response) del(name string) {
	if i := r.headerIndex(name); i >= 0 {
		r.removedLog = append(r.removedLog, name)
		r.headers = append(r.headers[:i], r.headers[i+1:]...)
	}
}

// setCookie replaces a cookie of the same name, as SimpleCookie does.
func (r *response) setCookie(c cookie) {
	v := c.value
	if c.maxAge == 0 {
		v = "(deleted)"
	}
	r.cookieLog = append(r.cookieLog, Header{c.name, v})
	for i := range r.cookies {
		if r.cookies[i].name == c.name {
			r.cookies[i] = c
			return
		}
	}
	r.cookies = append(r.cookies, c)
}

func (r *response) deleteCookie(name, sameSite string) {
	r.setCookie(cookie{name: name, maxAge: 0, expires: "Thu, 01 Jan 1970 00:00:00 GMT", path: "/", sameSite: sameSite})
}

// clone copies a response, as pickling into the local-memory cache does.
func (r *response) clone() *response {
	c := *r
	c.headers = append([]Header(nil), r.headers...)
	c.cookies = append([]cookie(nil), r.cookies...)
	c.setLog, c.removedLog, c.cookieLog = nil, nil, nil
	return &c
}

// splitHeaderList splits a comma-separated header like Vary the way
// Django's cc_delim_re does.
func splitHeaderList(v string) []string {
	parts := strings.Split(v, ",")
	out := parts[:0]
	for _, p := range parts {
		out = append(out, strings.TrimSpace(p))
	}
	return out
}

// patchVary is django.utils.cache.patch_vary_headers.
func (r *response) patchVary(names ...string) {
	vary := r.get("Vary")
	has := r.has("Vary")
	for _, n := range names {
		if has && listContainsFold(vary, n) {
			continue
		}
		if has && vary != "" {
			vary += ", " + n
		} else {
			vary = n
		}
		has = true
	}
	if listContainsFold(vary, "*") {
		vary = "*"
	}
	r.set("Vary", vary)
}

// listContainsFold says whether a comma-separated header value lists name,
// ignoring case and the spaces around each entry.
func listContainsFold(list, name string) bool {
	for list != "" {
		item := list
		if i := strings.IndexByte(list, ','); i >= 0 {
			item, list = list[:i], list[i+1:]
		} else {
			list = ""
		}
		if strings.EqualFold(strings.TrimSpace(item), name) {
			return true
		}
	}
	return false
}

// hasVary is django.utils.cache.has_vary_header (Debian's, which strips
// whitespace around each entry).
func (r *response) hasVary(name string) bool {
	return listContainsFold(r.get("Vary"), strings.TrimSpace(name))
}

// request models django.http.HttpRequest as the middleware see it.
type request struct {
	requestAttrs
	// metaBuf and cookieBuf back meta and cookies, so that a request with
	// the usual handful of each takes no allocation of its own for them.
	// They outlive the request: a simulation serves every request in the
	// same request value, and only its attributes are reset.
	metaBuf   [6]strPair
	cookieBuf [2]strPair
}

// requestAttrs are a request's attributes, all of them new for each
// request.
type requestAttrs struct {
	method   string
	path     string // request.path: never rewritten
	pathInfo string // request.path_info: middleware may rewrite it
	query    string
	scheme   string
	meta     strPairs // HTTP_* headers, REMOTE_ADDR, SERVER_NAME, ...
	cookies  strPairs
	form     map[string]string

	// Attributes middleware and views set. A nil pointer is an attribute
	// that does not exist (hasattr is false).
	session            *session
	user               *userAttr
	cachedUser         *userValue
	csrfCookie         *string // META["CSRF_COOKIE"]
	csrfCookieUsed     bool    // META["CSRF_COOKIE_USED"]
	csrfNeedsReset     bool
	csrfProcessingDone bool
	cacheUpdateCache   *bool
	corsEnabled        *bool // request._cors_enabled
	languageCode       string
	viewName           string
}

// metaKey turns a header name into its WSGI environ key.
func metaKey(name string) string {
	return "HTTP_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

func (r *request) isSecure() bool { return r.scheme == "https" }

// rawHost is HttpRequest._get_raw_host.
func (r *request) rawHost() string {
	if h, ok := r.meta.lookup("HTTP_HOST"); ok {
		return h
	}
	host := r.meta.get("SERVER_NAME")
	port := r.meta.get("SERVER_PORT")
	if (r.isSecure() && port != "443") || (!r.isSecure() && port != "80") {
		host += ":" + port
	}
	return host
}

// getHost is HttpRequest.get_host: the Host header validated against
// ALLOWED_HOSTS, or DisallowedHost.
func (r *request) getHost(s *Settings) (string, *pyErr) {
	host := r.rawHost()
	allowed := s.AllowedHosts
	if s.Debug && len(allowed) == 0 {
		allowed = []string{".localhost", "127.0.0.1", "[::1]"}
	}
	domain, _ := splitDomainPort(host)
	if domain != "" && validateHost(domain, allowed) {
		return host, nil
	}
	msg := "Invalid HTTP_HOST header: '" + host + "'."
	if domain != "" {
		msg += " You may need to add '" + domain + "' to ALLOWED_HOSTS."
	} else {
		msg += " The domain name provided is not valid according to RFC 1034/1035."
	}
	return "", &pyErr{class: "DisallowedHost", kind: errSuspicious, msg: msg}
}

func splitDomainPort(host string) (string, string) {
	host = strings.ToLower(host)
	if !validHost(host) {
		return "", ""
	}
	if strings.HasSuffix(host, "]") {
		return host, ""
	}
	domain, port := host, ""
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		domain, port = host[:i], host[i+1:]
	}
	domain = strings.TrimSuffix(domain, ".")
	return domain, port
}

func validateHost(host string, allowed []string) bool {
	for _, p := range allowed {
		if p == "*" || isSameDomain(host, p) {
			return true
		}
	}
	return false
}

// isSameDomain is django.utils.http.is_same_domain: a leading dot in the
// pattern matches the domain and its subdomains.
func isSameDomain(host, pattern string) bool {
	if pattern == "" {
		return false
	}
	pattern = strings.ToLower(pattern)
	if pattern[0] == '.' {
		return strings.HasSuffix(host, pattern) || host == pattern[1:]
	}
	return host == pattern
}

// fullPath is HttpRequest.get_full_path.
func (r *request) fullPath(forceAppendSlash bool) string {
	p := escapeURIPath(r.path)
	if forceAppendSlash && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if r.query != "" {
		p += "?" + r.query
	}
	return p
}

func (r *request) absoluteURI(s *Settings) string {
	return r.scheme + "://" + r.rawHost() + r.fullPath(false)
}

// escapeURIPath is django.utils.encoding.escape_uri_path.
func escapeURIPath(p string) string {
	const safe = "/:@&+$,-_.!~*'()"
	clean := true
	for i := 0; i < len(p) && clean; i++ {
		c := p[i]
		clean = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(safe, c) >= 0 || c == '%'
	}
	if clean {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(safe, c) >= 0 || c == '%' {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
	}
	return b.String()
}

// urlQuote is urllib.parse.quote with safe="/".
func urlQuote(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.-~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
	}
	return b.String()
}

// validHost is Django's host_validation_re:
// ^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9\.:]+\])(:\d+)?$ on a lower-cased host.
func validHost(h string) bool {
	i := 0
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return false
		}
		inner := h[1:end]
		colon := strings.IndexByte(inner, ':')
		if colon < 0 || colon == len(inner)-1 {
			return false
		}
		for j := 0; j < len(inner); j++ {
			c := inner[j]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.' && j > colon) {
				return false
			}
		}
		i = end + 1
	} else {
		for i < len(h) && (h[i] >= 'a' && h[i] <= 'z' || h[i] >= '0' && h[i] <= '9' || h[i] == '.' || h[i] == '-') {
			i++
		}
		if i == 0 {
			return false
		}
	}
	if i == len(h) {
		return true
	}
	if h[i] != ':' || i+1 == len(h) {
		return false
	}
	for _, c := range h[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

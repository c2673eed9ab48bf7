package stack

import (
	"slices"
	"strconv"
	"strings"
)

// request models django.http.HttpRequest as the middleware see it.
type request struct {
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
	csrfNeedsUpdate    bool // META["CSRF_COOKIE_NEEDS_UPDATE"], 4.1+
	csrfProcessingDone bool
	cacheUpdateCache   *bool
	corsEnabled        *bool // request._cors_enabled
	languageCode       string
	viewName           string
}

// newRequest builds the request the test client would send: credentials
// applied to the client's jar and headers first, as the harness does.
func (x *exec) newRequest(c *client, req *Request) *request {
	path, query, _ := strings.Cut(req.Path, "?")
	r := &request{method: x.res.Method, path: path, pathInfo: path, query: query, scheme: "http", form: req.Form}
	for k, v := range req.Headers {
		r.meta.set(metaKey(k), v)
	}
	x.applyCredentials(c, r, req.Auth)
	r.meta.set("REMOTE_ADDR", orDefault(req.RemoteAddr, "127.0.0.1"))
	r.meta.set("SERVER_NAME", TestServerHost)
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
	// A Cookie header the request gives itself replaces the jar's.
	if h, ok := r.meta.lookup("HTTP_COOKIE"); ok {
		r.cookies = parseCookie(h)
		return r
	}
	r.cookies = slices.Clone(c.jar)
	var cookies []string
	for _, ck := range r.cookies {
		v := ck.v
		if v == "" {
			v = `""`
		}
		cookies = append(cookies, ck.k+"="+v)
	}
	r.meta.set("HTTP_COOKIE", strings.Join(cookies, "; "))
	return r
}

// parseCookie is django.http.parse_cookie: "; "-separated pairs, a
// bare value counting as a value with an empty name, the last of a
// name winning.
func parseCookie(h string) strPairs {
	var out strPairs
	for _, chunk := range strings.Split(h, ";") {
		k, v, ok := strings.Cut(chunk, "=")
		if !ok {
			k, v = "", chunk
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k != "" || v != "" {
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			}
			out.set(k, v)
		}
	}
	return out
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

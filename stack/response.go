package stack

import (
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

	// fromException marks the response Django's error handling made
	// from an exception.
	fromException bool

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

// newResponse makes a response with its Content-Type set.
func newResponse(status int, body, contentType string) *response {
	ct := Header{"Content-Type", contentType}
	return &response{status: status, body: body, headers: []Header{ct}, setLog: []Header{ct}}
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

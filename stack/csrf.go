package stack

import (
	"net/url"
	"strings"
)

// CSRF as Django 3.2 does it: a 32-character secret, handed out masked as
// 64 characters (mask + secret shifted by the mask), so any two maskings
// of one secret match; the cookie holds a masked token too. What 4.1
// changed is in csrf_secret.go; the functions here hand over to it.

// csrfRejection is why CsrfViewMiddleware refuses a request: the code
// the trace records, and Django's own REASON_ text, which its 403 page
// and DRF's error carry.
type csrfRejection struct {
	code ReasonCode
	text string
}

var (
	rejectNoReferer        = &csrfRejection{CSRFNoReferer, "Referer checking failed - no Referer."}
	rejectNoCSRFCookie     = &csrfRejection{CSRFCookieMissing, "CSRF cookie not set."}
	rejectBadToken         = &csrfRejection{CSRFTokenIncorrect, "CSRF token missing or incorrect."}
	rejectMalformedReferer = &csrfRejection{CSRFMalformedReferer, "Referer checking failed - Referer is malformed."}
	rejectInsecureReferer  = &csrfRejection{CSRFInsecureReferer, "Referer checking failed - Referer is insecure while host is secure."}
)

func rejectBadReferer(referer string) *csrfRejection {
	return &csrfRejection{CSRFBadReferer, "Referer checking failed - " + referer + " does not match any trusted origins."}
}

func (s *site) newCSRFSecret() string { return s.randomString(32, csrfAllowed) }

// csrfIndex is strings.IndexByte(csrfAllowed, c) for every byte c,
// worked out once: tokens are checked character by character.
var csrfIndex = func() (t [256]int8) {
	for c := range t {
		t[c] = int8(strings.IndexByte(csrfAllowed, byte(c)))
	}
	return t
}()

func (s *site) maskSecret(secret string) string {
	mask := s.newCSRFSecret()
	n := len(csrfAllowed)
	out := make([]byte, 64)
	copy(out, mask)
	for i := 0; i < 32; i++ {
		x := int(csrfIndex[secret[i]])
		y := int(csrfIndex[mask[i]])
		out[32+i] = csrfAllowed[(x+y)%n]
	}
	return string(out)
}

func unmaskToken(token string) string {
	n := len(csrfAllowed)
	mask, cipher := token[:32], token[32:]
	out := make([]byte, 32)
	for i := 0; i < 32; i++ {
		x := int(csrfIndex[cipher[i]])
		y := int(csrfIndex[mask[i]])
		out[i] = csrfAllowed[((x-y)%n+n)%n]
	}
	return string(out)
}

func (s *site) newCSRFToken() string { return s.maskSecret(s.newCSRFSecret()) }

// newCSRFCookie is a csrftoken cookie as this version itself sets it: a
// masked token up to 4.0, the bare secret from 4.1.
func (s *site) newCSRFCookie() string {
	if s.cookieMasked() {
		return s.newCSRFToken()
	}
	return s.newCSRFSecret()
}

// csrfSecretOf is the secret behind a cookie value, masked or not.
func (s *site) csrfSecretOf(cookie string) string {
	if len(cookie) == 32 {
		return cookie
	}
	return unmaskToken(cookie)
}

func isCSRFAllowed(t string) bool {
	for i := 0; i < len(t); i++ {
		if csrfIndex[t[i]] < 0 {
			return false
		}
	}
	return true
}

// sanitizeToken is csrf._sanitize_token.
func (s *site) sanitizeToken(t string) string {
	switch {
	case !isCSRFAllowed(t):
		return s.newCSRFToken()
	case len(t) == 64:
		return t
	case len(t) == 32:
		return s.maskSecret(t)
	}
	return s.newCSRFToken()
}

// getToken is django.middleware.csrf.get_token: the view used the token,
// so the cookie must be sent.
func (x *exec) getToken(r *request) string {
	if x.site.version.csrfSecretCookie {
		secret := ""
		if r.csrfCookie != nil {
			secret = *r.csrfCookie
			r.csrfNeedsUpdate = true
		} else {
			secret = x.addNewCSRFCookie41(r)
		}
		return x.site.maskSecret(secret)
	}
	var secret string
	if r.csrfCookie == nil {
		secret = x.site.newCSRFSecret()
		t := x.site.maskSecret(secret)
		r.csrfCookie = &t
	} else {
		secret = unmaskToken(*r.csrfCookie)
	}
	r.csrfCookieUsed = true
	return x.site.maskSecret(secret)
}

// rotateToken is csrf.rotate_token, which login() calls.
func (x *exec) rotateToken(r *request) {
	if x.site.version.csrfSecretCookie {
		x.addNewCSRFCookie41(r)
		return
	}
	t := x.site.newCSRFToken()
	r.csrfCookie = &t
	r.csrfCookieUsed = true
	r.csrfNeedsReset = true
}

// csrfProcessRequest is CsrfViewMiddleware.process_request: the stored
// token, if any, becomes META["CSRF_COOKIE"]. The middleware, DRF's
// enforce_csrf and requires_csrf_token all run it.
func (x *exec) csrfProcessRequest(r *request) *pyErr {
	if x.site.version.csrfSecretCookie {
		return x.csrfProcessRequest41(r)
	}
	tok, err := x.csrfGetToken(r)
	if err != nil {
		return err
	}
	if tok != nil {
		r.csrfCookie = tok
	}
	return nil
}

// csrfGetToken is CsrfViewMiddleware._get_token: the stored token, from
// the session with CSRF_USE_SESSIONS, else from the cookie.
func (x *exec) csrfGetToken(r *request) (*string, *pyErr) {
	if x.site.settings.CSRFUseSessions {
		if r.session == nil {
			return nil, improperlyConfigured("CSRF_USE_SESSIONS is enabled, but request.session is not set. SessionMiddleware must appear before CsrfViewMiddleware in MIDDLEWARE.")
		}
		v, ok := r.session.get(sessionKeyCSRF)
		if !ok {
			return nil, nil
		}
		return &v, nil
	}
	raw, ok := r.cookies.lookup("csrftoken")
	if !ok {
		return nil, nil
	}
	t := x.site.sanitizeToken(raw)
	if t != raw {
		r.csrfNeedsReset = true
	}
	return &t, nil
}

// csrfCheck is the unsafe-method part of CsrfViewMiddleware.process_view:
// why it rejects the request, or nil to accept it.
func (x *exec) csrfCheck(r *request) (*csrfRejection, *pyErr) {
	switch r.method {
	case "GET", "HEAD", "OPTIONS", "TRACE":
		return nil, nil
	}
	if x.site.version.csrfSecretCookie {
		return x.csrfCheck41(r)
	}
	if r.isSecure() {
		referer, ok := r.meta.lookup("HTTP_REFERER")
		if !ok {
			return rejectNoReferer, nil
		}
		u, err := url.Parse(referer)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return rejectMalformedReferer, nil
		}
		if u.Scheme != "https" {
			return rejectInsecureReferer, nil
		}
		good := append([]string(nil), x.site.settings.CSRFTrustedOrigins...)
		if host, err := r.getHost(x.site.settings); err == nil {
			good = append(good, host)
		}
		matched := false
		for _, g := range good {
			if isSameDomain(strings.ToLower(u.Host), g) {
				matched = true
			}
		}
		if !matched {
			return rejectBadReferer(u.String()), nil
		}
	}
	tok, err := x.csrfGetToken(r)
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return rejectNoCSRFCookie, nil
	}
	supplied := ""
	if r.method == "POST" {
		supplied = r.form["csrfmiddlewaretoken"]
	}
	if supplied == "" {
		supplied = r.meta.get("HTTP_X_CSRFTOKEN")
	}
	supplied = x.site.sanitizeToken(supplied)
	if unmaskToken(supplied) != unmaskToken(*tok) {
		return rejectBadToken, nil
	}
	return nil, nil
}

// csrfResponse is CsrfViewMiddleware.process_response (also run by the
// requires_csrf_token wrapper of Django's error views).
func (x *exec) csrfResponse(r *request, resp *response) *pyErr {
	if x.site.version.csrfSecretCookie {
		return x.csrfResponse41(r, resp)
	}
	if !r.csrfNeedsReset && resp.csrfCookieSet {
		return nil
	}
	if !r.csrfCookieUsed {
		return nil
	}
	if err := x.setCSRFCookie(r, resp); err != nil {
		return err
	}
	resp.csrfCookieSet = true
	return nil
}

// setCSRFCookie is _set_token (3.2) or _set_csrf_cookie (4.1+): the
// token goes to the session with CSRF_USE_SESSIONS, else to the cookie.
func (x *exec) setCSRFCookie(r *request, resp *response) *pyErr {
	s := x.site.settings
	if s.CSRFUseSessions {
		if r.session == nil {
			return noSessionAttr()
		}
		if v, _ := r.session.get(sessionKeyCSRF); v != *r.csrfCookie {
			r.session.set(sessionKeyCSRF, *r.csrfCookie)
		}
		return nil
	}
	resp.setCookie(cookie{name: "csrftoken", value: *r.csrfCookie, maxAge: 31449600,
		expires: httpDate(x.site.now + 31449600*secondMicros), path: "/", sameSite: "Lax",
		secure: s.CSRFCookieSecure, httpOnly: s.CSRFCookieHTTPOnly})
	resp.patchVary("Cookie")
	return nil
}

package stack

import (
	"net/url"
	"strings"
)

// CSRF as Django 4.1+ does it: the cookie holds the 32-character secret
// itself; tokens handed to forms are still masked. A masked cookie left
// by an older Django is still accepted, a malformed one replaced, and
// every unsafe request's Origin header is checked first (4.0).

var rejectTokenMissing = &csrfRejection{CSRFTokenMissing, "CSRF token missing."}

// csrfFormatProblem is _check_token_format: "" for a token of 32 or 64
// allowed characters, else why not.
func csrfFormatProblem(t string) string {
	if len(t) != 32 && len(t) != 64 {
		return "has incorrect length"
	}
	if !isCSRFAllowed(t) {
		return "has invalid characters"
	}
	return ""
}

// csrfSecret41 is CsrfViewMiddleware._get_secret: the stored secret
// (unmasked if it is a legacy masked cookie), nil for none, or the
// cookie's format problem.
func (x *exec) csrfSecret41(r *request) (secret *string, problem string, err *pyErr) {
	var stored string
	if x.site.settings.CSRFUseSessions {
		if r.session == nil {
			return nil, "", improperlyConfigured("CSRF_USE_SESSIONS is enabled, but request.session is not set. SessionMiddleware must appear before CsrfViewMiddleware in MIDDLEWARE.")
		}
		v, ok := r.session.get(sessionKeyCSRF)
		if !ok {
			return nil, "", nil
		}
		stored = v
	} else {
		v, ok := r.cookies.lookup("csrftoken")
		if !ok {
			return nil, "", nil
		}
		if p := csrfFormatProblem(v); p != "" {
			return nil, p, nil
		}
		stored = v
	}
	if len(stored) == 64 {
		stored = unmaskToken(stored)
	}
	return &stored, "", nil
}

// addNewCSRFCookie41 is _add_new_csrf_cookie: a new secret, to be sent
// (masked, under 4.2's CSRF_COOKIE_MASKED).
func (x *exec) addNewCSRFCookie41(r *request) string {
	secret := x.site.newCSRFSecret()
	cookie := secret
	if x.site.cookieMasked() {
		cookie = x.site.maskSecret(secret)
	}
	r.csrfCookie = &cookie
	r.csrfNeedsUpdate = true
	return secret
}

// cookieMasked says new csrftoken cookies are masked tokens: up to 4.0,
// and under 4.1/4.2's CSRF_COOKIE_MASKED.
func (s *site) cookieMasked() bool {
	return !s.version.csrfSecretCookie || s.version.csrfCookieMaskedSetting && s.settings.CSRFCookieMasked
}

func (x *exec) csrfProcessRequest41(r *request) *pyErr {
	secret, problem, err := x.csrfSecret41(r)
	switch {
	case err != nil:
		return err
	case problem != "":
		x.note(CSRFCookieReplaced, problem)
		x.addNewCSRFCookie41(r)
	case secret != nil:
		r.csrfCookie = secret
	}
	return nil
}

// csrfCheck41 is the unsafe-method part of process_view from 4.1.
func (x *exec) csrfCheck41(r *request) (*csrfRejection, *pyErr) {
	if origin, ok := r.meta.lookup("HTTP_ORIGIN"); ok && x.site.version.csrfOrigin {
		if !x.csrfOriginVerified(r, origin) {
			return &csrfRejection{CSRFBadOrigin, "Origin checking failed - " + origin + " does not match any trusted origins."}, nil
		}
	} else if r.isSecure() {
		if rej := x.csrfCheckReferer41(r); rej != nil {
			return rej, nil
		}
	}
	secret, problem, err := x.csrfSecret41(r)
	switch {
	case err != nil:
		return nil, err
	case problem != "":
		return &csrfRejection{CSRFCookieMalformed, "CSRF cookie " + problem + "."}, nil
	case secret == nil:
		return rejectNoCSRFCookie, nil
	}
	token, source := "", "POST"
	if r.method == "POST" {
		token = r.form["csrfmiddlewaretoken"]
	}
	if token == "" {
		v, ok := r.meta.lookup("HTTP_X_CSRFTOKEN")
		if !ok {
			return rejectTokenMissing, nil
		}
		token, source = v, "the 'X-Csrftoken' HTTP header"
	}
	if p := csrfFormatProblem(token); p != "" {
		return &csrfRejection{CSRFTokenMalformed, "CSRF token from " + source + " " + p + "."}, nil
	}
	if len(token) == 64 {
		token = unmaskToken(token)
	}
	if token != *secret {
		return &csrfRejection{CSRFTokenMismatch, "CSRF token from " + source + " incorrect."}, nil
	}
	return nil, nil
}

// csrfOriginVerified is _origin_verified: the request's own origin, an
// exact CSRF_TRUSTED_ORIGINS entry, or a subdomain of a wildcard entry
// with the same scheme.
func (x *exec) csrfOriginVerified(r *request, origin string) bool {
	s := x.site.settings
	if host, err := r.getHost(s); err == nil && origin == r.scheme+"://"+host {
		return true
	}
	for _, o := range s.CSRFTrustedOrigins {
		if !strings.Contains(o, "*") && o == origin {
			return true
		}
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	for _, o := range s.CSRFTrustedOrigins {
		if !strings.Contains(o, "*") {
			continue
		}
		if t, err := url.Parse(o); err == nil && t.Scheme == u.Scheme && isSameDomain(strings.ToLower(u.Host), strings.TrimLeft(t.Host, "*")) {
			return true
		}
	}
	return false
}

// csrfCheckReferer41 is _check_referer: on HTTPS without an Origin, the
// Referer must be HTTPS and the host or a trusted origin's host.
func (x *exec) csrfCheckReferer41(r *request) *csrfRejection {
	s := x.site.settings
	referer, ok := r.meta.lookup("HTTP_REFERER")
	if !ok {
		return rejectNoReferer
	}
	u, err := url.Parse(referer)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return rejectMalformedReferer
	}
	if u.Scheme != "https" {
		return rejectInsecureReferer
	}
	netloc := strings.ToLower(u.Host)
	for _, o := range s.CSRFTrustedOrigins {
		if t, err := url.Parse(o); err == nil && isSameDomain(netloc, strings.TrimLeft(t.Host, "*")) {
			return nil
		}
	}
	host, herr := r.getHost(s)
	if herr != nil || !isSameDomain(netloc, host) {
		return rejectBadReferer(u.String())
	}
	return nil
}

// csrfResponse41 is process_response from 4.1: the cookie (or the
// session key) is written whenever the secret needs an update.
func (x *exec) csrfResponse41(r *request, resp *response) *pyErr {
	if !r.csrfNeedsUpdate {
		return nil
	}
	if err := x.setCSRFCookie(r, resp); err != nil {
		return err
	}
	r.csrfNeedsUpdate = false
	return nil
}

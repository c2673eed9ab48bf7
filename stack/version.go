package stack

import "sort"

// version holds what differs between the Django versions the engine
// models, and the packages that come with each (see the table in the
// conformance README). Each field is read where Django makes the
// difference: the middleware or the core step that changed.
type version struct {
	// full is what the trace reports as "django".
	full string
	// cacheRefusesCookieVaryAlways: UpdateCacheMiddleware never stores a
	// response that sets a cookie while varying on Cookie, whatever the
	// request carried (Debian's 3.2.25 backport, and 5.2); otherwise only
	// for a request without cookies.
	cacheRefusesCookieVaryAlways bool
	// cacheKeyMarksMissingHeader: the page key tells a header the request
	// lacks from an empty one (Debian's 3.2.25 backport).
	cacheKeyMarksMissingHeader bool
	// cacheStrictControl (5.2): no-cache, no-store and Vary: * also keep a
	// page out of the cache, and a request with Authorization makes the
	// page vary on it unless it is Cache-Control: public.
	cacheStrictControl bool
	// cacheAge (5.1): FetchFromCacheMiddleware adds Age to a cached page.
	cacheAge bool

	// errorPageType is the Content-Type of Django's own error pages
	// (400/403/404/500, the CSRF failure page, DEBUG's pages).
	errorPageType string
	// sessionRequiredError is what AuthenticationMiddleware and the
	// messages' SessionStorage raise without request.session: an assert
	// in 3.2, ImproperlyConfigured from 4.0 (ticket #32508).
	sessionRequiredError string
	// sessionSkipsAll5xx (4.0): SessionMiddleware saves no session on
	// any 5xx response, not only on a 500.
	sessionSkipsAll5xx bool
	// sessionCookieVaries (5.0): a response that sets the session cookie
	// varies on Cookie even when nothing read the session.
	sessionCookieVaries bool
	// appendSlashOnResponse (4.2, ticket #33700): CommonMiddleware's
	// process_request no longer redirects to the slashed URL; only its
	// process_response turns a 404 into the redirect.
	appendSlashOnResponse bool
	// appendSlashDebugDelete (5.0): under DEBUG, a DELETE to the
	// unslashed URL raises RuntimeError too.
	appendSlashDebugDelete bool
	// gzipRandomName (4.2): GZipMiddleware puts a random file name of up
	// to 99 bytes in the gzip header, against BREACH.
	gzipRandomName bool
	// coop (4.0): SecurityMiddleware sends
	// SECURE_CROSS_ORIGIN_OPENER_POLICY; xssFilter (3.2 only): it sends
	// X-XSS-Protection when SECURE_BROWSER_XSS_FILTER is on.
	coop, xssFilter bool
	// csrfOrigin (4.0): CsrfViewMiddleware checks the Origin header of
	// every unsafe request, HTTP too, against the request's own origin
	// and scheme-qualified CSRF_TRUSTED_ORIGINS.
	csrfOrigin bool
	// csrfSecretCookie (4.1): the csrftoken cookie holds the 32-character
	// secret itself, not a masked token; a malformed cookie is replaced.
	csrfSecretCookie bool
	// csrfCookieMaskedSetting (4.1 and 4.2 only): CSRF_COOKIE_MASKED
	// keeps the cookie masked.
	csrfCookieMaskedSetting bool

	// corsHeaders4: django-cors-headers 4, a plain __call__ middleware
	// (no process_* hooks) with lower-case header names.
	corsHeaders4 bool
	// languages is the default LANGUAGES setting, and languageSet the
	// same codes for lookups; Django ships a catalog for each.
	languages   []string
	languageSet map[string]bool
	// whiteNoiseCallOnly: WhiteNoise 6.3+ serves files from __call__
	// without a process_request method.
	whiteNoiseCallOnly bool
}

// DefaultVersion is the Django version a scenario without one runs on.
const DefaultVersion = "5.2"

var versions = map[string]*version{
	"3.2": {
		full:                         "3.2.25",
		cacheRefusesCookieVaryAlways: true, cacheKeyMarksMissingHeader: true,
		errorPageType: "text/html", sessionRequiredError: "AssertionError",
		xssFilter: true,
	},
	"4.2": {
		full:          "4.2.28",
		errorPageType: htmlUTF8, sessionRequiredError: "ImproperlyConfigured",
		appendSlashOnResponse: true, coop: true, csrfOrigin: true, csrfSecretCookie: true, csrfCookieMaskedSetting: true,
		corsHeaders4: true, whiteNoiseCallOnly: true, sessionSkipsAll5xx: true, gzipRandomName: true,
	},
	"5.2": {
		full:                         "5.2.18",
		cacheRefusesCookieVaryAlways: true, cacheStrictControl: true, cacheAge: true,
		errorPageType: htmlUTF8, sessionRequiredError: "ImproperlyConfigured",
		appendSlashOnResponse: true, appendSlashDebugDelete: true, coop: true, csrfOrigin: true, csrfSecretCookie: true,
		corsHeaders4: true, whiteNoiseCallOnly: true, sessionSkipsAll5xx: true, sessionCookieVaries: true, gzipRandomName: true,
	},
}

func init() {
	versions["3.2"].languages = djangoLanguages32
	versions["4.2"].languages = languagesWith("ckb", "ms")
	versions["5.2"].languages = languagesWith("ckb", "ms", "ug")
	for _, v := range versions {
		v.languageSet = languageSet(v.languages)
	}
}

// KnownVersions lists the Django versions the engine can simulate.
func KnownVersions() []string {
	out := make([]string, 0, len(versions))
	for v := range versions {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

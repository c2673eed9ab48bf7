package lint

import (
	"fmt"
	"sort"
	"strings"

	"github.com/middleware-playground/playground/stack"
)

const (
	docsOrdering   = "https://docs.djangoproject.com/en/3.2/ref/middleware/#middleware-ordering"
	docsChecks     = "https://docs.djangoproject.com/en/3.2/ref/checks/"
	docsCache      = "https://docs.djangoproject.com/en/3.2/topics/cache/#the-per-site-cache"
	docsCsrf       = "https://docs.djangoproject.com/en/3.2/ref/csrf/"
	docsI18N       = "https://docs.djangoproject.com/en/3.2/topics/i18n/translation/#how-django-discovers-language-preference"
	docsRemoteUser = "https://docs.djangoproject.com/en/3.2/howto/auth-remote-user/"
	docsAuthCustom = "https://docs.djangoproject.com/en/3.2/topics/auth/customizing/"
	docsMiddleware = "https://docs.djangoproject.com/en/3.2/ref/middleware/"
	docsSecurity   = "https://docs.djangoproject.com/en/3.2/ref/middleware/#module-django.middleware.security"
)

// spec is one rule and how it is checked. Ordering and presence rules are
// data (subjects, partners, requirements), so Check and FixOrder read the
// same constraints; the few rules about settings or paths are code.
type spec struct {
	Rule
	// subjects are the entries the rule is about; a finding is reported
	// beside each subject that breaks it.
	subjects []string
	// above lists entries that must sit above a subject when both are
	// present; below, entries that must sit below it.
	above, below []string
	// aboveAll / belowAll: the subject must sit above (below) every other
	// entry except those in exempt.
	aboveAll, belowAll bool
	exempt             []string
	// requires lists entries a subject cannot work without; with
	// requireAbove they must also sit above it.
	requires     []string
	requireAbove bool
	// missing: the rule fires when none of the subjects is present;
	// FixOrder adds subjects[0].
	missing bool
	// when limits the rule to some settings; nil means always.
	when func(e env) bool
	// custom computes findings for rules that are not about order or
	// presence; FixOrder leaves them alone.
	custom func(c *checker, s *spec)
	// msgOrder / msgMissing are the finding's message; {subject},
	// {partners} and {missing} are replaced by class names.
	msgOrder, msgMissing string
	fixOrder, fixMissing string
}

func (s *spec) movable() bool { return s.custom == nil }

var (
	varyModifiers = []string{stack.PathSession, stack.PathCsrf, stack.PathGZip, stack.PathLocale}
	// answerers produce responses of their own in the request phase.
	answerers = []string{stack.PathCommon, stack.PathWhiteNoise, stack.PathInternalNet, stack.PathRateLimit, stack.PathLoginPattern, pathMaintenance, pathSessionTimeout}
	// workers do per-request work an HTTPS redirect should skip.
	workers = []string{stack.PathSession, stack.PathCommon, stack.PathCsrf, stack.PathAuth, stack.PathMessages, stack.PathLocale, stack.PathRemoteUser, stack.PathPersistentRU,
		stack.PathFetchCache, stack.PathLoginPattern, stack.PathJWT, stack.PathSilentJWT, stack.PathRateLimit, stack.PathInternalNet}
	// staticSkippers are what a static file served by WhiteNoise should
	// not pay for, or be blocked, compressed or redirected by.
	staticSkippers = []string{stack.PathSession, stack.PathCommon, stack.PathCsrf, stack.PathAuth, stack.PathMessages, stack.PathGZip, stack.PathConditionalGet, stack.PathLocale,
		stack.PathRemoteUser, stack.PathPersistentRU, stack.PathLoginPattern, pathLoginRequired, stack.PathRateLimit, stack.PathJWT, stack.PathSilentJWT,
		pathFlatpage, pathRedirectFallback, pathMaintenance, pathSessionTimeout, pathAutoLogout, pathOTP, pathHijack,
		pathStructlog, pathAllauth, pathSilk}
	outermost = []string{stack.PathRequestTime, pathPromBefore, pathGUID, pathRequestID}
	injectors = []string{pathBrowserReload, pathHijack, pathSilk}
	tenants   = []string{pathTenantMain, pathTenantSubfolder, pathTenantSuspicious, pathTenantDefault}
	// responseDecorators add headers or cookies on the way out.
	responseDecorators = []string{stack.PathSecurity, stack.PathSession, stack.PathCommon, stack.PathCsrf, stack.PathAuth, stack.PathMessages, stack.PathXFrame, stack.PathCors,
		stack.PathGZip, stack.PathLocale, stack.PathWhiteNoise, stack.PathConditionalGet}
	fallbacks = []string{pathFlatpage, pathRedirectFallback, pathWagtailRedirect}
)

var specs = []*spec{
	// Django's "Middleware ordering" documentation, built-in by built-in.
	{
		Rule: Rule{ID: "session-before-auth", Title: "AuthenticationMiddleware needs SessionMiddleware above it", Severity: Error,
			Explanation: "AuthenticationMiddleware reads the logged-in user from request.session, which only SessionMiddleware creates. With SessionMiddleware missing or below it, Django 3.2 fails an assertion on every request (4.0+ raises ImproperlyConfigured): a 500 before any view runs.",
			Fix:         "Put SessionMiddleware above AuthenticationMiddleware.", Docs: docsOrdering},
		subjects: []string{stack.PathAuth}, requires: []string{stack.PathSession}, requireAbove: true,
		msgOrder:   "{subject} runs before {partners}, so request.session does not exist yet: every request, even a plain GET, fails with a 500 (AssertionError).",
		msgMissing: "{subject} needs {missing}, which is not in the list: every request, even a plain GET, fails with a 500 (AssertionError).",
		fixOrder:   "Move {partners} above {subject}.", fixMissing: "Add {missing} above {subject}.",
	},
	{
		Rule: Rule{ID: "session-before-messages", Title: "MessageMiddleware needs SessionMiddleware above it", Severity: Error,
			Explanation: "The default message storage (FallbackStorage) builds a session storage the moment a request arrives, which needs request.session. With SessionMiddleware missing or below, every request fails with a 500, whether or not it uses messages. Only MESSAGE_STORAGE = CookieStorage avoids it.",
			Fix:         "Put SessionMiddleware above MessageMiddleware.", Docs: docsOrdering},
		subjects: []string{stack.PathMessages}, requires: []string{stack.PathSession}, requireAbove: true,
		when:       func(e env) bool { return !strings.HasSuffix(e.str("MESSAGE_STORAGE", ""), "CookieStorage") },
		msgOrder:   "{subject} runs before {partners}: the default message storage needs request.session, so every request, even a plain GET, fails with a 500.",
		msgMissing: "{subject} needs {missing} for its default storage, and it is not in the list: every request, even a plain GET, fails with a 500.",
		fixOrder:   "Move {partners} above {subject}.", fixMissing: "Add {missing} above {subject}.",
	},
	{
		Rule: Rule{ID: "auth-before-remote-user", Title: "RemoteUserMiddleware needs AuthenticationMiddleware above it", Severity: Error,
			Explanation: "RemoteUserMiddleware compares the web server's REMOTE_USER with request.user, which AuthenticationMiddleware sets. Without it above, every request raises ImproperlyConfigured: a 500.",
			Fix:         "Put AuthenticationMiddleware above RemoteUserMiddleware.", Docs: docsRemoteUser},
		subjects: []string{stack.PathRemoteUser, stack.PathPersistentRU}, requires: []string{stack.PathAuth}, requireAbove: true,
		msgOrder:   "{subject} runs before {partners}, so request.user does not exist: every request fails with a 500 (ImproperlyConfigured).",
		msgMissing: "{subject} needs {missing}, which is not in the list: every request fails with a 500 (ImproperlyConfigured).",
		fixOrder:   "Move {partners} above {subject}.", fixMissing: "Add {missing} above {subject}.",
	},
	{
		Rule: Rule{ID: "csrf-before-remote-user", Title: "CsrfViewMiddleware belongs above RemoteUserMiddleware", Severity: Warning,
			Explanation: "Logging a user in rotates the CSRF token. When RemoteUserMiddleware logs someone in above CsrfViewMiddleware, the CSRF middleware then reads the old cookie back and the rotation is lost: the response re-sends the old token.",
			Fix:         "Put CsrfViewMiddleware above RemoteUserMiddleware.", Docs: docsOrdering},
		subjects: []string{stack.PathRemoteUser, stack.PathPersistentRU}, above: []string{stack.PathCsrf},
		msgOrder: "{subject} sits above {partners}: when a request with a new REMOTE_USER logs someone in, the rotated CSRF token is overwritten and the old one is sent back.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "session-before-csrf", Title: "With CSRF_USE_SESSIONS, CsrfViewMiddleware needs SessionMiddleware above it", Severity: Error,
			Explanation: "With CSRF_USE_SESSIONS the CSRF token lives in the session, so CsrfViewMiddleware needs request.session on every request. Without SessionMiddleware above it, the error page Django tries to render needs the session too, fails again, and the exception escapes Django altogether: the server answers its own bare 500.",
			Fix:         "Put SessionMiddleware above CsrfViewMiddleware.", Docs: docsCsrf},
		subjects: []string{stack.PathCsrf}, requires: []string{stack.PathSession}, requireAbove: true,
		when:       func(e env) bool { return e.bool("CSRF_USE_SESSIONS", false) },
		msgOrder:   "With CSRF_USE_SESSIONS on, {subject} runs before {partners}: every request, GET included, raises ImproperlyConfigured and escapes Django as a bare 500.",
		msgMissing: "With CSRF_USE_SESSIONS on, {subject} needs {missing}, which is not in the list: every request escapes Django as a bare 500.",
		fixOrder:   "Move {partners} above {subject}.", fixMissing: "Add {missing} above {subject}.",
	},
	{
		Rule: Rule{ID: "session-above-raisers", Title: "With CSRF_USE_SESSIONS, SessionMiddleware belongs above middleware that may raise", Severity: Warning,
			Explanation: "Django's error pages read the CSRF token. With CSRF_USE_SESSIONS that means the session, so an exception raised above SessionMiddleware (CommonMiddleware's DisallowedHost or forbidden user agent) cannot be turned into a 400/403 page and escapes Django as a bare 500.",
			Fix:         "Put SessionMiddleware above CommonMiddleware.", Docs: docsOrdering},
		subjects: []string{stack.PathCommon}, above: []string{stack.PathSession},
		when:     func(e env) bool { return e.bool("CSRF_USE_SESSIONS", false) },
		msgOrder: "With CSRF_USE_SESSIONS on, {subject} sits above {partners}: a request with a bad Host header or a blocked User-Agent escapes Django as a bare 500 instead of a 400/403.",
		fixOrder: "Move {partners} above {subject}.",
	},
	{
		Rule: Rule{ID: "update-cache-above-vary", Title: "UpdateCacheMiddleware belongs above everything that adds to Vary", Severity: Error,
			Explanation: "UpdateCacheMiddleware stores a page under a key built from the request headers named in the response's Vary header, and its response phase runs after those of the middleware below it. Anything above it that adds to Vary (Session and CSRF add Cookie, GZip Accept-Encoding, Locale Accept-Language) does so after the page was stored, so the key ignores that header: one user's personalised page is served to the next.",
			Fix:         "Put UpdateCacheMiddleware first in the list.", Docs: docsCache},
		subjects: []string{stack.PathUpdateCache}, below: varyModifiers,
		msgOrder: "{subject} sits below {partners}, which add to Vary only after it stored the page: a page fetched by a logged-in user is cached without Vary: Cookie and served to the next visitor.",
		fixOrder: "Move {subject} above {partners} (first in the list).",
	},
	{
		Rule: Rule{ID: "cache-middleware-above-vary", Title: "CacheMiddleware belongs above everything that adds to Vary", Severity: Error,
			Explanation: "The single CacheMiddleware stores pages like UpdateCacheMiddleware does, so it has the same rule: any middleware above it that adds to Vary adds it too late, and the cache serves one user's page to another.",
			Fix:         "Put CacheMiddleware above SessionMiddleware, CsrfViewMiddleware, GZipMiddleware and LocaleMiddleware, or use the UpdateCache/FetchFromCache pair.", Docs: docsCache},
		subjects: []string{stack.PathCache}, below: varyModifiers,
		msgOrder: "{subject} sits below {partners}, which add to Vary after it stored the page: pages are cached without Vary: Cookie and one visitor's page is served to another.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "fetch-cache-below-vary", Title: "FetchFromCacheMiddleware belongs below everything that adds to Vary", Severity: Warning,
			Explanation: "FetchFromCacheMiddleware looks the page up with the key UpdateCacheMiddleware learned. Django's docs put it below every middleware that modifies Vary; above LocaleMiddleware it even uses the previous request's language for the key, so a French page is served to an English request.",
			Fix:         "Put FetchFromCacheMiddleware last.", Docs: docsCache},
		subjects: []string{stack.PathFetchCache}, above: varyModifiers,
		msgOrder: "{subject} sits above {partners}: cache hits skip them, and above LocaleMiddleware a GET is answered with a page cached for another language.",
		fixOrder: "Move {subject} below {partners} (last in the list).",
	},
	{
		Rule: Rule{ID: "cache-pair-order", Title: "UpdateCacheMiddleware belongs above FetchFromCacheMiddleware", Severity: Warning,
			Explanation: "The pair works inverted, but then the stored copy is taken before any other response hook ran and hits are answered at the very top: cached responses lack X-Frame-Options, the security headers and Content-Length.",
			Fix:         "UpdateCacheMiddleware first, FetchFromCacheMiddleware last.", Docs: docsCache},
		subjects: []string{stack.PathFetchCache}, above: []string{stack.PathUpdateCache},
		msgOrder: "{subject} sits above {partners}: a second GET of a page is served from the cache without X-Frame-Options or the security headers.",
		fixOrder: "Move {partners} above {subject}.",
	},
	{
		Rule: Rule{ID: "cache-pair-incomplete", Title: "The per-site cache needs both UpdateCacheMiddleware and FetchFromCacheMiddleware", Severity: Warning,
			Explanation: "Only FetchFromCacheMiddleware marks a request as cacheable and only UpdateCacheMiddleware stores it: with one of the pair alone, nothing is ever cached.",
			Fix:         "Add the missing half: UpdateCacheMiddleware first, FetchFromCacheMiddleware last.", Docs: docsCache},
		subjects: []string{stack.PathUpdateCache, stack.PathFetchCache}, requires: []string{stack.PathUpdateCache, stack.PathFetchCache},
		msgMissing: "{subject} is in the list without {missing}: repeated GETs of the same page are never cached.",
		fixMissing: "Add {missing}.",
	},
	{
		Rule: Rule{ID: "conditional-get-below-gzip", Title: "ConditionalGetMiddleware belongs below GZipMiddleware", Severity: Warning,
			Explanation: "ConditionalGetMiddleware hashes the body into an ETag. Below GZipMiddleware it hashes the plain body (GZip then marks the tag weak); above it, it hashes the compressed bytes, so the ETag changes with the client's Accept-Encoding.",
			Fix:         "Put ConditionalGetMiddleware below GZipMiddleware.", Docs: docsOrdering},
		subjects: []string{stack.PathConditionalGet}, above: []string{stack.PathGZip},
		msgOrder: "{subject} sits above {partners}, so it computes the ETag of compressed bytes: a GET with Accept-Encoding: gzip gets a strong ETag that does not match the page.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "locale-below-session", Title: "LocaleMiddleware is documented below SessionMiddleware", Severity: Info,
			Explanation: "Django's ordering list puts LocaleMiddleware after SessionMiddleware because it once read the language from the session. Django 3.2 no longer does (it reads the language cookie and Accept-Language), so nothing breaks; the docs still say so.",
			Fix:         "Put LocaleMiddleware below SessionMiddleware.", Docs: docsOrdering},
		subjects: []string{stack.PathLocale}, above: []string{stack.PathSession},
		msgOrder: "{subject} sits above {partners}, against Django's documented order (harmless in 3.2, which does not read the language from the session).",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "locale-above-common", Title: "LocaleMiddleware belongs above CommonMiddleware", Severity: Warning,
			Explanation: "CommonMiddleware resolves URLs for APPEND_SLASH, which with i18n_patterns needs the language LocaleMiddleware activates. Below it, /fr/page redirects are decided with the wrong language.",
			Fix:         "Put LocaleMiddleware above CommonMiddleware (and below SessionMiddleware).", Docs: docsI18N},
		subjects: []string{stack.PathLocale}, below: []string{stack.PathCommon},
		msgOrder: "{subject} sits below {partners}: with i18n_patterns, a URL without a trailing slash is checked against the wrong language's URLs.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "security-near-top", Title: "With SECURE_SSL_REDIRECT, SecurityMiddleware belongs near the top", Severity: Warning,
			Explanation: "SecurityMiddleware answers plain-HTTP requests with a redirect to HTTPS. Everything above it runs first for nothing (sessions, CSRF, users), and what answers above it answers over plain HTTP.",
			Fix:         "Put SecurityMiddleware above the middleware that do per-request work.", Docs: docsSecurity},
		subjects: []string{stack.PathSecurity}, below: workers,
		when:     func(e env) bool { return e.bool("SECURE_SSL_REDIRECT", false) },
		msgOrder: "With SECURE_SSL_REDIRECT on, {subject} sits below {partners}: every plain-HTTP request runs them before being redirected to HTTPS.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "fallbacks-near-bottom", Title: "Flatpage and redirect fallbacks belong near the bottom", Severity: Warning,
			Explanation: "The fallback middleware replace a 404 with a flatpage or a redirect on the way out. Placed above other middleware, the page they make skips those middleware's response phases: no security headers, no X-Frame-Options, no Content-Length.",
			Fix:         "Put the fallback middleware at the bottom of the list.", Docs: docsOrdering},
		subjects: fallbacks, above: responseDecorators,
		msgOrder: "{subject} sits above {partners}: a flatpage or redirect it serves for a 404 URL lacks the headers they add.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "xview-requires-auth", Title: "XViewMiddleware needs AuthenticationMiddleware", Severity: Error,
			Explanation: "admindocs' XViewMiddleware checks request.user.is_staff in process_view; without AuthenticationMiddleware every request that reaches a view fails with a 500.",
			Fix:         "Add AuthenticationMiddleware (anywhere: process_view runs after every process_request).", Docs: "https://docs.djangoproject.com/en/3.2/ref/contrib/admin/admindocs/"},
		subjects: []string{pathXView}, requires: []string{stack.PathAuth},
		msgMissing: "{subject} needs {missing}, which is not in the list: every request that reaches a view fails with a 500.",
		fixMissing: "Add {missing}.",
	},
	{
		Rule: Rule{ID: "csrf-before-view-middleware", Title: "CsrfViewMiddleware belongs above view middleware that answer", Severity: Warning,
			Explanation: "process_view hooks run top to bottom. A middleware above CsrfViewMiddleware that answers from process_view (the cProfile profiler runs the view itself) means the CSRF check never happens for those requests.",
			Fix:         "Put CsrfViewMiddleware above it.", Docs: docsOrdering},
		subjects: []string{pathCProfile}, above: []string{stack.PathCsrf},
		msgOrder: "{subject} sits above {partners}: a profiled POST (?prof) runs the view without a CSRF check.",
		fixOrder: "Move {subject} below {partners}.",
	},

	// Django's system checks that concern middleware.
	{
		Rule: Rule{ID: "admin.E408", Title: "The admin needs AuthenticationMiddleware", Severity: Error,
			Explanation: "System check admin.E408: with django.contrib.admin installed, AuthenticationMiddleware must be in MIDDLEWARE; manage.py refuses to run without it. Lint assumes the admin is installed unless INSTALLED_APPS says otherwise.",
			Fix:         "Add AuthenticationMiddleware below SessionMiddleware.", Docs: docsChecks + "#admin"},
		subjects: []string{stack.PathAuth}, missing: true, when: func(e env) bool { return e.installed("django.contrib.admin") },
		msgMissing: "{missing} is not in the list, which the admin requires: manage.py stops with admin.E408 before serving any request.",
		fixMissing: "Add {missing}.",
	},
	{
		Rule: Rule{ID: "admin.E409", Title: "The admin needs MessageMiddleware", Severity: Error,
			Explanation: "System check admin.E409: with django.contrib.admin installed, MessageMiddleware must be in MIDDLEWARE.",
			Fix:         "Add MessageMiddleware below SessionMiddleware.", Docs: docsChecks + "#admin"},
		subjects: []string{stack.PathMessages}, missing: true, when: func(e env) bool { return e.installed("django.contrib.admin") },
		msgMissing: "{missing} is not in the list, which the admin requires: manage.py stops with admin.E409 before serving any request.",
		fixMissing: "Add {missing}.",
	},
	{
		Rule: Rule{ID: "admin.E410", Title: "The admin needs SessionMiddleware", Severity: Error,
			Explanation: "System check admin.E410: with django.contrib.admin installed, SessionMiddleware must be in MIDDLEWARE, above AuthenticationMiddleware.",
			Fix:         "Add SessionMiddleware above AuthenticationMiddleware.", Docs: docsChecks + "#admin"},
		subjects: []string{stack.PathSession}, missing: true, when: func(e env) bool { return e.installed("django.contrib.admin") },
		msgMissing: "{missing} is not in the list, which the admin requires: manage.py stops with admin.E410 before serving any request.",
		fixMissing: "Add {missing}.",
	},
	{
		Rule: Rule{ID: "security.W001", Title: "SecurityMiddleware is missing", Severity: Warning,
			Explanation: "Deploy check security.W001: without SecurityMiddleware the SECURE_* settings (HSTS, nosniff, referrer policy, SSL redirect) have no effect.",
			Fix:         "Add SecurityMiddleware at the top.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathSecurity}, missing: true,
		msgMissing: "{missing} is not in the list: no response gets X-Content-Type-Options or Referrer-Policy, and SECURE_SSL_REDIRECT does nothing.",
		fixMissing: "Add {missing} at the top.",
	},
	{
		Rule: Rule{ID: "security.W002", Title: "XFrameOptionsMiddleware is missing", Severity: Warning,
			Explanation: "Deploy check security.W002: without XFrameOptionsMiddleware pages are served without X-Frame-Options and other sites can frame them (clickjacking).",
			Fix:         "Add XFrameOptionsMiddleware.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathXFrame}, missing: true,
		msgMissing: "{missing} is not in the list: no page gets X-Frame-Options, so any site can frame it.",
		fixMissing: "Add {missing}.",
	},
	{
		Rule: Rule{ID: "security.W003", Title: "CsrfViewMiddleware is missing", Severity: Warning,
			Explanation: "Deploy check security.W003: without CsrfViewMiddleware no form POST is checked for a CSRF token unless each view is decorated.",
			Fix:         "Add CsrfViewMiddleware.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathCsrf}, missing: true,
		msgMissing: "{missing} is not in the list: a cross-site POST to any view is accepted without a CSRF token.",
		fixMissing: "Add {missing}.",
	},
	{
		Rule: Rule{ID: "security.W004", Title: "SECURE_HSTS_SECONDS is 0", Severity: Warning,
			Explanation: "Deploy check security.W004: SecurityMiddleware is present but HSTS is off. Lint reports it only when the setting is given explicitly and DEBUG is off, since a development setup leaves it unset on purpose.",
			Fix:         "Set SECURE_HSTS_SECONDS once the whole site is served over HTTPS.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathSecurity}, custom: settingCheck(func(e env) bool {
			return !e.debug && e.has("SECURE_HSTS_SECONDS") && e.int("SECURE_HSTS_SECONDS", 0) == 0
		}, "SECURE_HSTS_SECONDS is 0, so HTTPS responses carry no Strict-Transport-Security header and browsers keep trying plain HTTP first."),
	},
	{
		Rule: Rule{ID: "security.W005", Title: "HSTS without SECURE_HSTS_INCLUDE_SUBDOMAINS", Severity: Warning,
			Explanation: "Deploy check security.W005: HSTS is on but does not cover subdomains, which stay open to downgrade attacks.",
			Fix:         "Set SECURE_HSTS_INCLUDE_SUBDOMAINS = True if every subdomain is HTTPS-only.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathSecurity}, custom: settingCheck(func(e env) bool {
			return e.int("SECURE_HSTS_SECONDS", 0) > 0 && !e.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", false)
		}, "HSTS is on without includeSubDomains: an HTTPS response's Strict-Transport-Security header leaves subdomains reachable over plain HTTP."),
	},
	{
		Rule: Rule{ID: "security.W006", Title: "SECURE_CONTENT_TYPE_NOSNIFF is off", Severity: Warning,
			Explanation: "Deploy check security.W006: responses lack X-Content-Type-Options: nosniff, so browsers may guess content types.",
			Fix:         "Set SECURE_CONTENT_TYPE_NOSNIFF = True.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathSecurity}, custom: settingCheck(func(e env) bool {
			return !e.bool("SECURE_CONTENT_TYPE_NOSNIFF", true)
		}, "SECURE_CONTENT_TYPE_NOSNIFF is off: every response lacks X-Content-Type-Options: nosniff."),
	},
	{
		Rule: Rule{ID: "security.W008", Title: "SECURE_SSL_REDIRECT is off", Severity: Warning,
			Explanation: "Deploy check security.W008: plain-HTTP requests are served instead of redirected. Lint reports it only when the setting is given explicitly and DEBUG is off.",
			Fix:         "Set SECURE_SSL_REDIRECT = True (or redirect at the proxy).", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathSecurity}, custom: settingCheck(func(e env) bool {
			return !e.debug && e.has("SECURE_SSL_REDIRECT") && !e.bool("SECURE_SSL_REDIRECT", false)
		}, "SECURE_SSL_REDIRECT is off: a plain-HTTP GET is answered over HTTP instead of being redirected to HTTPS."),
	},
	{
		Rule: Rule{ID: "security.W011", Title: "SESSION_COOKIE_SECURE is off", Severity: Warning,
			Explanation: "Deploy check security.W011: SessionMiddleware is present but the session cookie may travel over plain HTTP. Lint reports it only when the setting is given explicitly and DEBUG is off.",
			Fix:         "Set SESSION_COOKIE_SECURE = True.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathSession}, custom: settingCheck(func(e env) bool {
			return !e.debug && e.has("SESSION_COOKIE_SECURE") && !e.bool("SESSION_COOKIE_SECURE", false)
		}, "SESSION_COOKIE_SECURE is off: after a login the sessionid cookie is also sent over plain HTTP, where it can be sniffed."),
	},
	{
		Rule: Rule{ID: "security.W014", Title: "SESSION_COOKIE_HTTPONLY is off", Severity: Warning,
			Explanation: "Deploy check security.W014: SessionMiddleware is present but scripts can read the session cookie.",
			Fix:         "Set SESSION_COOKIE_HTTPONLY = True.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathSession}, custom: settingCheck(func(e env) bool {
			return !e.bool("SESSION_COOKIE_HTTPONLY", true)
		}, "SESSION_COOKIE_HTTPONLY is off: after a login the sessionid cookie is readable by any script on the page (XSS steals sessions)."),
	},
	{
		Rule: Rule{ID: "security.W016", Title: "CSRF_COOKIE_SECURE is off", Severity: Warning,
			Explanation: "Deploy check security.W016: CsrfViewMiddleware is present, the token is in a cookie, and that cookie may travel over plain HTTP. Lint reports it only when the setting is given explicitly and DEBUG is off.",
			Fix:         "Set CSRF_COOKIE_SECURE = True.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathCsrf}, custom: settingCheck(func(e env) bool {
			return !e.debug && !e.bool("CSRF_USE_SESSIONS", false) && e.has("CSRF_COOKIE_SECURE") && !e.bool("CSRF_COOKIE_SECURE", false)
		}, "CSRF_COOKIE_SECURE is off: a page with a form sets the csrftoken cookie for plain HTTP too."),
	},
	{
		Rule: Rule{ID: "security.W019", Title: "X_FRAME_OPTIONS is not DENY", Severity: Warning,
			Explanation: "Deploy check security.W019: XFrameOptionsMiddleware is present but lets same-origin pages frame the site.",
			Fix:         "Set X_FRAME_OPTIONS = 'DENY' unless the site frames itself.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathXFrame}, custom: settingCheck(func(e env) bool {
			return strings.ToUpper(e.str("X_FRAME_OPTIONS", "DENY")) != "DENY"
		}, "X_FRAME_OPTIONS is not DENY: every page is sent with a weaker X-Frame-Options."),
	},
	{
		Rule: Rule{ID: "security.W021", Title: "HSTS without SECURE_HSTS_PRELOAD", Severity: Info,
			Explanation: "Deploy check security.W021 (a warning in Django): HSTS is on but the site cannot join browsers' preload lists. Lint reports it as information: preloading is a choice.",
			Fix:         "Set SECURE_HSTS_PRELOAD = True if the site should be preloaded.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathSecurity}, custom: settingCheck(func(e env) bool {
			return e.int("SECURE_HSTS_SECONDS", 0) > 0 && !e.bool("SECURE_HSTS_PRELOAD", false)
		}, "HSTS is on without preload: HTTPS responses' Strict-Transport-Security header does not ask for preloading, so a first visit can still be downgraded."),
	},
	{
		Rule: Rule{ID: "security.W022", Title: "SECURE_REFERRER_POLICY is None", Severity: Warning,
			Explanation: "Deploy check security.W022: SecurityMiddleware is present but sends no Referrer-Policy header.",
			Fix:         "Set SECURE_REFERRER_POLICY, e.g. 'same-origin'.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathSecurity}, custom: settingCheck(func(e env) bool {
			return e.isNone("SECURE_REFERRER_POLICY")
		}, "SECURE_REFERRER_POLICY is None: responses carry no Referrer-Policy, so full URLs leak to other sites in the Referer header."),
	},
	{
		Rule: Rule{ID: "security.E023", Title: "SECURE_REFERRER_POLICY has an invalid value", Severity: Error,
			Explanation: "System check security.E023: the referrer policy contains a value browsers do not know.",
			Fix:         "Use one of no-referrer, no-referrer-when-downgrade, origin, origin-when-cross-origin, same-origin, strict-origin, strict-origin-when-cross-origin, unsafe-url.", Docs: docsChecks + "#security"},
		subjects: []string{stack.PathSecurity}, custom: settingCheck(func(e env) bool {
			return e.badReferrerPolicy()
		}, "SECURE_REFERRER_POLICY has an invalid value: every response carries a Referrer-Policy header browsers ignore."),
	},

	// Third-party packages, from their own documentation.
	{
		Rule: Rule{ID: "cors-above-answering", Title: "CorsMiddleware belongs above middleware that answer on their own", Severity: Warning,
			Explanation: "django-cors-headers adds Access-Control-Allow-Origin on the way out and answers preflights on the way in. A middleware above it that answers by itself (CommonMiddleware's slash redirect, WhiteNoise, a rate limiter, an allowlist, a login check) sends responses without CORS headers, which the browser reports as a CORS error instead of the real status.",
			Fix:         "Put CorsMiddleware as high as possible.", Docs: "https://github.com/adamchainz/django-cors-headers#setup"},
		subjects: []string{stack.PathCors}, below: answerers,
		msgOrder: "{subject} sits below {partners}: a cross-origin request they answer (a preflight redirected by APPEND_SLASH, a 401, a 429) reaches the browser without CORS headers and fails as a CORS error.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "whitenoise-below-security", Title: "WhiteNoiseMiddleware belongs directly below SecurityMiddleware", Severity: Warning,
			Explanation: "WhiteNoise answers static-file requests itself. Above SecurityMiddleware those answers skip the HTTPS redirect and the security headers.",
			Fix:         "Put WhiteNoiseMiddleware directly below SecurityMiddleware.", Docs: "https://whitenoise.readthedocs.io/en/stable/django.html#enable-whitenoise"},
		subjects: []string{stack.PathWhiteNoise}, above: []string{stack.PathSecurity},
		msgOrder: "{subject} sits above {partners}: a GET for a static file is served without the security headers, and over plain HTTP even with SECURE_SSL_REDIRECT.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "whitenoise-above-work", Title: "WhiteNoiseMiddleware belongs above everything but SecurityMiddleware", Severity: Warning,
			Explanation: "WhiteNoise should answer static files before anything else runs. Below other middleware, static requests pay for sessions and users, are compressed again by GZip (its ETag turns weak, so revalidation never gets a 304), or are redirected to a login page.",
			Fix:         "Put WhiteNoiseMiddleware directly below SecurityMiddleware.", Docs: "https://whitenoise.readthedocs.io/en/stable/django.html#enable-whitenoise"},
		subjects: []string{stack.PathWhiteNoise}, below: staticSkippers,
		msgOrder: "{subject} sits below {partners}: every GET for a static file runs them first (session and user loading, compression, login checks).",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "debug_toolbar.W003", Title: "DebugToolbarMiddleware belongs below GZipMiddleware", Severity: Warning,
			Explanation: "The toolbar inserts its HTML into the response on the way out, and cannot once the body is compressed. Its own check, debug_toolbar.W003, warns when GZipMiddleware is below it.",
			Fix:         "Put DebugToolbarMiddleware below GZipMiddleware.", Docs: "https://django-debug-toolbar.readthedocs.io/en/latest/installation.html#add-the-middleware"},
		subjects: []string{pathToolbar}, above: []string{stack.PathGZip},
		msgOrder: "{subject} sits above {partners}: an HTML page requested with Accept-Encoding: gzip is already compressed when the toolbar sees it, so no toolbar appears.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "debug_toolbar.W001", Title: "debug_toolbar is installed without its middleware", Severity: Warning,
			Explanation: "Check debug_toolbar.W001: the app is in INSTALLED_APPS but DebugToolbarMiddleware is not in MIDDLEWARE, so no toolbar is shown.",
			Fix:         "Add DebugToolbarMiddleware near the top, below GZipMiddleware.", Docs: "https://django-debug-toolbar.readthedocs.io/en/latest/installation.html#add-the-middleware"},
		subjects: []string{pathToolbar}, missing: true, when: func(e env) bool { return e.installedExplicitly("debug_toolbar") },
		msgMissing: "debug_toolbar is in INSTALLED_APPS but {missing} is not in the list: pages are served without the toolbar.",
		fixMissing: "Add {missing}.",
	},
	{
		Rule: Rule{ID: "gzip-above-injectors", Title: "Middleware that inject HTML belong below GZipMiddleware", Severity: Warning,
			Explanation: "django-browser-reload, django-hijack's banner and django-silk read or change the response body on the way out; below GZip they get it uncompressed, above it they get gzip bytes and skip their work or fail.",
			Fix:         "Put GZipMiddleware above them.", Docs: docsOrdering},
		subjects: injectors, above: []string{stack.PathGZip},
		msgOrder: "{subject} sits above {partners}: an HTML page requested with Accept-Encoding: gzip reaches it compressed and is left without its script or record.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "csp-above-injectors", Title: "CSP middleware belongs above middleware that inject scripts", Severity: Warning,
			Explanation: "The CSP middleware writes the Content-Security-Policy header, with a nonce only if something used it before. Script injectors (debug toolbar, browser-reload, hijack) add their nonce-bearing tags on the way out; above the CSP middleware they run after the header was written and their scripts are blocked.",
			Fix:         "Put the CSP middleware above the injectors.", Docs: "https://django-csp.readthedocs.io/en/latest/nonce.html"},
		subjects: []string{pathCSP, pathDjangoCSP}, below: []string{pathToolbar, pathBrowserReload, pathHijack},
		msgOrder: "{subject} sits below {partners}: on an HTML page their injected scripts miss the CSP nonce and the browser blocks them.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "hosts-request-above-toolbar", Title: "HostsRequestMiddleware belongs above DebugToolbarMiddleware", Severity: Error,
			Explanation: "django-hosts refuses to start (ImproperlyConfigured) when the debug toolbar is listed above its request middleware: the toolbar would resolve its own URLs with the wrong URLconf.",
			Fix:         "Put HostsRequestMiddleware first.", Docs: "https://django-hosts.readthedocs.io/en/latest/#installation"},
		subjects: []string{pathHostsRequest}, below: []string{pathToolbar},
		msgOrder: "{subject} sits below {partners}: the site does not start (ImproperlyConfigured), so no request is served.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "hosts-request-first", Title: "HostsRequestMiddleware belongs above middleware that resolve URLs", Severity: Warning,
			Explanation: "HostsRequestMiddleware picks the URLconf from the Host header. Middleware above it that resolve URLs (CommonMiddleware's APPEND_SLASH, LocaleMiddleware's language redirects) decide with ROOT_URLCONF instead.",
			Fix:         "Put HostsRequestMiddleware at the top.", Docs: "https://django-hosts.readthedocs.io/en/latest/#installation"},
		subjects: []string{pathHostsRequest}, below: []string{stack.PathCommon, stack.PathLocale},
		msgOrder: "{subject} sits below {partners}: a request for a host-specific URL without a trailing slash is checked against the wrong URLconf.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "tenant-first", Title: "The tenant middleware belongs above everything that touches the database", Severity: Warning,
			Explanation: "django-tenants switches the database connection to the tenant's schema. Middleware above it that query the database (sessions, users, messages) run against whatever schema the previous request left.",
			Fix:         "Put the tenant middleware at the top.", Docs: "https://django-tenants.readthedocs.io/en/latest/install.html"},
		subjects: tenants, below: []string{stack.PathSession, stack.PathAuth, stack.PathMessages, stack.PathCommon, stack.PathLocale, stack.PathCsrf},
		msgOrder: "{subject} sits below {partners}: a logged-in request loads its session and user from another tenant's schema.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "axes-last", Title: "AxesMiddleware belongs last", Severity: Warning,
			Explanation: "AxesMiddleware only acts on the way out, replacing the response of a locked-out login with its own. Listed last, it does so first, and every other middleware decorates the lockout page; listed higher, the lockout page loses their headers and cookies.",
			Fix:         "Put AxesMiddleware last.", Docs: "https://django-axes.readthedocs.io/en/latest/2_installation.html"},
		subjects: []string{pathAxes}, above: responseDecorators,
		msgOrder: "{subject} sits above {partners}: a locked-out login POST gets a lockout page without their headers and cookies.",
		fixOrder: "Move {subject} below {partners} (last in the list).",
	},
	{
		Rule: Rule{ID: "prometheus-after-last", Title: "PrometheusAfterMiddleware belongs last", Severity: Warning,
			Explanation: "django-prometheus counts requests in a Before middleware (first) and an After middleware (last). Anything below After that answers on its own hides those requests from After's per-view and per-status metrics.",
			Fix:         "Put PrometheusAfterMiddleware last.", Docs: "https://github.com/korfuri/django-prometheus#quickstart"},
		subjects: []string{pathPromAfter}, belowAll: true,
		exempt:   []string{pathAxes, pathRatelimitMW, pathMaintenance, stack.PathFetchCache, stack.PathCache, pathFlatpage, pathRedirectFallback, pathWagtailRedirect, pathHostsResponse},
		msgOrder: "{subject} sits above {partners}: requests they answer are counted by PrometheusBeforeMiddleware but never by {subject}.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "auth-before-user-readers", Title: "Middleware that read request.user need AuthenticationMiddleware above them", Severity: Error,
			Explanation: "request.user exists only below AuthenticationMiddleware. A middleware that reads it above (a login-required check, django-otp, django-hijack, auto-logout, the cProfile profiler) crashes with AttributeError or treats everyone as anonymous.",
			Fix:         "Put AuthenticationMiddleware above them.", Docs: docsAuthCustom},
		subjects: []string{stack.PathLoginPattern, pathLoginRequired, pathOTP, pathHijack, pathAutoLogout, pathCProfile},
		requires: []string{stack.PathAuth}, requireAbove: true,
		msgOrder:   "{subject} reads request.user but sits above {partners}: a logged-in user's request is treated as anonymous (401/302) or fails with a 500.",
		msgMissing: "{subject} reads request.user but {missing} is not in the list: every request it checks is anonymous or fails with a 500.",
		fixOrder:   "Move {partners} above {subject}.", fixMissing: "Add {missing} above {subject}.",
	},
	{
		Rule: Rule{ID: "auth-before-user-loggers", Title: "Middleware that note request.user belong below AuthenticationMiddleware", Severity: Warning,
			Explanation: "Logging, auditing and maintenance-mode middleware look at request.user when it exists. Above AuthenticationMiddleware they never see a user: logs say anonymous, staff exemptions stop working.",
			Fix:         "Put them below AuthenticationMiddleware.", Docs: docsAuthCustom},
		subjects: []string{pathStructlog, pathMaintenance, pathAllauth, pathAllauthSessions}, above: []string{stack.PathAuth},
		msgOrder: "{subject} sits above {partners}: for a logged-in user's request it sees no user (logs say anonymous, staff are not exempt).",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "session-before-session-timeout", Title: "SessionTimeoutMiddleware needs SessionMiddleware above it", Severity: Warning,
			Explanation: "django-session-timeout stores a timestamp in the session. Above SessionMiddleware there is no session and it silently does nothing: sessions never time out.",
			Fix:         "Put it directly below SessionMiddleware.", Docs: "https://github.com/LabD/django-session-timeout#installation"},
		subjects: []string{pathSessionTimeout}, requires: []string{stack.PathSession}, requireAbove: true,
		msgOrder:   "{subject} sits above {partners}: a logged-in user's session never times out.",
		msgMissing: "{subject} needs {missing}, which is not in the list: sessions never time out.",
		fixOrder:   "Move {partners} above {subject}.", fixMissing: "Add {missing} above {subject}.",
	},
	{
		Rule: Rule{ID: "json-error-above-ratelimit", Title: "A catch-all error middleware belongs above RatelimitMiddleware", Severity: Warning,
			Explanation: "process_exception runs bottom to top. A JSON error middleware below django-ratelimit's middleware sees the Ratelimited exception first and turns the 429 into a 500.",
			Fix:         "Put RatelimitMiddleware at the bottom.", Docs: "https://django-ratelimit.readthedocs.io/en/stable/usage.html#middleware"},
		subjects: []string{pathRatelimitMW}, above: []string{stack.PathJSONError},
		msgOrder: "{subject} sits above {partners}: a request over the limit gets a 500 JSON error instead of a 429.",
		fixOrder: "Move {subject} below {partners}.",
	},

	// The articles' lessons, on the catalog's example middleware.
	{
		Rule: Rule{ID: "auth-before-jwt", Title: "Middleware that set request.user belong below AuthenticationMiddleware", Severity: Error,
			Explanation: "AuthenticationMiddleware sets request.user from the session, unconditionally. A JWT (or OAuth token) middleware above it sets the user first and has it overwritten: every token-authenticated request becomes anonymous.",
			Fix:         "Put the token middleware below AuthenticationMiddleware.", Docs: docsAuthCustom},
		subjects: []string{stack.PathJWT, stack.PathSilentJWT, pathOAuth2Token}, above: []string{stack.PathAuth},
		msgOrder: "{subject} sits above {partners}, which overwrites the user it set: a request with a valid Bearer token is treated as anonymous.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "jwt-before-login-check", Title: "Token middleware belong above the login check", Severity: Error,
			Explanation: "A login-required middleware decides on request.user. A JWT middleware below it sets the user too late: token clients are rejected before their token is read.",
			Fix:         "Put the JWT middleware above the login check.", Docs: docsAuthCustom},
		subjects: []string{stack.PathLoginPattern, pathLoginRequired}, above: []string{stack.PathJWT, stack.PathSilentJWT, pathOAuth2Token},
		msgOrder: "{subject} sits above {partners}: an API request with a valid Bearer token is rejected as anonymous.",
		fixOrder: "Move {partners} above {subject}.",
	},
	{
		Rule: Rule{ID: "silent-jwt-swallows-errors", Title: "SilentJWTMiddleware hides token errors", Severity: Info,
			Explanation: "The articles' first JWT middleware wraps decoding in a bare except: an expired or forged token silently becomes an anonymous user, so clients get a login redirect or a confusing 401/403 instead of a clear 'token expired'.",
			Fix:         "Use JWTMiddleware, which answers 401 with the reason.", Docs: docsAuthCustom},
		subjects: []string{stack.PathSilentJWT}, custom: presentNote("{subject} swallows every token error: a request with an expired Bearer token is quietly treated as anonymous instead of being told why."),
	},
	{
		Rule: Rule{ID: "timing-outermost", Title: "A timing or metrics middleware belongs first", Severity: Warning,
			Explanation: "A timing middleware measures only the layers below it, and responses answered above it are not timed at all. First in the list (with only request-ID or metrics middleware beside it), it measures the whole stack.",
			Fix:         "Put it first.", Docs: docsOrdering},
		subjects: []string{stack.PathRequestTime, pathPromBefore}, aboveAll: true, exempt: outermost,
		msgOrder: "{subject} sits below {partners}: their time is missing from X-Request-Duration, and responses they answer (redirects, 403s) are not timed.",
		fixOrder: "Move {subject} to the top.",
	},
	{
		Rule: Rule{ID: "request-id-outermost", Title: "A request-ID middleware belongs first", Severity: Warning,
			Explanation: "A request-ID middleware tags logs and responses. Listed below others, their log lines lack the ID and responses they answer lack the header.",
			Fix:         "Put it first.", Docs: "https://django-guid.readthedocs.io/en/latest/install.html"},
		subjects: []string{pathGUID, pathRequestID}, aboveAll: true, exempt: outermost,
		msgOrder: "{subject} sits below {partners}: responses they answer carry no request ID and their logs cannot be correlated.",
		fixOrder: "Move {subject} to the top.",
	},
	{
		Rule: Rule{ID: "rate-limit-above-session", Title: "A rate limiter belongs above session and auth work", Severity: Warning,
			Explanation: "A rate limiter that rejects with 429 should do so before anything expensive runs. Below SessionMiddleware and AuthenticationMiddleware, every rejected request still loads its session and user.",
			Fix:         "Put RateLimitMiddleware above SessionMiddleware.", Docs: docsOrdering},
		subjects: []string{stack.PathRateLimit}, below: []string{stack.PathSession, stack.PathAuth},
		msgOrder: "{subject} sits below {partners}: a flood of requests still loads a session and user for each one before it is answered 429.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "path-rewrite-above-path-checks", Title: "Path rewriting belongs above every check that reads the path", Severity: Error,
			Explanation: "TenantPrefixMiddleware strips /t/<tenant> from path_info. Middleware above it see the prefixed path, so exemption lists (/health/, /api/webhooks/) and login-by-pattern checks (/dashboard/) never match tenant URLs.",
			Fix:         "Put TenantPrefixMiddleware above the path checks.", Docs: docsOrdering},
		subjects: []string{stack.PathTenantPrefix}, below: []string{stack.PathInternalNet, stack.PathLoginPattern},
		msgOrder: "{subject} sits below {partners}, which see /t/<tenant>/... : GET /t/acme/health/ from outside is refused although /health/ is exempt, and /t/acme/dashboard/ skips the login check.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "allowlist-below-common", Title: "An allowlist with exempt paths belongs below CommonMiddleware", Severity: Warning,
			Explanation: "EnforceInternalNetworkMiddleware exempts /health/ and /api/webhooks/. Above CommonMiddleware it sees /health before APPEND_SLASH could redirect it to /health/, so the exemption misses.",
			Fix:         "Put the allowlist below CommonMiddleware.", Docs: docsOrdering},
		subjects: []string{stack.PathInternalNet}, above: []string{stack.PathCommon},
		msgOrder: "{subject} sits above {partners}: GET /health from outside the network is refused with 403 instead of being redirected to the exempt /health/.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "header-above-answering", Title: "A header that every response must carry belongs above middleware that answer", Severity: Warning,
			Explanation: "A middleware adds its header to the responses that pass through it on the way out. Responses made above it (CommonMiddleware's slash redirects, WhiteNoise's files, 403/429/401 answers, cache hits, CORS preflights) never do.",
			Fix:         "Put CustomHeaderMiddleware above the middleware that answer on their own.", Docs: docsOrdering},
		subjects: []string{stack.PathCustomHeader}, below: []string{stack.PathCommon, stack.PathWhiteNoise, stack.PathInternalNet, stack.PathRateLimit, stack.PathLoginPattern, stack.PathFetchCache, stack.PathCors},
		msgOrder: "{subject} sits below {partners}: responses they answer themselves, like the 301 for GET /dashboard without a slash, lack X-Playground.",
		fixOrder: "Move {subject} above {partners}.",
	},

	// Rules about the list itself.
	{
		Rule: Rule{ID: "duplicate-entry", Title: "A middleware is listed twice", Severity: Warning,
			Explanation: "Django instantiates every entry, so a duplicate runs twice per request: a second AuthenticationMiddleware replaces the user set in between (django-otp's wrapper is lost), a second SessionMiddleware saves twice.",
			Fix:         "Remove the later entry.", Docs: docsMiddleware},
		custom: duplicates,
	},
	{
		Rule: Rule{ID: "unknown-middleware", Title: "Lint does not know this middleware", Severity: Info,
			Explanation: "The entry is neither a Django middleware nor a package lint knows, so no rule checks it and the playground runs it as a layer that passes every request through. An unknown path under django. is a warning: Django has no such middleware, so the site would not start.",
			Fix:         "Check the spelling; a project's own middleware can be ignored.", Docs: docsMiddleware},
		custom: unknowns,
	},
	{
		Rule: Rule{ID: "referrer-policy-redundant", Title: "django-referrer-policy is redundant", Severity: Info,
			Explanation: "Since Django 3.0 SecurityMiddleware sets Referrer-Policy (SECURE_REFERRER_POLICY). django-referrer-policy overwrites it, so two settings compete for one header.",
			Fix:         "Remove ReferrerPolicyMiddleware and set SECURE_REFERRER_POLICY.", Docs: docsSecurity},
		subjects: []string{pathReferrerPolicy}, custom: presentNote("{subject} duplicates SecurityMiddleware's Referrer-Policy: every response's header comes from REFERRER_POLICY, and SECURE_REFERRER_POLICY is ignored."),
	},
	{
		Rule: Rule{ID: "cache-middleware-with-locale", Title: "CacheMiddleware cannot be placed right with LocaleMiddleware", Severity: Warning,
			Explanation: "The single CacheMiddleware both stores (which wants it above LocaleMiddleware) and fetches (which wants it below). With LocaleMiddleware in the list, either position breaks something.",
			Fix:         "Replace CacheMiddleware with UpdateCacheMiddleware first and FetchFromCacheMiddleware last.", Docs: docsCache},
		subjects: []string{stack.PathCache}, custom: func(c *checker, s *spec) {
			if len(c.where[stack.PathLocale]) > 0 {
				presentNote("{subject} is used with LocaleMiddleware: a cached page is served to a GET in another language, or stored without Vary: Accept-Language.")(c, s)
			}
		},
	},
	{
		Rule: Rule{ID: "tenant-with-csrf-use-sessions", Title: "A tenant middleware above SessionMiddleware breaks 404s with CSRF_USE_SESSIONS", Severity: Info,
			Explanation: "django-tenants must come first, but its 404 for an unknown tenant then renders an error page that needs the CSRF token from a session that does not exist yet: with CSRF_USE_SESSIONS the 404 becomes a 500.",
			Fix:         "Use DEFAULT_NOT_FOUND_TENANT_VIEW or keep the CSRF token in a cookie.", Docs: "https://django-tenants.readthedocs.io/en/latest/install.html"},
		subjects: tenants, custom: func(c *checker, s *spec) {
			if c.env.bool("CSRF_USE_SESSIONS", false) {
				presentNote("With CSRF_USE_SESSIONS on, a request for an unknown tenant's host fails with a 500 instead of a 404 from {subject}.")(c, s)
			}
		},
	},
}

// settingCheck reports a finding beside the subject when a setting makes
// the deploy check fail.
func settingCheck(bad func(e env) bool, msg string) func(c *checker, s *spec) {
	return func(c *checker, s *spec) {
		if !bad(c.env) {
			return
		}
		for _, subj := range s.subjects {
			for _, i := range c.where[subj] {
				c.add(s, []int{i}, nil, msg, s.Fix)
				break
			}
		}
	}
}

// presentNote reports a finding beside every occurrence of a subject.
func presentNote(msg string) func(c *checker, s *spec) {
	return func(c *checker, s *spec) {
		for _, subj := range s.subjects {
			for _, i := range c.where[subj] {
				c.add(s, []int{i}, nil, strings.ReplaceAll(msg, "{subject}", className(subj)), s.Fix)
			}
		}
	}
}

func duplicates(c *checker, s *spec) {
	for i, p := range c.stack {
		if first := c.where[p][0]; first != i {
			c.add(s, []int{i, first}, nil,
				fmt.Sprintf("%s is listed twice (entries %d and %d): it runs twice on every request, and the second run undoes what the layers between them did.", className(p), first+1, i+1),
				fmt.Sprintf("Remove entry %d.", i+1))
		}
	}
}

func unknowns(c *checker, s *spec) {
	for i, p := range c.stack {
		if known(p) || c.where[p][0] != i {
			continue
		}
		msg := fmt.Sprintf("%s is not a middleware lint knows: no rule checks its position, and the playground passes requests straight through it.", p)
		sev := Info
		if strings.HasPrefix(p, "django.") {
			msg = fmt.Sprintf("Django has no middleware %s: the server would not start (ImportError), so no request is served.", p)
			sev = Warning
		}
		fix := "Check the spelling."
		if sugg := stack.Suggest(p); len(sugg) > 0 && strings.HasPrefix(p, "django.") {
			fix = "Did you mean " + sugg[0] + "?"
		}
		f := c.add(s, []int{i}, nil, msg, fix)
		f.Severity = sev
	}
}

// Rules lists every rule, for the rules page.
func Rules() []Rule {
	out := make([]Rule, len(specs))
	for i, s := range specs {
		out[i] = s.Rule
	}
	return out
}

// Lookup finds a rule by id.
func Lookup(id string) (Rule, bool) {
	for _, s := range specs {
		if s.ID == id {
			return s.Rule, true
		}
	}
	return Rule{}, false
}

func classList(paths []string) string {
	names := make([]string, 0, len(paths))
	seen := map[string]bool{}
	for _, p := range paths {
		n := className(p)
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func fill(tmpl, subject string, partners, missing []string) string {
	return strings.NewReplacer("{subject}", className(subject), "{partners}", classList(partners), "{missing}", classList(missing)).Replace(tmpl)
}

func sortedCopy(xs []int) []int {
	out := append([]int(nil), xs...)
	sort.Ints(out)
	return out
}

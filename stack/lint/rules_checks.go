package lint

import (
	"strings"

	"github.com/middleware-playground/playground/stack"
)

// checkSpecs are the rules from django's system checks that concern middleware.
var checkSpecs = []*spec{
	{
		Rule: Rule{ID: "auth.E013", Title: "LoginRequiredMiddleware needs AuthenticationMiddleware above it", Severity: Error,
			Explanation: "System check auth.E013 (Django 5.1+): LoginRequiredMiddleware must come after AuthenticationMiddleware. At run time its check sits in process_view, after every process_request, so it would find request.user wherever it is; Django refuses the order anyway, and manage.py check and runserver stop before serving anything.",
			Fix:         "Put LoginRequiredMiddleware below AuthenticationMiddleware.", Docs: docsChecks + "#auth"},
		subjects: []string{stack.PathLoginRequired}, requires: []string{stack.PathAuth}, requireAbove: true,
		when:       func(e env) bool { return e.atLeast("5.1") },
		msgOrder:   "{subject} sits above {partners}: system check auth.E013 refuses this order, so the server stops before serving any request.",
		msgMissing: "{subject} needs {missing}, which is not in the list: system check auth.E013 stops the server before serving any request.",
		fixOrder:   "Move {subject} below {partners}.", fixMissing: "Add {missing} above {subject}.",
	},
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
}

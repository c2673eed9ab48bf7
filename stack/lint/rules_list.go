package lint

import (
	"fmt"
	"strings"

	"github.com/middleware-playground/playground/stack"
)

// listSpecs are the rules from rules about the list itself.
var listSpecs = []*spec{
	{
		Rule: Rule{ID: "needs-newer-django", Title: "A middleware the chosen Django version does not have", Severity: Error,
			Explanation: "Some middleware arrived in later Django versions: LoginRequiredMiddleware in 5.1. On an older version the import fails, so the site does not start and no request is served.",
			Fix:         "Upgrade Django, or use a hand-written login check on older versions.", Docs: docsMiddleware},
		custom: tooNew,
	},
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

func duplicates(c *checker, s *spec) {
	for i, p := range c.stack {
		if first := c.where[p][0]; first != i {
			c.add(s, []int{i, first}, nil,
				fmt.Sprintf("%s is listed twice (entries %d and %d): it runs twice on every request, and the second run undoes what the layers between them did.", className(p), first+1, i+1),
				fmt.Sprintf("Remove entry %d.", i+1))
		}
	}
}

// tooNew reads when each middleware arrived from the engine's catalog
// (Since), which is what refuses such a scenario too.
func tooNew(c *checker, s *spec) {
	for i, p := range c.stack {
		m, ok := stack.Lookup(p)
		if !ok || m.AvailableIn(c.env.django) || c.where[p][0] != i {
			continue
		}
		c.add(s, []int{i}, nil,
			fmt.Sprintf("%s arrived in Django %s: on Django %s the import fails, so the site does not start.", className(p), m.Since, c.env.django),
			fmt.Sprintf("Use Django %s or later, or remove %s.", m.Since, className(p)))
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

package stack

import (
	"sort"
	"strings"
)

// Group says where a middleware comes from, for the palette.
type Group string

const (
	GroupDjango     Group = "Django"
	GroupThirdParty Group = "Third-party"
	GroupArticles   Group = "From the articles"
)

// Middleware describes one catalog entry: what the UI shows and what lint
// checks. The behaviour lives in the engine's model of it.
type Middleware struct {
	Path  string `json:"path"`
	Class string `json:"class"`
	Group Group  `json:"group"`
	// Summary is one plain-language sentence on what it does.
	Summary string `json:"summary"`
	// Hooks are the methods Django calls on it, as the trace names them.
	Hooks []string `json:"hooks"`
	// Placement says, in words, where it belongs and why.
	Placement string `json:"placement"`
	// MustBeBelow lists dotted paths that must sit above it when both are
	// present; MustBeAbove, those that must sit below it.
	MustBeBelow []string `json:"must_be_below,omitempty"`
	MustBeAbove []string `json:"must_be_above,omitempty"`
	// Requires lists dotted paths that must be present (anywhere above it
	// unless MustBeBelow says so too) for it to work at all.
	Requires []string `json:"requires,omitempty"`
	Docs     string   `json:"docs"`
	// Costs is the virtual time, in microseconds, of each kind of step
	// the model takes, so the timeline shows where time goes.
	Costs map[string]int64 `json:"costs"`
	// Since is the first Django version that has it ("5.1"); "" for
	// every version the engine models.
	Since string `json:"since,omitempty"`
}

// AvailableIn says the middleware exists in Django version v ("4.2").
func (m Middleware) AvailableIn(v string) bool {
	return m.Since == "" || versionNumber(v) >= versionNumber(m.Since)
}

// versionNumber is "5.1" as 51, for comparing versions.
func versionNumber(v string) int {
	major, minor, _ := strings.Cut(v, ".")
	n := 0
	for _, part := range []string{major, minor} {
		d := 0
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0
			}
			d = d*10 + int(c-'0')
		}
		n = n*10 + d
	}
	return n
}

// Dotted paths the engine and its users refer to often.
const (
	PathSecurity       = "django.middleware.security.SecurityMiddleware"
	PathSession        = "django.contrib.sessions.middleware.SessionMiddleware"
	PathCommon         = "django.middleware.common.CommonMiddleware"
	PathCsrf           = "django.middleware.csrf.CsrfViewMiddleware"
	PathAuth           = "django.contrib.auth.middleware.AuthenticationMiddleware"
	PathMessages       = "django.contrib.messages.middleware.MessageMiddleware"
	PathXFrame         = "django.middleware.clickjacking.XFrameOptionsMiddleware"
	PathGZip           = "django.middleware.gzip.GZipMiddleware"
	PathConditionalGet = "django.middleware.http.ConditionalGetMiddleware"
	PathUpdateCache    = "django.middleware.cache.UpdateCacheMiddleware"
	PathFetchCache     = "django.middleware.cache.FetchFromCacheMiddleware"
	PathCache          = "django.middleware.cache.CacheMiddleware"
	PathLocale         = "django.middleware.locale.LocaleMiddleware"
	PathLoginRequired  = "django.contrib.auth.middleware.LoginRequiredMiddleware"
	PathRemoteUser     = "django.contrib.auth.middleware.RemoteUserMiddleware"
	PathPersistentRU   = "django.contrib.auth.middleware.PersistentRemoteUserMiddleware"
	PathBrokenLinks    = "django.middleware.common.BrokenLinkEmailsMiddleware"
	PathCors           = "corsheaders.middleware.CorsMiddleware"
	PathWhiteNoise     = "whitenoise.middleware.WhiteNoiseMiddleware"
	PathRequestTime    = "myapp.middleware.RequestTimeMiddleware"
	PathRateLimit      = "myapp.middleware.RateLimitMiddleware"
	PathInternalNet    = "myapp.middleware.EnforceInternalNetworkMiddleware"
	PathSilentJWT      = "myapp.middleware.SilentJWTMiddleware"
	PathJWT            = "myapp.middleware.JWTMiddleware"
	PathTenantPrefix   = "myapp.middleware.TenantPrefixMiddleware"
	PathLoginPattern   = "myapp.middleware.LoginRequiredByPatternMiddleware"
	PathCustomHeader   = "myapp.middleware.CustomHeaderMiddleware"
	PathViewLogger     = "myapp.middleware.ViewLoggerMiddleware"
	PathJSONError      = "myapp.middleware.JsonErrorMiddleware"
)

// DefaultMiddleware is the MIDDLEWARE list of a new Django 3.2 project.
func DefaultMiddleware() []string {
	return []string{PathSecurity, PathSession, PathCommon, PathCsrf, PathAuth, PathMessages, PathXFrame}
}

// Catalog lists every middleware the engine models, in palette order.
func Catalog() []Middleware {
	out := make([]Middleware, len(catalog))
	copy(out, catalog)
	return out
}

// Lookup finds a catalog entry by dotted path.
func Lookup(path string) (Middleware, bool) {
	i, ok := catalogIndex[path]
	if !ok {
		return Middleware{}, false
	}
	return catalog[i], true
}

// ClassName is the last component of a dotted path, as Django's trace
// names a layer.
func ClassName(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// Suggest returns up to three known dotted paths closest to an unknown one,
// for error messages ("did you mean").
func Suggest(path string) []string {
	type scored struct {
		path string
		dist int
	}
	var all []scored
	lowerPath := strings.ToLower(path)
	lowerClass := strings.ToLower(ClassName(path))
	for _, m := range catalog {
		d := editDistance(lowerPath, strings.ToLower(m.Path))
		if c := editDistance(lowerClass, strings.ToLower(m.Class)); c < d {
			d = c
		}
		all = append(all, scored{m.Path, d})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].dist < all[j].dist })
	var out []string
	for _, s := range all {
		if len(out) == 3 || (s.dist > len(lowerClass)/2+3 && len(out) > 0) {
			break
		}
		out = append(out, s.path)
	}
	return out
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

const (
	docsMiddleware = "https://docs.djangoproject.com/en/3.2/ref/middleware/"
	docsOrdering   = "https://docs.djangoproject.com/en/3.2/ref/middleware/#middleware-ordering"
)

var catalogIndex = func() map[string]int {
	m := make(map[string]int, len(catalog))
	for i, e := range catalog {
		m[e.Path] = i
	}
	return m
}()

var catalog = []Middleware{
	{
		Path: PathSecurity, Class: "SecurityMiddleware", Group: GroupDjango,
		Summary:   "Adds security headers (X-Content-Type-Options, Referrer-Policy, HSTS on HTTPS) to every response that passes through it, and redirects plain HTTP to HTTPS when SECURE_SSL_REDIRECT is on.",
		Hooks:     []string{"process_request", "process_response"},
		Placement: "At the top, so an HTTPS redirect skips all other work and every response gets its headers.",
		Docs:      docsMiddleware + "#module-django.middleware.security",
		Costs:     map[string]int64{"process_request": 4, "process_response": 6},
	},
	{
		Path: PathSession, Class: "SessionMiddleware", Group: GroupDjango,
		Summary:     "Gives every request a lazy request.session backed by the database; on the way out saves a modified session, sets or deletes the sessionid cookie and adds Vary: Cookie when the session was read.",
		Hooks:       []string{"process_request", "process_response"},
		Placement:   "Near the top: above AuthenticationMiddleware and MessageMiddleware, which need request.session; below UpdateCacheMiddleware, because it changes Vary.",
		MustBeBelow: []string{PathUpdateCache},
		MustBeAbove: []string{PathAuth, PathMessages, PathFetchCache},
		Docs:        docsMiddleware + "#module-django.contrib.sessions.middleware",
		Costs:       map[string]int64{"process_request": 3, "process_response": 5, "session_load": 350, "session_save": 600},
	},
	{
		Path: PathCommon, Class: "CommonMiddleware", Group: GroupDjango,
		Summary:   "Validates the Host header, blocks DISALLOWED_USER_AGENTS, redirects /path to /path/ when APPEND_SLASH finds a match, and sets Content-Length.",
		Hooks:     []string{"process_request", "process_response"},
		Placement: "High up, above anything that changes the response body; below SessionMiddleware when CSRF_USE_SESSIONS is on.",
		Docs:      docsMiddleware + "#module-django.middleware.common",
		Costs:     map[string]int64{"process_request": 8, "process_response": 4, "resolve": 15},
	},
	{
		Path: PathCsrf, Class: "CsrfViewMiddleware", Group: GroupDjango,
		Summary:     "Rejects unsafe requests (POST, PUT, PATCH, DELETE) that lack a matching CSRF token, with a 403, unless the view is csrf_exempt; sends the csrftoken cookie when a page used the token.",
		Hooks:       []string{"process_request", "process_view", "process_response"},
		Placement:   "Above any view middleware that assumes CSRF was checked and above RemoteUserMiddleware; below SessionMiddleware when CSRF_USE_SESSIONS is on.",
		MustBeAbove: []string{PathRemoteUser, PathPersistentRU},
		Docs:        "https://docs.djangoproject.com/en/3.2/ref/csrf/",
		Costs:       map[string]int64{"process_request": 5, "process_view": 12, "process_response": 6},
	},
	{
		Path: PathAuth, Class: "AuthenticationMiddleware", Group: GroupDjango,
		Summary:     "Sets request.user to a lazy object that loads the logged-in user from the session the first time something reads it.",
		Hooks:       []string{"process_request"},
		Placement:   "Below SessionMiddleware, which it needs; above anything that reads request.user.",
		MustBeBelow: []string{PathSession},
		Requires:    []string{PathSession},
		Docs:        docsMiddleware + "#module-django.contrib.auth.middleware",
		Costs:       map[string]int64{"process_request": 2, "user_load": 450},
	},
	{
		Path: PathMessages, Class: "MessageMiddleware", Group: GroupDjango,
		Summary:     "Gives every request message storage (cookie, with session fallback) for one-time notices, and stores new messages on the way out.",
		Hooks:       []string{"process_request", "process_response"},
		Placement:   "Below SessionMiddleware: the default storage needs request.session the moment a request arrives.",
		MustBeBelow: []string{PathSession},
		Requires:    []string{PathSession},
		Docs:        docsMiddleware + "#module-django.contrib.messages.middleware",
		Costs:       map[string]int64{"process_request": 6, "process_response": 3},
	},
	{
		Path: PathXFrame, Class: "XFrameOptionsMiddleware", Group: GroupDjango,
		Summary:   "Adds X-Frame-Options: DENY to responses so other sites cannot frame your pages.",
		Hooks:     []string{"process_response"},
		Placement: "Usually last. Responses created above it (redirects, errors in upper layers, cache hits) never get the header.",
		Docs:      "https://docs.djangoproject.com/en/3.2/ref/clickjacking/",
		Costs:     map[string]int64{"process_response": 2},
	},
	{
		Path: PathGZip, Class: "GZipMiddleware", Group: GroupDjango,
		Summary:     "Compresses responses of 200 bytes or more for clients that accept gzip, and adds Vary: Accept-Encoding.",
		Hooks:       []string{"process_response"},
		Placement:   "Above everything that reads or changes the body, so it compresses last; below UpdateCacheMiddleware, since it changes Vary.",
		MustBeBelow: []string{PathUpdateCache},
		MustBeAbove: []string{PathConditionalGet},
		Docs:        docsMiddleware + "#module-django.middleware.gzip",
		Costs:       map[string]int64{"process_response": 5, "gzip_per_kb": 40},
	},
	{
		Path: PathConditionalGet, Class: "ConditionalGetMiddleware", Group: GroupDjango,
		Summary:     "Adds an ETag to GET responses and answers 304 Not Modified when the client already has that version.",
		Hooks:       []string{"process_response"},
		Placement:   "Below GZipMiddleware so the ETag is computed on the uncompressed body; a 304 it makes loses headers added by layers below it.",
		MustBeBelow: []string{PathGZip},
		Docs:        docsMiddleware + "#module-django.middleware.http",
		Costs:       map[string]int64{"process_response": 4, "etag_per_kb": 3},
	},
	{
		Path: PathUpdateCache, Class: "UpdateCacheMiddleware", Group: GroupDjango,
		Summary:     "Stores successful GET responses in the page cache, keyed by the request headers named in the response's Vary header.",
		Hooks:       []string{"process_response"},
		Placement:   "First in the list, above everything that adds to Vary (Session, GZip, Locale), so the key it learns is complete.",
		MustBeAbove: []string{PathSession, PathGZip, PathLocale, PathCsrf, PathFetchCache},
		Requires:    []string{PathFetchCache},
		Docs:        "https://docs.djangoproject.com/en/3.2/topics/cache/#the-per-site-cache",
		Costs:       map[string]int64{"process_response": 4, "cache_set": 80},
	},
	{
		Path: PathFetchCache, Class: "FetchFromCacheMiddleware", Group: GroupDjango,
		Summary:     "Answers GET and HEAD requests straight from the page cache when a stored copy matches, skipping everything below it.",
		Hooks:       []string{"process_request"},
		Placement:   "Last in the list, below everything that adds to Vary, so a miss runs the whole stack and a hit skips as much as possible.",
		MustBeBelow: []string{PathUpdateCache, PathSession, PathGZip, PathLocale, PathCsrf},
		Requires:    []string{PathUpdateCache},
		Docs:        "https://docs.djangoproject.com/en/3.2/topics/cache/#the-per-site-cache",
		Costs:       map[string]int64{"process_request": 4, "cache_get": 60},
	},
	{
		Path: PathCache, Class: "CacheMiddleware", Group: GroupDjango,
		Summary:   "Both halves of the per-site cache in one entry: looks pages up on the way in and stores them on the way out, from a single position.",
		Hooks:     []string{"process_request", "process_response"},
		Placement: "Only for the simplest stacks: one position cannot be both first (to store after every Vary is added) and last (to look up before any work). Prefer the UpdateCache/FetchFromCache pair.",
		Docs:      "https://docs.djangoproject.com/en/3.2/topics/cache/#the-per-site-cache",
		Costs:     map[string]int64{"process_request": 4, "process_response": 4, "cache_get": 60, "cache_set": 80},
	},
	{
		Path: PathLocale, Class: "LocaleMiddleware", Group: GroupDjango,
		Summary:     "Picks the language for each request from the language cookie or Accept-Language, and adds Content-Language and Vary: Accept-Language.",
		Hooks:       []string{"process_request", "process_response"},
		Placement:   "High up, below SessionMiddleware and UpdateCacheMiddleware, above FetchFromCacheMiddleware and CommonMiddleware.",
		MustBeBelow: []string{PathSession, PathUpdateCache},
		MustBeAbove: []string{PathCommon, PathFetchCache},
		Docs:        "https://docs.djangoproject.com/en/3.2/topics/i18n/translation/#how-django-discovers-language-preference",
		Costs:       map[string]int64{"process_request": 20, "process_response": 5},
	},
	{
		Path: PathLoginRequired, Class: "LoginRequiredMiddleware", Group: GroupDjango, Since: "5.1",
		Summary:     "Redirects every anonymous request to the login page (LOGIN_URL, or the view's own login_url and redirect_field_name) unless the view is marked @login_not_required; DRF views are exempt and use their permission classes.",
		Hooks:       []string{"process_view"},
		Placement:   "Below AuthenticationMiddleware, which sets the request.user it reads, and below any middleware that sets request.user another way (a JWT layer); it decides in process_view, after every process_request, so its place among the other layers matters less than for request hooks.",
		MustBeBelow: []string{PathAuth},
		Requires:    []string{PathAuth},
		Docs:        "https://docs.djangoproject.com/en/5.2/ref/middleware/#django.contrib.auth.middleware.LoginRequiredMiddleware",
		Costs:       map[string]int64{"process_view": 3},
	},
	{
		Path: PathRemoteUser, Class: "RemoteUserMiddleware", Group: GroupDjango,
		Summary:     "Logs in the user named by the web server's REMOTE_USER variable, and logs them out when it is missing.",
		Hooks:       []string{"process_request"},
		Placement:   "Below AuthenticationMiddleware, which it needs, and below CsrfViewMiddleware so the login's token rotation is kept.",
		MustBeBelow: []string{PathAuth, PathCsrf},
		Requires:    []string{PathAuth},
		Docs:        "https://docs.djangoproject.com/en/3.2/howto/auth-remote-user/",
		Costs:       map[string]int64{"process_request": 10},
	},
	{
		Path: PathPersistentRU, Class: "PersistentRemoteUserMiddleware", Group: GroupDjango,
		Summary:     "Like RemoteUserMiddleware, but keeps the user logged in on requests without REMOTE_USER (for login pages behind the web server's authentication).",
		Hooks:       []string{"process_request"},
		Placement:   "Below AuthenticationMiddleware, which it needs, and below CsrfViewMiddleware.",
		MustBeBelow: []string{PathAuth, PathCsrf},
		Requires:    []string{PathAuth},
		Docs:        "https://docs.djangoproject.com/en/3.2/howto/auth-remote-user/",
		Costs:       map[string]int64{"process_request": 10},
	},
	{
		Path: PathBrokenLinks, Class: "BrokenLinkEmailsMiddleware", Group: GroupDjango,
		Summary:   "Emails the site managers about 404s that a link on your own site led to (only with DEBUG off).",
		Hooks:     []string{"process_response"},
		Placement: "Above anything that turns a 404 into something else on the way out, so it sees the real 404s; it reads the Host header, so a bad Host becomes a 400 here.",
		Docs:      docsMiddleware + "#django.middleware.common.BrokenLinkEmailsMiddleware",
		Costs:     map[string]int64{"process_response": 3, "send_mail": 900},
	},
	{
		Path: PathCors, Class: "CorsMiddleware", Group: GroupThirdParty,
		Summary:     "django-cors-headers: answers CORS preflight requests and adds Access-Control-Allow-Origin for allowed origins.",
		Hooks:       []string{"process_request", "process_view", "process_response"},
		Placement:   "As high as possible, above anything that can answer on its own (CommonMiddleware, WhiteNoise, auth or rate-limit middleware), so those answers carry CORS headers too.",
		MustBeAbove: []string{PathCommon, PathWhiteNoise, PathInternalNet, PathRateLimit, PathLoginPattern},
		Docs:        "https://github.com/adamchainz/django-cors-headers#setup",
		Costs:       map[string]int64{"process_request": 6, "process_view": 1, "process_response": 8},
	},
	{
		Path: PathWhiteNoise, Class: "WhiteNoiseMiddleware", Group: GroupThirdParty,
		Summary:     "Serves files under STATIC_URL itself, with long cache headers, before the rest of the stack runs.",
		Hooks:       []string{"__call__"},
		Placement:   "Directly below SecurityMiddleware and above everything else.",
		MustBeBelow: []string{PathSecurity},
		Docs:        "https://whitenoise.readthedocs.io/en/stable/django.html",
		Costs:       map[string]int64{"lookup": 3, "serve": 40},
	},
	{
		Path: PathRequestTime, Class: "RequestTimeMiddleware", Group: GroupArticles,
		Summary:   "Measures how long the layers below it take and adds X-Request-Duration.",
		Hooks:     []string{"__call__"},
		Placement: "First in the list: it only measures what sits below it.",
		Docs:      docsOrdering,
		Costs:     map[string]int64{"call": 2},
	},
	{
		Path: PathRateLimit, Class: "RateLimitMiddleware", Group: GroupArticles,
		Summary:     "Counts requests per client IP in the cache and answers 429 once the count passes RATE_LIMIT.",
		Hooks:       []string{"__call__"},
		Placement:   "High up, above SessionMiddleware and AuthenticationMiddleware, so rejected requests cost no session or user queries.",
		MustBeAbove: []string{PathSession, PathAuth},
		Docs:        docsOrdering,
		Costs:       map[string]int64{"cache_get": 60, "cache_set": 80},
	},
	{
		Path: PathInternalNet, Class: "EnforceInternalNetworkMiddleware", Group: GroupArticles,
		Summary:     "Answers 403 to clients outside 10.x and 192.168.x, except for exempt paths (/api/webhooks/, /health/) checked against path_info.",
		Hooks:       []string{"__call__"},
		Placement:   "Below any middleware that rewrites path_info, or the exemption check sees the wrong path.",
		MustBeBelow: []string{PathTenantPrefix},
		Docs:        docsOrdering,
		Costs:       map[string]int64{"call": 3},
	},
	{
		Path: PathSilentJWT, Class: "SilentJWTMiddleware", Group: GroupArticles,
		Summary:     "The article's bad JWT middleware: sets request.user from a Bearer token, and swallows every failure with a bare except.",
		Hooks:       []string{"__call__"},
		Placement:   "Below AuthenticationMiddleware, or AuthenticationMiddleware overwrites the user it set.",
		MustBeBelow: []string{PathAuth},
		Docs:        "https://docs.djangoproject.com/en/3.2/topics/auth/customizing/",
		Costs:       map[string]int64{"call": 2, "jwt_decode": 35, "user_query": 400},
	},
	{
		Path: PathJWT, Class: "JWTMiddleware", Group: GroupArticles,
		Summary:     "The article's fixed JWT middleware: sets request.user from a Bearer token and logs why a token was refused.",
		Hooks:       []string{"__call__"},
		Placement:   "Below AuthenticationMiddleware, or AuthenticationMiddleware overwrites the user it set.",
		MustBeBelow: []string{PathAuth},
		Docs:        "https://docs.djangoproject.com/en/3.2/topics/auth/customizing/",
		Costs:       map[string]int64{"call": 2, "jwt_decode": 35, "user_query": 400},
	},
	{
		Path: PathTenantPrefix, Class: "TenantPrefixMiddleware", Group: GroupArticles,
		Summary:     "Strips a /t/<tenant> prefix from path_info before URL routing.",
		Hooks:       []string{"__call__"},
		Placement:   "Above every middleware that looks at path_info (exemption lists, login-by-pattern).",
		MustBeAbove: []string{PathInternalNet, PathLoginPattern},
		Docs:        docsOrdering,
		Costs:       map[string]int64{"call": 2},
	},
	{
		Path: PathLoginPattern, Class: "LoginRequiredByPatternMiddleware", Group: GroupArticles,
		Summary:     "Answers 401 JSON for /dashboard/ and /api/ when request.user is missing or anonymous.",
		Hooks:       []string{"__call__"},
		Placement:   "Below AuthenticationMiddleware (and any JWT middleware), which set the user it checks.",
		MustBeBelow: []string{PathAuth, PathJWT, PathSilentJWT},
		Requires:    []string{PathAuth},
		Docs:        "https://docs.djangoproject.com/en/3.2/topics/auth/default/#limiting-access-to-logged-in-users",
		Costs:       map[string]int64{"call": 2},
	},
	{
		Path: PathCustomHeader, Class: "CustomHeaderMiddleware", Group: GroupArticles,
		Summary:   "Adds X-Playground: seen to every response that passes through it.",
		Hooks:     []string{"__call__"},
		Placement: "High up if every response, redirects and errors included, must carry the header.",
		Docs:      docsOrdering,
		Costs:     map[string]int64{"call": 1},
	},
	{
		Path: PathViewLogger, Class: "ViewLoggerMiddleware", Group: GroupArticles,
		Summary:   "Notes which view will handle the request (process_view) and adds X-View on the way out.",
		Hooks:     []string{"__call__", "process_view"},
		Placement: "Anywhere; process_view runs after every process_request, top to bottom.",
		Docs:      docsMiddleware,
		Costs:     map[string]int64{"call": 1, "process_view": 2},
	},
	{
		Path: PathJSONError, Class: "JsonErrorMiddleware", Group: GroupArticles,
		Summary:   "Turns an exception raised by a view into a JSON 500 {\"error\": CLASS} (process_exception).",
		Hooks:     []string{"__call__", "process_exception"},
		Placement: "process_exception runs bottom to top: the lowest handler that answers wins.",
		Docs:      docsMiddleware,
		Costs:     map[string]int64{"call": 1, "process_exception": 15},
	},
}

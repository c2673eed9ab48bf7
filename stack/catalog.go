package stack

import (
	"sort"
	"strconv"
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
	// Changes are what later versions (of Django, or of the package that
	// comes with them) do differently, oldest first.
	Changes []Change `json:"changes,omitempty"`
}

// Change is how a middleware behaves from one Django version on.
type Change struct {
	// Since is the Django version it applies from ("4.2").
	Since string `json:"since"`
	// Hooks, when set, replace the entry's hooks from that version on.
	Hooks []string `json:"hooks,omitempty"`
	// Note says what changed, for the palette and the linter.
	Note string `json:"note"`
}

// In is the entry as it is in Django version v: the hooks that version
// has, only the changes it has seen, and Django's docs for v.
func (m Middleware) In(v string) Middleware {
	out := m
	out.Docs = strings.Replace(m.Docs, "docs.djangoproject.com/en/3.2/", "docs.djangoproject.com/en/"+v+"/", 1)
	out.Changes = nil
	for _, c := range m.Changes {
		if !VersionAtLeast(v, c.Since) {
			continue
		}
		if c.Hooks != nil {
			out.Hooks = c.Hooks
		}
		out.Changes = append(out.Changes, c)
	}
	return out
}

// CatalogIn lists the catalog as Django version v has it (see In);
// entries v lacks are there too, with their Since.
func CatalogIn(v string) []Middleware {
	out := make([]Middleware, len(catalog))
	for i, m := range catalog {
		out[i] = m.In(v)
	}
	return out
}

// AvailableIn says the middleware exists in Django version v ("4.2").
func (m Middleware) AvailableIn(v string) bool {
	return m.Since == "" || VersionAtLeast(v, m.Since)
}

// VersionAtLeast says Django version have ("4.2", or "4.2.28") is want
// ("4.0") or newer; only major and minor count. A version that does not
// start "major.minor" counts as 0.0.
func VersionAtLeast(have, want string) bool {
	hm, hn := splitVersion(have)
	wm, wn := splitVersion(want)
	return hm > wm || hm == wm && hn >= wn
}

func splitVersion(v string) (int, int) {
	major, minor, ok := strings.Cut(v, ".")
	minor, _, _ = strings.Cut(minor, ".")
	a, errA := strconv.Atoi(major)
	b, errB := strconv.Atoi(minor)
	if !ok || errA != nil || errB != nil || a < 0 || b < 0 {
		return 0, 0
	}
	return a, b
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

// DefaultMiddleware is the MIDDLEWARE list of a new Django project (the
// same seven entries from 3.2 to 5.2).
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

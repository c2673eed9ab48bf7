package stack

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// The per-site cache: FetchFromCacheMiddleware looks pages up by a key
// built from the request headers that UpdateCacheMiddleware learned from
// the response's Vary header, for that URL.

type updateCacheMW struct {
	timeout int
	prefix  string
}

type fetchCacheMW struct{ prefix string }

// cachedPage is what the local-memory cache holds: a pickled response, and
// for the trace, whose request made it.
type cachedPage struct {
	resp    *response
	made    string
	madeFor string
	// keyHeaders are the request headers the key was learned from.
	keyHeaders []string
}

func (m updateCacheMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	if r.cacheUpdateCache == nil || !*r.cacheUpdateCache {
		if r.cacheUpdateCache == nil {
			x.note(CacheNotFetched)
		}
		return resp, nil
	}
	if resp.streaming {
		x.note(CacheStreaming)
		return resp, nil
	}
	if resp.status != 200 && resp.status != 304 {
		x.note(CacheStatusNotCached, itoa(resp.status))
		return resp, nil
	}
	// Upstream 3.2 and 4.2 refuse only for a request that carried no
	// cookies; Debian's 3.2 backport and 5.2 whatever it carried.
	v := x.site.version
	if len(resp.cookies) > 0 && resp.hasVary("Cookie") && (v.cacheRefusesCookieVaryAlways || len(r.cookies) == 0) {
		x.note(CacheCookieVary)
		return resp, nil
	}
	cacheControl := resp.get("Cache-Control")
	if v.cacheStrictControl {
		cacheControl = strings.ToLower(cacheControl)
		for _, d := range []string{"private", "no-cache", "no-store"} {
			if strings.Contains(cacheControl, d) {
				x.note(CacheControlRefuses, d)
				return resp, nil
			}
		}
		if resp.hasVary("*") {
			x.note(CacheVaryStar)
			return resp, nil
		}
	} else if strings.Contains(cacheControl, "private") {
		x.note(CachePrivate)
		return resp, nil
	}
	timeout := m.timeout
	if age, ok := maxAge(resp); ok {
		if age == 0 {
			return resp, nil
		}
		timeout = age
	}
	if !resp.has("Expires") {
		resp.set("Expires", httpDate(x.site.now+int64(timeout)*secondMicros))
	}
	patchCacheControlMaxAge(resp, timeout)
	if _, ok := r.meta.lookup("HTTP_AUTHORIZATION"); ok && v.cacheStrictControl && !strings.Contains(cacheControl, "public") {
		x.note(CacheVaryAuthorization)
		resp.patchVary("Authorization")
	}
	if timeout > 0 && resp.status == 200 {
		key, headers := x.learnCacheKey(r, resp, timeout, m.prefix)
		x.work("cache_set", CacheStored, describeKeyHeaders(headers))
		if len(headers) == 0 {
			x.note(CacheStoredWithoutVary)
		}
		made, madeFor := x.whoseRequest(r)
		x.site.cacheSet(key, cachedPage{resp: resp.clone(), made: made, madeFor: madeFor, keyHeaders: headers}, timeout)
	}
	return resp, nil
}

func describeKeyHeaders(h []string) string {
	if len(h) == 0 {
		return "the URL alone"
	}
	names := make([]string, len(h))
	for i, m := range h {
		names[i] = strings.ReplaceAll(strings.TrimPrefix(m, "HTTP_"), "_", "-")
	}
	return "the URL and " + strings.Join(names, ", ")
}

// whoseRequest names the user a cached copy was made for, when the request
// that made it knew its user.
func (x *exec) whoseRequest(r *request) (string, string) {
	if r.user != nil && r.user.value != nil {
		name := r.user.value.name()
		return name + "'s request", name
	}
	if r.user != nil && r.session != nil {
		// A lazy user nobody read: judge the session as get_user would,
		// without reading it, since reading request.user here would
		// change the response.
		name := "anonymous"
		if u, _, miss := x.site.sessionUser(r.session.peek().lookup); miss == userFound {
			name = u.username
		}
		return name + "'s request", name
	}
	return "an earlier request", ""
}

func maxAge(resp *response) (int, bool) {
	if !resp.has("Cache-Control") {
		return 0, false
	}
	for _, d := range splitHeaderList(resp.get("Cache-Control")) {
		k, v, ok := strings.Cut(d, "=")
		if ok && strings.EqualFold(k, "max-age") {
			n, err := strconv.Atoi(v)
			return n, err == nil
		}
	}
	return 0, false
}

// patchCacheControlMaxAge is patch_cache_control(response, max_age=t):
// keep the smaller max-age, keep the other directives.
func patchCacheControlMaxAge(resp *response, t int) {
	var out []string
	found := false
	if cc := resp.get("Cache-Control"); cc != "" {
		for _, d := range splitHeaderList(cc) {
			k, v, ok := strings.Cut(d, "=")
			if ok && strings.EqualFold(k, "max-age") {
				if n, err := strconv.Atoi(v); err == nil && n < t {
					t = n
				}
				found = true
				out = append(out, "max-age=#")
				continue
			}
			out = append(out, d)
		}
	}
	if !found {
		out = append(out, "max-age=#")
	}
	for i := range out {
		if out[i] == "max-age=#" {
			out[i] = "max-age=" + itoa(t)
		}
	}
	resp.set("Cache-Control", strings.Join(out, ", "))
}

func (m fetchCacheMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	f := false
	if r.method != "GET" && r.method != "HEAD" {
		r.cacheUpdateCache = &f
		return nil, nil
	}
	t := true
	key, ok := x.cacheKey(r, m.prefix, "GET")
	if !ok {
		x.note(CacheMissURL)
		r.cacheUpdateCache = &t
		return nil, nil
	}
	x.work("cache_get", CacheLookup)
	v, hit := x.site.cacheGet(key)
	if !hit && r.method == "HEAD" {
		key, _ = x.cacheKey(r, m.prefix, "HEAD")
		v, hit = x.site.cacheGet(key)
	}
	if !hit {
		x.note(CacheMissHeaders)
		r.cacheUpdateCache = &t
		return nil, nil
	}
	r.cacheUpdateCache = &f
	page := v.(cachedPage)
	resp := page.resp.clone()
	if x.site.version.cacheAge {
		if age, ok := maxAge(resp); ok {
			if expires, err := http.ParseTime(resp.get("Expires")); err == nil {
				remaining := expires.Unix() - x.site.now/secondMicros
				resp.set("Age", itoa(max(0, age-int(remaining))))
			}
		}
	}
	resp.fromCache = true
	resp.cachedFor = page.made
	resp.cachedForUser = page.madeFor
	if containsString(page.keyHeaders, "HTTP_COOKIE") {
		x.note(ServedFromCache, describeKeyHeaders(page.keyHeaders), page.made)
	} else {
		x.note(ServedFromCacheForOthers, page.made)
	}
	return resp, nil
}

// i18nSuffix is _i18n_cache_key_suffix: the request's language (or the
// language the worker has active) and the time zone.
func (x *exec) i18nSuffix(r *request, key string) string {
	if x.site.settings.UseI18N {
		lang := r.languageCode
		if lang == "" {
			lang = x.site.activeLanguageOr()
		}
		key += "." + lang
	}
	return key + ".UTC"
}

func (s *site) activeLanguageOr() string {
	if s.activeLanguage != "" {
		return s.activeLanguage
	}
	return s.settings.LanguageCode
}

func (x *exec) headerKey(r *request, prefix string) string {
	return x.i18nSuffix(r, "views.decorators.cache.cache_header."+prefix+"."+r.absoluteURI(x.site.settings))
}

// cacheKey is get_cache_key: nothing until a header list was learned.
func (x *exec) cacheKey(r *request, prefix, method string) (string, bool) {
	v, ok := x.site.cacheGet(x.headerKey(r, prefix))
	if !ok {
		return "", false
	}
	return x.pageKey(r, method, v.([]string), prefix), true
}

func (x *exec) pageKey(r *request, method string, headers []string, prefix string) string {
	var b strings.Builder
	for _, h := range headers {
		v, ok := r.meta.lookup(h)
		if !ok && x.site.version.cacheKeyMarksMissingHeader {
			// Debian's backport tells a missing header from an empty one.
			b.WriteString("-,")
			continue
		}
		b.WriteString(v)
	}
	return x.i18nSuffix(r, "views.decorators.cache.cache_page."+prefix+"."+method+"."+r.absoluteURI(x.site.settings)+"."+b.String())
}

// learnCacheKey stores the header list from Vary and returns the page key.
func (x *exec) learnCacheKey(r *request, resp *response, timeout int, prefix string) (string, []string) {
	var headers []string
	if resp.has("Vary") {
		for _, h := range splitHeaderList(resp.get("Vary")) {
			h = strings.ToUpper(strings.ReplaceAll(h, "-", "_"))
			if h != "ACCEPT_LANGUAGE" || !x.site.settings.UseI18N {
				headers = append(headers, "HTTP_"+h)
			}
		}
		sort.Strings(headers)
	}
	if headers == nil {
		headers = []string{}
	}
	x.site.cacheSet(x.headerKey(r, prefix), headers, timeout)
	return x.pageKey(r, r.method, headers, prefix), headers
}

// LocaleMiddleware without i18n_patterns (the demo site has none).
type localeMW struct{}

func (localeMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	lang := x.languageFromRequest(r)
	x.site.activeLanguage = lang
	r.languageCode = lang
	x.note(LanguageChosen, lang)
	return nil, nil
}

func (localeMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	resp.patchVary("Accept-Language")
	resp.setDefault("Content-Language", x.site.activeLanguageOr())
	return resp, nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// cacheMW is CacheMiddleware, which subclasses both halves: Fetch's
// process_request and Update's process_response at one position.
type cacheMW struct {
	updateCacheMW
	fetchCacheMW
}

func (m cacheMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	return m.fetchCacheMW.processRequest(x, r)
}

func (m cacheMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	return m.updateCacheMW.processResponse(x, r, resp)
}

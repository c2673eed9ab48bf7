package stack

import "sort"

// version holds what differs between the Django versions the engine models.
// Only 3.2 (Debian's 3.2.25, whose traces are the conformance goldens) is
// modelled so far; the struct is where 4.2 and 5.2 differences will go.
type version struct {
	// full is what the trace reports as "django".
	full string
	// cacheRefusesCookieVaryAlways is Debian's backport: UpdateCacheMiddleware
	// never stores a response that sets a cookie while varying on Cookie,
	// whether or not the request carried cookies.
	cacheRefusesCookieVaryAlways bool
}

const DefaultVersion = "3.2"

var versions = map[string]*version{
	"3.2": {full: "3.2.25", cacheRefusesCookieVaryAlways: true},
	"4.2": {full: "4.2.28"},
	"5.2": {full: "5.2.18"},
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

package lint

import (
	"slices"
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
		stack.PathRemoteUser, stack.PathPersistentRU, stack.PathLoginPattern, stack.PathLoginRequired, stack.PathRateLimit, stack.PathJWT, stack.PathSilentJWT,
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

// specs are every rule, in the order the rules page lists them.
var specs = slices.Concat(orderingSpecs, checkSpecs, packageSpecs, articleSpecs, listSpecs)

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

// Rules lists every rule, for the rules page, with its links to the
// default version's documentation.
func Rules() []Rule {
	e := newEnv(Config{})
	out := make([]Rule, len(specs))
	for i, s := range specs {
		out[i] = s.Rule
		out[i].Docs = e.versioned(s.Docs)
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

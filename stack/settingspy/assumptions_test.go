package settingspy

import (
	"fmt"
	"strings"
	"testing"
)

func assumptionsOf(res *Result) string {
	var b strings.Builder
	for _, a := range res.Assumptions {
		fmt.Fprintf(&b, "%s %s=%s", a.Kind, a.Name, a.Value)
		if a.Given {
			b.WriteString(" given")
		}
		fmt.Fprintf(&b, " %s%d\n", a.File, a.Line)
	}
	return b.String()
}

// Every way a settings file reads the environment is recorded once per
// value, with the value the reading used and where.
func TestEnvironmentReadsAreAssumptions(t *testing.T) {
	src := `import os
import environ
from decouple import config
env = environ.Env(USE_X=(bool, False))
MIDDLEWARE = []
if os.environ.get('A', 'off') == 'on':
    MIDDLEWARE.append('a.A')
if 'B' in os.environ:
    MIDDLEWARE.append('b.B')
C = os.getenv('C')
C = os.getenv('C')
D = os.environ['D']
E = env('USE_X')
F = config('F', default='1', cast=bool)
G = os.environ.get('G', 'default')
`
	res := parse(t, src, Options{Env: map[string]string{"G": "from-env"}})
	want := `env A='off' 6
env B=(not set) 8
env C=None 10
env D=(not set) 12
env USE_X=False 13
env F='1' 14
env G='from-env' given 15
`
	if got := assumptionsOf(res); got != want {
		t.Errorf("assumptions\n got %s\nwant %s", got, want)
	}
}

// A lookup on a line that assigns DEBUG is marked: the reading pins
// DEBUG, so whatever the variable says changes nothing.
func TestLookupsFeedingDebugAreMarked(t *testing.T) {
	src := `import os
DEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'
MIDDLEWARE = []
if os.environ.get('USE_JWT'):
    MIDDLEWARE.append('a.JWT')
`
	res := parse(t, src, Options{})
	feeds := map[string]bool{}
	for _, a := range res.Assumptions {
		feeds[a.Name] = a.FeedsDebug
	}
	if len(feeds) != 2 || !feeds["DJANGO_DEBUG"] || feeds["USE_JWT"] {
		t.Errorf("feeds DEBUG: %v; want DJANGO_DEBUG only", feeds)
	}
}

// An import a try block (or suppress) tests is taken as succeeding when
// the files list the package in their apps or middleware, and as failing
// otherwise; each is an assumption.
func TestTestedImportsAreAssumptions(t *testing.T) {
	src := `MIDDLEWARE = []
THIRD_PARTY_APPS = ['rest_framework']
try:
    import rest_framework
    import sentry_sdk
except ImportError:
    MIDDLEWARE.append('no.Sentry')
try:
    import debug_toolbar
except ImportError:
    pass
MIDDLEWARE += ['debug_toolbar.middleware.DebugToolbarMiddleware']
import not_tested
`
	res := parse(t, src, Options{})
	want := `import rest_framework=succeeds 4
import sentry_sdk=fails 5
import debug_toolbar=succeeds 9
`
	if got := assumptionsOf(res); got != want {
		t.Errorf("assumptions\n got %s\nwant %s", got, want)
	}
	if got := res.Paths(); len(got) != 2 || got[0] != "no.Sentry" {
		t.Errorf("paths %q", got)
	}
}

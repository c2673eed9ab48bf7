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

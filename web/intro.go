package web

import (
	"sync"

	"github.com/middleware-playground/playground/templates"
)

// introVM names the sample requests Django's default stack does not serve,
// found by running them, so the first visit's explanation stays true when
// the samples or the engine change.
var introVM = sync.OnceValue(func() templates.IntroVM {
	sc := defaultScenario()
	vm := templates.IntroVM{Samples: len(sc.Requests)}
	rn, err := newRun(sc)
	if err != nil {
		return vm
	}
	for i, d := range rn.diags {
		if !d.Passed {
			vm.Failing = append(vm.Failing, templates.IntroRequest{Label: requestLabel(sc.Requests[i]), Needs: d.Fix})
		}
	}
	return vm
})

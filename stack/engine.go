package stack

import "errors"

// Simulate runs every request of a scenario, in order, through the
// MIDDLEWARE list against the demo site, and returns the trace.
func Simulate(sc *Scenario) (*Trace, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	return nil, errors.New("engine under construction")
}

func validateCredential(string) error { return nil }

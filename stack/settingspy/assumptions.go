package settingspy

// Assumption is something the reader took as given to evaluate the file
// without running it: an environment variable it read, or whether an
// import would succeed.
type Assumption struct {
	// Kind is "env" or "import".
	Kind string `json:"kind"`
	// Name is the variable or the module.
	Name string `json:"name"`
	// Value is, for "env", the value the lookup gave as Python would show
	// it (Options.Env's, else the default), or "(not set)" when the
	// lookup raised; for "import", "succeeds" or "fails".
	Value string `json:"value"`
	// Given says the value came from Options.Env.
	Given bool `json:"given,omitempty"`
	// Why says what the assumption rests on.
	Why  string `json:"why,omitempty"`
	Line int    `json:"line"`
	// File is the sibling file the lookup is in, "" for the file parsed.
	File string `json:"file,omitempty"`
	// FeedsDebug says the line assigns DEBUG, which the reading pins to
	// Options.Debug: whatever the lookup gives changes nothing.
	FeedsDebug bool `json:"feeds_debug,omitempty"`
}

const maxAssumptions = 200

func (in *interp) assume(a Assumption) {
	key := a.Kind + "\x00" + a.Name + "\x00" + a.Value
	if in.assumedSeen[key] || len(in.assumed) >= maxAssumptions {
		return
	}
	in.assumedSeen[key] = true
	in.assumed = append(in.assumed, a)
}

// readEnv records a read of the environment variable name, which gave v
// (nil: the lookup raised).
func (in *interp) readEnv(name value, v value, ln int, file string) {
	n, ok := name.(strV)
	if !ok {
		return
	}
	_, given := in.opts.Env[n.s]
	shown := "(not set)"
	if v != nil {
		shown = repr(v)
	}
	why := "not set: the environment is taken as empty"
	switch {
	case given:
		why = "given"
	case v != nil:
		why = "not set: the default is used"
	}
	in.assume(Assumption{Kind: "env", Name: n.s, Value: shown, Given: given, Why: why, Line: ln, File: file})
}

// pinnedDebug records that a statement at file:ln assigns DEBUG, which the
// reading ignores.
func (in *interp) pinnedDebug(file string, ln int) {
	if in.debugLines == nil {
		in.debugLines = map[fileLine]bool{}
	}
	in.debugLines[fileLine{file, ln}] = true
}

// assumptions are the reading's assumptions, those on a line that
// assigns DEBUG marked as such.
func (in *interp) assumptions() []Assumption {
	for i := range in.assumed {
		a := &in.assumed[i]
		a.FeedsDebug = in.debugLines[fileLine{a.File, a.Line}]
	}
	return in.assumed
}

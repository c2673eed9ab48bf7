package stack

// errKind is how Django's response_for_exception classifies an exception.
type errKind int

const (
	errOther errKind = iota
	errHTTP404
	errPermissionDenied
	errBadRequest
	errSuspicious
)

// pyErr is a Python exception travelling through the modelled stack.
type pyErr struct {
	class string
	kind  errKind
	msg   string
	// raisedBy names the layer (class) or "view"/"Django" that raised it.
	raisedBy string
	layer    int
	// step is the index of the step that raised it.
	step int
}

// raisedAt attributes the exception to layer l at step, unless something
// raised it before l let it through.
func (e *pyErr) raisedAt(l *layer, step int) {
	if e.raisedBy == "" {
		e.raisedBy, e.layer, e.step = l.class, l.index, step
	}
}

func (e *pyErr) Error() string { return e.class + ": " + e.msg }

// sessionRequired is what Django raises when a component needs
// request.session and SessionMiddleware has not run: an assert in 3.2,
// ImproperlyConfigured from 4.0.
func (x *exec) sessionRequired(msg string) *pyErr {
	return &pyErr{class: x.site.version.sessionRequiredError, msg: msg}
}
func improperlyConfigured(msg string) *pyErr {
	return &pyErr{class: "ImproperlyConfigured", msg: msg}
}

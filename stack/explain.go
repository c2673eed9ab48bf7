package stack

import (
	"strings"
)

// Diagnosis says whether a request met its expectation and, if not, where
// it left the expected path and what to change.
type Diagnosis struct {
	// Passed is true when the result meets the expectation (or there is none).
	Passed bool `json:"passed"`
	// Summary is one sentence on what was expected and what happened.
	Summary string `json:"summary"`
	// Step is the index in Result.Steps of the first step where the request
	// left its expected path, or -1.
	Step int `json:"step"`
	// Layer is the MIDDLEWARE index of the layer at fault, or -1.
	Layer int `json:"layer"`
	// Code is the reason at that step, and Reason its sentence, for a
	// learner.
	Code   ReasonCode `json:"code,omitempty"`
	Reason string     `json:"reason,omitempty"`
	// Fix says what to change.
	Fix string `json:"fix,omitempty"`
	// WrongReason says the status and the user were as expected, but
	// the response came from somewhere else than expected (another
	// layer answered, or the view ran when it should not have, or did
	// not when it should): right status, wrong reason.
	WrongReason bool `json:"wrong_reason,omitempty"`
}

// RightStatusWrongReason starts the summary of a result that met its
// expected status and user by the wrong path.
const RightStatusWrongReason = "Right status, wrong reason"

// ViewSawUser says the view saw request.user as want: a username, or
// "anonymous", which a lazy user nobody evaluated also is.
func (r *Result) ViewSawUser(want string) bool {
	if r.UserAtView == nil {
		return false
	}
	got := *r.UserAtView
	return got == want || (want == "anonymous" && got == "lazy")
}

// ExpectableUser is the user an expectation can name for what a view
// saw: a username or "anonymous"; "" for the engine's two states that
// are no user ("absent": no request.user at all; "lazy": never read).
func ExpectableUser(userAtView *string) string {
	if userAtView == nil || *userAtView == "absent" || *userAtView == "lazy" {
		return ""
	}
	return *userAtView
}

// Diagnose compares a result with its request's expectation.
func Diagnose(req Request, res *Result) Diagnosis {
	d := Diagnosis{Passed: true, Step: -1, Layer: -1}
	exp := req.Expect
	if exp == nil {
		d.Summary = res.Outcome()
		return d
	}
	seen := "nobody (the view did not run)"
	if res.UserAtView != nil {
		seen = *res.UserAtView
	}
	var problems []string
	if exp.Status != 0 && res.Status != exp.Status {
		problems = append(problems, "expected "+itoa(exp.Status)+", got "+itoa(res.Status))
	}
	userWrong := exp.User != "" && !res.ViewSawUser(exp.User)
	if userWrong {
		problems = append(problems, "expected the view to see "+exp.User+", it saw "+seen)
	}
	leak := res.ServedFromCache && exp.User != "" && res.CachedForUser != "" && res.CachedForUser != exp.User
	if leak {
		problems = append(problems, "it was served a cached page made for "+res.CachedForUser)
	}
	pathWrong := answererDiffers(exp, res)
	if len(problems) == 0 && pathWrong == "" {
		d.Summary = orDefault(exp.Text, "as expected") + ": " + res.Outcome()
		return d
	}
	d.Passed = false
	steps := res.Steps
	if len(problems) == 0 {
		d.WrongReason = true
		d.Summary = RightStatusWrongReason + ": " + pathWrong + "."
		wrongReason(&d, req, res)
		return d
	}
	if pathWrong != "" {
		problems = append(problems, pathWrong)
	}
	d.Summary = strings.Join(problems, "; ") + "."
	switch {
	case leak:
		d.Step = res.AnsweredStep
		d.Code = CacheLeakedToOthers
		d.Reason = Reason{Code: d.Code, Args: []string{res.CachedForUser}}.String()
		d.Fix = "Put UpdateCacheMiddleware first in MIDDLEWARE, above SessionMiddleware and every other layer that adds to Vary, and FetchFromCacheMiddleware last."
	case res.Escaped != "":
		d.Step = findStep(steps, func(s *Step) bool { return s.Raised != "" })
		d.Reason = res.Outcome()
	case res.AnsweredAt >= 0:
		d.Step = res.AnsweredStep
	case userWrong:
		d.Step = userLostAt(steps, exp.User)
		if setter := userSetAt(steps, exp.User); setter >= 0 && d.Step >= 0 && steps[setter].Class != steps[d.Step].Class {
			set, lost := steps[setter], steps[d.Step]
			d.Code, d.Reason = reasonNear(steps, d.Step)
			if d.Reason == "" {
				d.Reason = lost.Class + " replaced request.user after " + set.Class + " had set it to " + exp.User + "."
			}
			d.Fix = placementOf(set.Class)
		}
	default:
		d.Step = findStep(steps, func(s *Step) bool { return s.Kind == KindView })
	}
	if d.Step >= 0 {
		d.Layer = steps[d.Step].Layer
		if d.Reason == "" {
			d.Code, d.Reason = reasonNear(steps, d.Step)
		}
	}
	if d.Reason == "" {
		d.Reason = res.Outcome()
	}
	if d.Fix == "" {
		d.Fix = fixFor(steps, d)
	}
	if missing := missingCapability(req, steps); missing != "" && (d.Fix == "" || d.Layer < 0) {
		d.Fix = missing
	}
	return d
}

// answererDiffers says how the result's path differs from the one
// expected (who answered, whether the view ran), or "" when it does not.
func answererDiffers(exp *Expectation, res *Result) string {
	var out []string
	if exp.AnsweredBy != "" && res.AnsweredBy != exp.AnsweredBy {
		out = append(out, "expected "+answererName(exp.AnsweredBy)+" to answer, "+answererName(res.AnsweredBy)+" did")
	}
	// Who answered usually says whether the view ran; a second sentence
	// only when it does not.
	if exp.ViewRuns != nil && *exp.ViewRuns != res.ViewRan() && (len(out) == 0 || (exp.AnsweredBy == "view") != *exp.ViewRuns) {
		if *exp.ViewRuns {
			out = append(out, "the view should have run and did not")
		} else {
			out = append(out, "the view should not have run, and it did")
		}
	}
	return strings.Join(out, "; ")
}

func answererName(who string) string {
	if who == "view" {
		return "the view"
	}
	return who
}

// wrongReason fills in what broke for a result that got the expected
// status from the wrong place: the step where the wrong answer was made,
// and the placement of the layer that should have answered.
func wrongReason(d *Diagnosis, req Request, res *Result) {
	steps := res.Steps
	exp := req.Expect
	d.Step = res.AnsweredStep
	if d.Step < 0 || d.Step >= len(steps) {
		d.Step = findStep(steps, func(s *Step) bool { return s.Kind == KindView })
	}
	if d.Step >= 0 {
		d.Layer = steps[d.Step].Layer
		d.Code, d.Reason = reasonNear(steps, d.Step)
		// A view tells what it did in the work it records after its step.
		for j := d.Step + 1; d.Code == "" && steps[d.Step].Kind == KindView && j < len(steps) && steps[j].Layer < 0; j++ {
			if r := steps[j].Reason; r.Code != "" {
				d.Code, d.Reason = r.Code, r.String()
			}
		}
	}
	if d.Reason == "" {
		d.Reason = res.Outcome()
	}
	want := exp.AnsweredBy
	if want == "" || want == "view" || want == "Django" {
		d.Fix = fixFor(steps, *d)
		return
	}
	if findStep(steps, func(s *Step) bool { return s.Kind == KindEnter && s.Class == want }) >= 0 {
		d.Fix = placementOf(want)
		return
	}
	d.Fix = want + " should answer this request but never saw it: it is missing from MIDDLEWARE, or sits below " + answererName(res.AnsweredBy) + "."
	if p := placementOf(want); p != "" {
		d.Fix += " " + p
	}
}

// missingCapability explains a failure no layer caused: the stack has
// nothing that handles this kind of request at all.
func missingCapability(req Request, steps []Step) string {
	present := map[string]bool{}
	for _, s := range steps {
		if s.Kind == KindEnter {
			present[s.Class] = true
		}
	}
	method := strings.ToUpper(req.Method)
	_, acrm := headerValue(req.Headers, "Access-Control-Request-Method")
	switch {
	case method == "OPTIONS" && acrm && !present["CorsMiddleware"]:
		return "Nothing in this stack answers CORS preflights: add " + PathCors + " at the top of MIDDLEWARE."
	case strings.HasPrefix(req.Path, "/static/") && !present["WhiteNoiseMiddleware"]:
		return "Nothing in this stack serves static files: add " + PathWhiteNoise + " right below SecurityMiddleware."
	case carriesBearerToken(req.Auth) && !present["JWTMiddleware"] && !present["SilentJWTMiddleware"]:
		return "Nothing in this stack reads the Authorization: Bearer token: add " + PathJWT + " below AuthenticationMiddleware."
	}
	return ""
}

// carriesBearerToken says a request's credentials put a Bearer token in
// its Authorization header: those of Credentials' "jwt" group, so a
// credential added there is known here too.
func carriesBearerToken(auth []string) bool {
	for _, a := range auth {
		if kind, _, _ := strings.Cut(a, ":"); credentialGroups[kind] == "jwt" {
			return true
		}
	}
	return false
}

func headerValue(h map[string]string, name string) (string, bool) {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// userSetAt is the first step at which request.user was the wanted user:
// the layer that set it.
func userSetAt(steps []Step, want string) int {
	return findStep(steps, func(s *Step) bool { return s.User == want && s.Layer >= 0 })
}

func placementOf(class string) string {
	for _, m := range catalog {
		if m.Class == class {
			return class + ": " + m.Placement
		}
	}
	return ""
}

func findStep(steps []Step, pred func(*Step) bool) int {
	for i := range steps {
		if pred(&steps[i]) {
			return i
		}
	}
	return -1
}

// userLostAt finds where request.user stopped being the expected user:
// the step before the first after the last one that saw it, or else the
// first decision a layer made about request.user, or the view.
func userLostAt(steps []Step, want string) int {
	last := -1
	for i, s := range steps {
		if s.User == want {
			last = i
		}
	}
	if last >= 0 {
		for i := last + 1; i < len(steps); i++ {
			if steps[i].User != want && steps[i].Layer >= 0 {
				return i - 1
			}
		}
	}
	if i := findStep(steps, func(s *Step) bool {
		return !s.Kind.hasEvent() && s.Layer >= 0 && s.Reason.Code.Topic() == TopicUser
	}); i >= 0 {
		return i
	}
	return findStep(steps, func(s *Step) bool { return s.Kind == KindView })
}

// reasonNear picks the reason recorded at a step or, for a hook step
// that gives none of its own, the decision its layer noted just after or
// before it.
func reasonNear(steps []Step, i int) (ReasonCode, string) {
	layer := steps[i].Layer
	if r := steps[i].Reason; r.Code != "" && r.Code != ReplacedResponse && r.Code != ReplacedFromBelow {
		return r.Code, r.String()
	}
	for j := i + 1; j < len(steps) && j <= i+3; j++ {
		if s := &steps[j]; s.Layer == layer && s.Kind == KindNote {
			return s.Reason.Code, s.Reason.String()
		}
	}
	for j := i - 1; j >= 0; j-- {
		s := &steps[j]
		if s.Layer != layer {
			if s.Kind.hasEvent() {
				break
			}
			continue
		}
		if s.Kind == KindNote {
			return s.Reason.Code, s.Reason.String()
		}
	}
	return "", ""
}

// fixFor suggests what to change, from the catalog's placement advice for
// the layer at fault.
func fixFor(steps []Step, d Diagnosis) string {
	if d.Layer < 0 || d.Step < 0 {
		if d.Code == NoURLPattern {
			return "The path does not exist on the demo site; check the request."
		}
		return ""
	}
	return placementOf(steps[d.Step].Class)
}

package stack

import (
	"strings"
)

// SampleRequests is the default set of requests the playground runs: each
// teaches a lesson and says what a well-built stack should do with it.
// Some fail on Django's default stack on purpose (nothing there reads a
// JWT, answers a CORS preflight or serves static files): the result says
// what is missing.
func SampleRequests() []Request {
	const external = "203.0.113.7"
	return []Request{
		{ID: "alice-home", Label: "alice opens the home page in her browser", Path: "/", Auth: []string{"session:alice"}, Client: "alice",
			Expect: &Expectation{Status: 200, User: "alice", Text: "alice sees a page greeting her"}},
		{ID: "alice-dashboard", Label: "alice opens her dashboard", Path: "/dashboard/", Client: "alice",
			Expect: &Expectation{Status: 200, User: "alice", Text: "alice sees her dashboard"}},
		{ID: "alice-post-no-csrf", Label: "alice's browser POSTs to /api/data/ without a CSRF token", Path: "/api/data/", Method: "POST", Client: "alice",
			Expect: &Expectation{Status: 403, Text: "CSRF protection refuses a POST without a token"}},
		{ID: "alice-post-csrf", Label: "alice's browser POSTs to /api/data/ with a valid CSRF token", Path: "/api/data/", Method: "POST", Auth: []string{"csrf:valid"}, Client: "alice",
			Expect: &Expectation{Status: 200, User: "alice", Text: "a POST with a valid token goes through as alice"}},
		{ID: "guest-dashboard", Label: "an anonymous visitor opens /dashboard/", Path: "/dashboard/", Client: "guest",
			Expect: &Expectation{Status: 302, User: "anonymous", Text: "a visitor who is not logged in is sent to the login page"}},
		{ID: "jwt-valid", Label: "a mobile app calls /api/data/ with a valid JWT", Path: "/api/data/", Auth: []string{"jwt:alice"}, Client: "mobile",
			Expect: &Expectation{Status: 200, User: "alice", Text: "the API knows the app is alice"}},
		{ID: "jwt-expired", Label: "the mobile app calls /api/data/ with an expired JWT", Path: "/api/data/", Auth: []string{"jwt-expired:alice"}, Client: "mobile-old",
			Expect: &Expectation{Status: 401, User: "anonymous", Text: "an expired token is refused with 401"}},
		{ID: "webhook", Label: "a payment provider POSTs a webhook from outside", Path: "/api/webhooks/", Method: "POST", RemoteAddr: external, Client: "provider",
			Expect: &Expectation{Status: 200, Text: "the webhook is accepted (it is csrf_exempt)"}},
		{ID: "health", Label: "the load balancer checks /health/ from outside", Path: "/health/", RemoteAddr: external, Client: "monitor",
			Expect: &Expectation{Status: 200, Text: "the health check answers ok"}},
		{ID: "cors-preflight", Label: "the SPA at app.example.com sends a CORS preflight", Path: "/api/data/", Method: "OPTIONS", Client: "spa",
			Headers: map[string]string{"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"},
			Expect:  &Expectation{Status: 200, Text: "the preflight is answered 200 with CORS headers"}},
		{ID: "static", Label: "a browser loads /static/app.css", Path: "/static/app.css", Client: "guest",
			Expect: &Expectation{Status: 200, Text: "the stylesheet is served"}},
		{ID: "boom", Label: "a view raises an exception", Path: "/boom/", Client: "guest",
			Expect: &Expectation{Status: 500, Text: "a bug in a view is a 500, and the error page still gets the security headers"}},
		{ID: "cache-alice", Label: "alice opens the home page (first visit of the cached page)", Path: "/", Client: "alice",
			Expect: &Expectation{Status: 200, User: "alice", Text: "alice sees her own greeting"}},
		{ID: "cache-guest", Label: "then an anonymous visitor opens the same page", Path: "/", Client: "guest",
			Expect: &Expectation{Status: 200, User: "anonymous", Text: "the visitor sees 'Hello guest', never alice's page"}},
	}
}

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
	// Reason is the engine's reason at that step, for a learner.
	Reason string `json:"reason,omitempty"`
	// Fix says what to change.
	Fix string `json:"fix,omitempty"`
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
	if exp.User != "" && !userMatches(exp.User, res) {
		problems = append(problems, "expected the view to see "+exp.User+", it saw "+seen)
	}
	leak := res.ServedFromCache && exp.User != "" && res.CachedForUser != "" && res.CachedForUser != exp.User
	if leak {
		problems = append(problems, "it was served a cached page made for "+res.CachedForUser)
	}
	if len(problems) == 0 {
		d.Summary = orDefault(exp.Text, "as expected") + ": " + res.Outcome()
		return d
	}
	d.Passed = false
	d.Summary = strings.Join(problems, "; ") + "."
	steps := res.Steps()
	switch {
	case leak:
		d.Step = findStep(steps, func(s Step) bool {
			return s.Kind == "process_request" && s.Class == "FetchFromCacheMiddleware" && s.Result != "none"
		})
		d.Reason = "The page cache answered with a copy made for " + res.CachedForUser + ": UpdateCacheMiddleware stored it under a key that did not include the Cookie header, because Vary: Cookie is added by layers above it."
		d.Fix = "Put UpdateCacheMiddleware first in MIDDLEWARE, above SessionMiddleware and every other layer that adds to Vary, and FetchFromCacheMiddleware last."
	case res.Escaped != "":
		d.Step = findStep(steps, func(s Step) bool { return strings.HasPrefix(s.Result, "raise ") })
		d.Reason = res.Outcome()
	case res.Exception != nil && res.AnsweredAt >= 0:
		d.Step = findStep(steps, func(s Step) bool { return s.Layer == res.AnsweredAt && strings.HasPrefix(s.Result, "raise ") })
	case res.AnsweredAt >= 0 && res.AnsweredBy != "view":
		d.Step = findStep(steps, func(s Step) bool {
			return s.Layer == res.AnsweredAt && s.Result != "" && s.Result != "none" && (s.Kind == "process_request" || s.Kind == "process_view" || s.Kind == "exit" || s.Kind == "process_exception")
		})
	case exp.User != "" && !userMatches(exp.User, res):
		d.Step = userLostAt(steps, exp.User)
		if setter := userSetAt(steps, exp.User); setter >= 0 && d.Step >= 0 && steps[setter].Class != steps[d.Step].Class {
			set, lost := steps[setter], steps[d.Step]
			d.Reason = reasonNear(steps, d.Step)
			if d.Reason == "" {
				d.Reason = lost.Class + " replaced request.user after " + set.Class + " had set it to " + exp.User + "."
			}
			d.Fix = placementOf(set.Class)
		}
	default:
		d.Step = findStep(steps, func(s Step) bool { return s.Kind == "view" })
	}
	if d.Step >= 0 {
		d.Layer = steps[d.Step].Layer
		if d.Reason == "" {
			d.Reason = reasonNear(steps, d.Step)
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

// missingCapability explains a failure no layer caused: the stack has
// nothing that handles this kind of request at all.
func missingCapability(req Request, steps []Step) string {
	present := map[string]bool{}
	for _, s := range steps {
		if s.Kind == "enter" {
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
	case containsPrefix(req.Auth, "jwt") && !present["JWTMiddleware"] && !present["SilentJWTMiddleware"]:
		return "Nothing in this stack reads the Authorization: Bearer token: add " + PathJWT + " below AuthenticationMiddleware."
	}
	return ""
}

func headerValue(h map[string]string, name string) (string, bool) {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// userSetAt is the first step at which request.user was the wanted user:
// the layer that set it.
func userSetAt(steps []Step, want string) int {
	return findStep(steps, func(s Step) bool { return s.User == want && s.Layer >= 0 })
}

func placementOf(class string) string {
	for _, m := range catalog {
		if m.Class == class {
			return class + ": " + m.Placement
		}
	}
	return ""
}

func userMatches(want string, res *Result) bool {
	if res.UserAtView == nil {
		return false
	}
	got := *res.UserAtView
	return got == want || (want == "anonymous" && got == "lazy")
}

func findStep(steps []Step, pred func(Step) bool) int {
	for i, s := range steps {
		if pred(s) {
			return i
		}
	}
	return -1
}

// userLostAt finds where request.user stopped being the expected user:
// the first step after the last one that saw it, or else the step that
// explains why it never was.
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
				// The step before the change did it.
				return i - 1
			}
		}
	}
	for i, s := range steps {
		if s.Kind == "work" && s.Layer >= 0 && strings.Contains(s.Reason, "request.user") {
			return i
		}
		if s.Kind == "work" && s.Layer >= 0 && strings.Contains(s.Reason, "JWT") {
			return i
		}
	}
	return findStep(steps, func(s Step) bool { return s.Kind == "view" })
}

// reasonNear picks the plain-language reason recorded at a step or just
// before it by the same layer.
func reasonNear(steps []Step, i int) string {
	layer := steps[i].Layer
	if r := steps[i].Reason; r != "" && !strings.HasPrefix(r, "replaced the response") {
		return r
	}
	for j := i + 1; j < len(steps) && j <= i+3; j++ {
		if steps[j].Layer == layer && steps[j].Kind == "work" && steps[j].Reason != "" && steps[j].CostMicros == 0 {
			return steps[j].Reason
		}
	}
	for j := i - 1; j >= 0; j-- {
		s := steps[j]
		if s.Layer != layer {
			if s.Kind != "work" {
				break
			}
			continue
		}
		if s.Kind == "work" && s.Reason != "" && s.CostMicros == 0 {
			return s.Reason
		}
	}
	return ""
}

// fixFor suggests what to change, from the catalog's placement advice for
// the layer at fault.
func fixFor(steps []Step, d Diagnosis) string {
	if d.Layer < 0 || d.Step < 0 {
		if strings.Contains(d.Reason, "no URL pattern") {
			return "The path does not exist on the demo site; check the request."
		}
		return ""
	}
	return placementOf(steps[d.Step].Class)
}

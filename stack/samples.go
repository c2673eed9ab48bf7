package stack

// SampleRequests is the default set of requests the playground runs: each
// teaches a lesson and says what a well-built stack should do with it.
// Some fail on Django's default stack on purpose (nothing there reads a
// JWT, answers a CORS preflight or serves static files): the result says
// what is missing.
func SampleRequests() []Request {
	const external = "203.0.113.7"
	ran, skipped := ptrTo(true), ptrTo(false)
	return []Request{
		{ID: "alice-home", Label: "alice opens the home page in her browser", Path: "/", Auth: []string{"session:alice"}, Client: "alice",
			Expect: &Expectation{Status: 200, User: "alice", AnsweredBy: answeredByView, ViewRuns: ran, Text: "alice sees a page greeting her"}},
		{ID: "alice-dashboard", Label: "alice opens her dashboard", Path: "/dashboard/", Client: "alice",
			Expect: &Expectation{Status: 200, User: "alice", AnsweredBy: answeredByView, ViewRuns: ran, Text: "alice sees her dashboard"}},
		{ID: "alice-post-no-csrf", Label: "alice's browser POSTs to /api/data/ without a CSRF token", Path: "/api/data/", Method: "POST", Client: "alice",
			Expect: &Expectation{Status: 403, AnsweredBy: "CsrfViewMiddleware", ViewRuns: skipped, Text: "CSRF protection refuses a POST without a token"}},
		{ID: "alice-post-csrf", Label: "alice's browser POSTs to /api/data/ with a valid CSRF token", Path: "/api/data/", Method: "POST", Auth: []string{"csrf:valid"}, Client: "alice",
			Expect: &Expectation{Status: 200, User: "alice", AnsweredBy: answeredByView, ViewRuns: ran, Text: "a POST with a valid token goes through as alice"}},
		{ID: "guest-dashboard", Label: "an anonymous visitor opens /dashboard/", Path: "/dashboard/", Client: "guest",
			Expect: &Expectation{Status: 302, User: "anonymous", AnsweredBy: answeredByView, ViewRuns: ran, Text: "a visitor who is not logged in is sent to the login page"}},
		{ID: "jwt-valid", Label: "a mobile app calls /api/data/ with a valid JWT", Path: "/api/data/", Auth: []string{"jwt:alice"}, Client: "mobile",
			Expect: &Expectation{Status: 200, User: "alice", AnsweredBy: answeredByView, ViewRuns: ran, Text: "the API knows the app is alice"}},
		{ID: "jwt-expired", Label: "the mobile app calls /api/data/ with an expired JWT", Path: "/api/data/", Auth: []string{"jwt-expired:alice"}, Client: "mobile-old",
			Expect: &Expectation{Status: 401, User: "anonymous", AnsweredBy: answeredByView, ViewRuns: ran, Text: "an expired token is refused with 401"}},
		{ID: "webhook", Label: "a payment provider POSTs a webhook from outside", Path: "/api/webhooks/", Method: "POST", RemoteAddr: external, Client: "provider",
			Expect: &Expectation{Status: 200, AnsweredBy: answeredByView, ViewRuns: ran, Text: "the webhook is accepted (it is csrf_exempt)"}},
		{ID: "health", Label: "the load balancer checks /health/ from outside", Path: "/health/", RemoteAddr: external, Client: "monitor",
			Expect: &Expectation{Status: 200, AnsweredBy: answeredByView, ViewRuns: ran, Text: "the health check answers ok"}},
		{ID: "cors-preflight", Label: "the SPA at app.example.com sends a CORS preflight", Path: "/api/data/", Method: "OPTIONS", Client: "spa",
			Headers: map[string]string{"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"},
			Expect:  &Expectation{Status: 200, AnsweredBy: "CorsMiddleware", ViewRuns: skipped, Text: "the preflight is answered 200 with CORS headers"}},
		{ID: "static", Label: "a browser loads /static/app.css", Path: "/static/app.css", Client: "guest",
			Expect: &Expectation{Status: 200, AnsweredBy: "WhiteNoiseMiddleware", ViewRuns: skipped, Text: "the stylesheet is served"}},
		{ID: "boom", Label: "a view raises an exception", Path: "/boom/", Client: "guest",
			Expect: &Expectation{Status: 500, AnsweredBy: answeredByView, ViewRuns: ran, Text: "a bug in a view is a 500, and the error page still gets the security headers"}},
		{ID: "cache-alice", Label: "alice opens the home page (first visit of the cached page)", Path: "/", Client: "alice",
			Expect: &Expectation{Status: 200, User: "alice", AnsweredBy: answeredByView, ViewRuns: ran, Text: "alice sees her own greeting"}},
		{ID: "cache-guest", Label: "then an anonymous visitor opens the same page", Path: "/", Client: "guest",
			Expect: &Expectation{Status: 200, User: "anonymous", AnsweredBy: answeredByView, ViewRuns: ran, Text: "the visitor sees 'Hello guest', never alice's page"}},
	}
}

// answeredByView is Result.AnsweredBy for a response the view made.
const answeredByView = "view"

func ptrTo[T any](v T) *T { return &v }

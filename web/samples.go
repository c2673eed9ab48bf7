package web

import (
	"github.com/middleware-playground/playground/stack"
)

// sampleRequests is the request set a fresh playground starts with: the
// engine's own (stack.SampleRequests) once it has one, else a stopgap
// covering the same lessons so the page is useful meanwhile.
func sampleRequests() []stack.Request {
	if rs := stack.SampleRequests(); len(rs) > 0 {
		return rs
	}
	return fallbackRequests()
}

func expect(status int, user string) *stack.Expectation {
	return &stack.Expectation{Status: status, User: user}
}

// fallbackRequests stands in for stack.SampleRequests until the engine
// ships its set; its expectations are what the default stack does.
func fallbackRequests() []stack.Request {
	const outside = "203.0.113.7"
	return []stack.Request{
		{Label: "alice sees the home page", Path: "/", Auth: []string{"session:alice"}, Expect: expect(200, "alice")},
		{Label: "alice sees her dashboard", Path: "/dashboard/", Auth: []string{"session:alice"}, Expect: expect(200, "alice")},
		{Label: "alice's POST without a CSRF token is refused", Method: "POST", Path: "/api/data/", Auth: []string{"session:alice"}, Expect: expect(403, "")},
		{Label: "alice's POST with a CSRF token goes through", Method: "POST", Path: "/api/data/", Auth: []string{"session:alice", "csrf:valid"}, Expect: expect(200, "alice")},
		{Label: "an anonymous visitor is sent to log in", Path: "/dashboard/", Client: "B", Expect: expect(302, "anonymous")},
		{Label: "an API client with a valid JWT gets its data", Path: "/api/data/", Client: "C", Auth: []string{"jwt:alice"}},
		{Label: "an API client with an expired JWT is refused", Path: "/api/data/", Client: "C", Auth: []string{"jwt-expired:alice"}, Expect: expect(401, "anonymous")},
		{Label: "a webhook from outside is accepted", Method: "POST", Path: "/api/webhooks/", Client: "E", RemoteAddr: outside, Expect: expect(200, "")},
		{Label: "a health check from outside answers", Path: "/health/", Client: "D", RemoteAddr: outside, Expect: expect(200, "")},
		{Label: "the app's CORS preflight is answered", Method: "OPTIONS", Path: "/api/data/", Client: "C",
			Headers: map[string]string{"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"}},
		{Label: "a static file is served", Path: "/static/app.css", Client: "D"},
		{Label: "a view that raises gives a 500", Path: "/boom/", Client: "E", Expect: expect(500, "")},
		{Label: "alice opens the home page", Path: "/", Client: "A", Auth: []string{"session:alice"}, Expect: expect(200, "alice")},
		{Label: "then a stranger must not get alice's page", Path: "/", Client: "B", Expect: expect(200, "anonymous")},
	}
}

// credSlots are the request editor's credential menus; values are the
// engine's auth strings (see the conformance README).
var credSlots = []struct {
	name, label string
	options     [][2]string
}{
	{"session", "Session cookie", [][2]string{{"", "none"}, {"session:alice", "alice logged in"}, {"session:bob", "bob logged in (staff)"}, {"session:mallory", "mallory (inactive)"}, {"session:stale", "a stale session cookie"}}},
	{"jwt", "Bearer token", [][2]string{{"", "none"}, {"jwt:alice", "JWT for alice"}, {"jwt-expired:alice", "expired JWT for alice"}, {"jwt-badsig:alice", "JWT with a bad signature"}, {"jwt:ghost", "JWT for a deleted user"}, {"bearer-malformed", "malformed Bearer header"}}},
	{"token", "DRF token", [][2]string{{"", "none"}, {"token:alice", "Token for alice"}}},
	{"csrf", "CSRF", [][2]string{{"", "none"}, {"csrf:valid", "cookie and matching header"}, {"csrf:cookie-only", "cookie, no header"}, {"csrf:mismatch", "header does not match cookie"}}},
}

// clients are the browsers (cookie jars) a request can come from.
var clients = [][2]string{{"A", "browser A"}, {"B", "browser B"}, {"C", "API client C"}, {"D", "monitor D"}, {"E", "outside service E"}}

package web

import (
	"github.com/middleware-playground/playground/stack"
)

// sampleRequests is the request set a fresh playground starts with.
func sampleRequests() []stack.Request { return stack.SampleRequests() }

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

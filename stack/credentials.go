package stack

import (
	"fmt"
	"strings"
)

// CredentialGroup is one kind of credential a sample request can carry,
// with every value the engine accepts for it.
type CredentialGroup struct {
	// Name is the kind, the part of a value before the colon.
	Name  string       `json:"name"`
	Label string       `json:"label"`
	Items []Credential `json:"items"`
	// AnyName says "NAME" may be any name: one that is no user stands
	// for a user id that does not exist (jwt:ghost).
	AnyName bool `json:"any_name,omitempty"`
}

// Credential is one value of a request's "auth" list, as the conformance
// README defines it, with what it means.
type Credential struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Credentials lists every credential the engine knows: the one list the
// validation, the request editor and the API read.
func Credentials() []CredentialGroup {
	return []CredentialGroup{
		{Name: "session", Label: "Session cookie", Items: []Credential{
			{"session:alice", "alice logged in"}, {"session:bob", "bob logged in (staff)"},
			{"session:mallory", "mallory (inactive)"}, {"session:stale", "a stale session cookie"}}},
		{Name: "jwt", Label: "Bearer token", AnyName: true, Items: []Credential{
			{"jwt:alice", "JWT for alice"}, {"jwt:bob", "JWT for bob"}, {"jwt:mallory", "JWT for mallory (inactive)"},
			{"jwt:ghost", "JWT for a deleted user"},
			{"jwt-expired:alice", "expired JWT for alice"}, {"jwt-expired:bob", "expired JWT for bob"},
			{"jwt-expired:mallory", "expired JWT for mallory"},
			{"jwt-badsig:alice", "JWT for alice with a bad signature"}, {"jwt-badsig:bob", "JWT for bob with a bad signature"},
			{"jwt-badsig:mallory", "JWT for mallory with a bad signature"},
			{"bearer-malformed", "malformed Bearer header"}}},
		{Name: "token", Label: "DRF token", Items: []Credential{
			{"token:alice", "Token for alice"}, {"token:bob", "Token for bob"}, {"token:mallory", "Token for mallory (inactive)"}}},
		{Name: "csrf", Label: "CSRF", Items: []Credential{
			{"csrf:valid", "cookie and matching header"}, {"csrf:cookie-only", "cookie, no header"},
			{"csrf:mismatch", "header does not match cookie"},
			{"csrf:legacy-masked", "masked cookie as Django up to 4.0 set it, same value in the header"},
			{"csrf:form-token", "cookie and a freshly masked token of its secret, as a form carries"},
			{"csrf:bad-cookie", "malformed cookie, same value in the header"}}},
	}
}

// credentialLabels are Credentials by value, and credentialGroups their
// groups by kind (the part of a value before the colon).
var credentialLabels, credentialGroups = func() (map[string]string, map[string]string) {
	labels, groups := map[string]string{}, map[string]string{}
	for _, g := range Credentials() {
		for _, c := range g.Items {
			labels[c.Value] = c.Label
			kind, _, _ := strings.Cut(c.Value, ":")
			groups[kind] = g.Name
		}
	}
	return labels, groups
}()

// CredentialLabel is what a credential means, in words; the value itself
// when the engine does not know it.
func CredentialLabel(value string) string {
	if l, ok := credentialLabels[value]; ok {
		return l
	}
	return value
}

// validateCredential checks one auth entry of a scenario request.
func validateCredential(cred string) error {
	if _, ok := credentialLabels[cred]; ok {
		return nil
	}
	// jwt:NAME for a name that is no user: a token for a user id that
	// does not exist.
	if kind, who, _ := strings.Cut(cred, ":"); kind == "jwt" && who != "" {
		return nil
	}
	var known []string
	for _, g := range Credentials() {
		for _, c := range g.Items {
			known = append(known, c.Value)
		}
	}
	return fmt.Errorf("unknown credential %q; known: %s (jwt:NAME also takes a name that is no user)", cred, strings.Join(known, ", "))
}

// applyCredentials puts a request's credentials where the harness does:
// cookies in the client's jar, headers in META.
func (x *exec) applyCredentials(c *client, r *request, auth []string) {
	st := x.site
	// The harness stamps each JWT with the wall clock's second, and a
	// scenario runs within a second of real time, so two tokens for one
	// user are one token: a page cache varying on Authorization (5.2)
	// serves the second request the first one's page. Stamped with the
	// virtual clock, a second a request apart, each token would differ.
	issued := virtualEpoch / secondMicros
	for _, cred := range auth {
		kind, who, _ := strings.Cut(cred, ":")
		switch kind {
		case "session":
			if who == "stale" {
				c.jar.setSorted("sessionid", "stale0000000000000000000000000000")
			} else {
				c.jar.setSorted("sessionid", st.loginOutside(st.userByName(who)))
			}
		case "jwt":
			id := 9999
			if u := st.userByName(who); u != nil {
				id = u.id
			}
			r.meta.set("HTTP_AUTHORIZATION", "Bearer "+signJWT(id, issued+3600, st.settings.SecretKey))
		case "jwt-expired":
			r.meta.set("HTTP_AUTHORIZATION", "Bearer "+signJWT(st.userByName(who).id, issued-60, st.settings.SecretKey))
		case "jwt-badsig":
			r.meta.set("HTTP_AUTHORIZATION", "Bearer "+signJWT(st.userByName(who).id, issued+3600, "wrong-key"))
		case "token":
			r.meta.set("HTTP_AUTHORIZATION", "Token "+st.tokenFor(st.userByName(who)))
		case "bearer-malformed":
			r.meta.set("HTTP_AUTHORIZATION", "Bearer")
		case "csrf":
			var tok string
			switch who {
			case "legacy-masked":
				tok = st.maskSecret(st.csrfSecretOf(st.newCSRFCookie()))
			case "bad-cookie":
				tok = "not-a-csrf-token"
			default:
				tok = st.newCSRFCookie()
			}
			c.jar.setSorted("csrftoken", tok)
			switch who {
			case "valid", "legacy-masked", "bad-cookie":
				r.meta.set("HTTP_X_CSRFTOKEN", tok)
			case "mismatch":
				r.meta.set("HTTP_X_CSRFTOKEN", st.newCSRFCookie())
			case "form-token":
				r.meta.set("HTTP_X_CSRFTOKEN", st.maskSecret(st.csrfSecretOf(tok)))
			}
		}
	}
}

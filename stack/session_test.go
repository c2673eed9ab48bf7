package stack

import "testing"

// TestSessionUserJudgesAsGetUser: each way get_user turns session data
// into AnonymousUser, and the one way it finds the user.
func TestSessionUserJudgesAsGetUser(t *testing.T) {
	st := newSite(&defaultSettings, versions[DefaultVersion])
	alice, mallory := st.userByName("alice"), st.userByName("mallory")
	valid := st.sessions[st.loginOutside(alice)].data
	with := func(k, v string) strPairs {
		d := append(strPairs(nil), valid...)
		d.set(k, v)
		return d
	}
	without := func(k string) strPairs {
		var d strPairs
		for _, p := range valid {
			if p.k != k {
				d = append(d, p)
			}
		}
		return d
	}
	for _, c := range []struct {
		name string
		data strPairs
		want userMiss
	}{
		{"a valid login", valid, userFound},
		{"no session data", nil, userNotLoggedIn},
		{"no backend", without(sessionKeyBackend), userUnknownBackend},
		{"a backend the site does not have", with(sessionKeyBackend, "myapp.backends.Gone"), userUnknownBackend},
		{"a deleted user", with(sessionKeyUserID, "99"), userGoneOrInactive},
		{"an inactive user", with(sessionKeyUserID, itoa(mallory.id)), userGoneOrInactive},
		{"a changed password's hash", with(sessionKeyHash, "stale"), userHashMismatch},
		{"no hash", without(sessionKeyHash), userHashMismatch},
	} {
		u, _, miss := st.sessionUser(c.data.lookup)
		if miss != c.want || miss == userFound && u != alice {
			t.Errorf("%s: user %v, miss %d; want miss %d", c.name, u, miss, c.want)
		}
	}
}

// TestPeekReadsNothing: peeking at a session finds what a read would,
// and leaves it unloaded and unaccessed, so a response is unchanged.
func TestPeekReadsNothing(t *testing.T) {
	st := newSite(&defaultSettings, versions[DefaultVersion])
	x := &exec{site: st}
	key := st.loginOutside(st.userByName("alice"))
	s := newSession(x, key)
	if got, _ := s.peek().lookup(sessionKeyUserID); got != "1" || s.loaded || s.accessed {
		t.Errorf("peek found user id %q, loaded %v, accessed %v", got, s.loaded, s.accessed)
	}
	st.now = st.sessions[key].expire
	if d := s.peek(); d != nil {
		t.Errorf("an expired session peeks as %v, want nothing", d)
	}
	if d := newSession(x, "short").peek(); d != nil {
		t.Errorf("an invalid key peeks as %v", d)
	}
	// Once the request has read and changed its session, a peek sees the
	// change, as a read would.
	loaded := newSession(x, key)
	loaded.loaded, loaded.cache = true, strPairs{{sessionKeyUserID, "2"}}
	if got, _ := loaded.peek().lookup(sessionKeyUserID); got != "2" {
		t.Errorf("a loaded session peeks user id %q, want the request's 2", got)
	}
}

package stack

import (
	"slices"
	"strconv"
)

// session models a database-backed SessionStore: lazy, with Django's
// accessed and modified flags.
type session struct {
	x        *exec
	key      string   // "" is None
	cache    strPairs // a session holds a handful of keys
	loaded   bool
	accessed bool
	modified bool
}

// changed notes that what view shows (key, cache, loaded, modified) may
// have changed; every write to those fields is in this file and is
// followed by changed() before anything can record a step.
func (s *session) changed() { s.x.stateChanged = true }

// verifyMemos makes beginStep work out the step state at every step and
// check nothing changed it unannounced; tests set it.
var verifyMemos = false

func newSession(x *exec, key string) *session {
	s := x.h.rec.newSession(session{x: x})
	s.setKey(key)
	return s
}

// setKey validates a key as SessionBase._set_session_key does.
func (s *session) setKey(k string) {
	if len(k) >= 8 {
		s.key = k
	} else {
		s.key = ""
	}
	s.changed()
}

// data is SessionBase._get_session: any access marks the session accessed
// and loads it once.
func (s *session) data() strPairs {
	s.accessed = true
	if s.loaded {
		return s.cache
	}
	s.loaded = true
	s.cache = nil
	s.changed()
	if s.key == "" {
		return s.cache
	}
	st := s.x.site
	stored, ok := st.sessions[s.key]
	s.x.workAbout("session_load", whyLoadedSession, s.key)
	if !ok || stored.expire <= st.now {
		s.x.note("no session " + shortKey(s.key) + " in the database: the cookie is stale")
		s.key = ""
		s.changed()
		return s.cache
	}
	s.cache = slices.Clone(stored.data)
	s.changed()
	return s.cache
}

func (s *session) get(k string) (string, bool) {
	return s.data().lookup(k)
}

func (s *session) set(k, v string) {
	s.data()
	s.cache.set(k, v)
	s.modified = true
	s.changed()
}

// isEmpty is SessionBase.is_empty: a cookie whose session was never loaded
// is not empty.
func (s *session) isEmpty() bool {
	if !s.loaded {
		return s.key == ""
	}
	return s.key == "" && len(s.cache) == 0
}

func (s *session) clear() {
	s.cache = nil
	s.loaded = true
	s.accessed = true
	s.modified = true
	s.changed()
}

func (s *session) flush() {
	s.clear()
	s.delete("")
	s.key = ""
	s.changed()
}

func (s *session) delete(key string) {
	if key == "" {
		key = s.key
	}
	if key == "" {
		return
	}
	delete(s.x.site.sessions, key)
}

// cycleKey keeps the data under a brand-new key, as login does.
func (s *session) cycleKey() {
	data := s.data()
	old := s.key
	s.create()
	s.cache = data
	s.changed()
	if old != "" {
		s.delete(old)
	}
}

func (s *session) create() {
	s.key = s.x.site.newSessionKey()
	s.changed()
	s.save(true)
	s.modified = true
	s.changed()
}

func (s *session) save(mustCreate bool) {
	st := s.x.site
	if s.key == "" {
		s.create()
		return
	}
	if mustCreate {
		s.accessed = true
		if !s.loaded {
			s.loaded = true
			s.cache = nil
			s.changed()
		}
	}
	st.sessions[s.key] = newStoredSession(s.data(), st.now+int64(st.settings.SessionCookieAge)*secondMicros)
	s.x.workAbout("session_save", whySavedSession, s.key)
}

// sessionView is what a step shows of request.session. It is kept as
// values and spelled out (String) only when a step is expanded: a state is
// recorded several times a request, and most are never read.
type sessionView struct {
	key   string // "" is None
	uid   string // the user id the session holds, with sessionHasUser
	flags sessionFlags
}

type sessionFlags uint8

const (
	sessionAbsent sessionFlags = 1 << iota // no request.session at all
	sessionLoaded
	sessionModified
	sessionHasUser
	sessionEmpty
)

func (s *session) view() sessionView {
	if s == nil {
		return sessionView{flags: sessionAbsent}
	}
	v := sessionView{key: s.key}
	if !s.loaded {
		return v
	}
	v.flags = sessionLoaded
	if id, ok := s.cache.lookup(sessionKeyUserID); ok {
		v.uid, v.flags = id, v.flags|sessionHasUser
	} else if len(s.cache) == 0 {
		v.flags |= sessionEmpty
	}
	if s.modified {
		v.flags |= sessionModified
	}
	return v
}

func (v *sessionView) same(o *sessionView) bool {
	return v.flags == o.flags && sameString(v.key, o.key) && sameString(v.uid, o.uid)
}

// String is the session as the trace shows it: "none", "empty, not
// loaded", "cookie 1a2b3c4d…, not loaded", "loaded 1a2b3c4d…, user id 1,
// modified", ...
func (v sessionView) String() string {
	switch {
	case v.flags&sessionAbsent != 0:
		return "none"
	case v.flags&sessionLoaded == 0 && v.key == "":
		return "empty, not loaded"
	case v.flags&sessionLoaded == 0:
		return "cookie " + shortKey(v.key) + ", not loaded"
	}
	state, key := "new", ""
	if v.key != "" {
		state, key = "loaded ", shortKey(v.key)
	}
	user, uid := "", ""
	switch {
	case v.flags&sessionHasUser != 0:
		user, uid = ", user id ", v.uid
	case v.flags&sessionEmpty != 0:
		user = ", empty"
	}
	modified := ""
	if v.flags&sessionModified != 0 {
		modified = ", modified"
	}
	return state + key + user + uid + modified
}

// shortKey is how the trace shows a session key: its first 8 characters
// and an ellipsis.
func shortKey(k string) string {
	if len(k) > 8 {
		return k[:8] + "…"
	}
	return k
}

// userAttr is request.user: either a lazy object that loads the user from
// the session on first use, or a concrete user set by some code.
type userAttr struct {
	lazy   bool
	value  *userValue // set when not lazy, or once evaluated
	source string
}

// userValue is a User or an AnonymousUser (user == nil).
type userValue struct {
	user   *dbUser
	source string
}

func (u *userValue) name() string {
	if u == nil || u.user == nil {
		return "anonymous"
	}
	return u.user.username
}

func (u *userValue) authenticated() bool { return u != nil && u.user != nil }

// evaluateUser forces request.user, loading it as
// django.contrib.auth.get_user would.
func (x *exec) evaluateUser(r *request) *userValue {
	if r.user == nil {
		return nil
	}
	if r.user.value != nil {
		return r.user.value
	}
	if r.cachedUser == nil {
		r.cachedUser = x.getUser(r)
	}
	r.user.value = r.cachedUser
	x.stateChanged = true
	return r.user.value
}

// getUser is django.contrib.auth.get_user.
func (x *exec) getUser(r *request) *userValue {
	anon := func() *userValue { return &userValue{source: "session"} }
	uid, ok := r.session.get(sessionKeyUserID)
	if !ok {
		x.note("request.user: the session has no logged-in user, so AnonymousUser")
		return anon()
	}
	backend, ok := r.session.get(sessionKeyBackend)
	if !ok {
		return anon()
	}
	if backend != backendModel && backend != backendRemoteUser {
		return anon()
	}
	x.workAbout("user_load", whyLoadedUser, uid)
	var u *dbUser
	// Session user ids are written by itoa, so they parse back.
	if id, err := strconv.Atoi(uid); err == nil {
		u = x.site.userByID(id)
	}
	if u == nil || !u.isActive {
		if u != nil {
			x.note("request.user: " + u.username + " is inactive, so AnonymousUser")
		}
		return anon()
	}
	hash, _ := r.session.get(sessionKeyHash)
	if hash == "" || hash != u.sessionAuthHash(x.site.settings.SecretKey) {
		x.note("request.user: the session's password hash does not match, so the session is flushed")
		r.session.flush()
		return anon()
	}
	return &userValue{user: u, source: "session"}
}

// userState is what the trace calls request.user: absent, lazy (never
// evaluated), anonymous, or a username. With evaluate, a lazy user is
// forced first, as reading request.user does.
func (x *exec) userState(r *request, evaluate bool) string {
	if r.user == nil {
		return "absent"
	}
	if r.user.value == nil && !evaluate {
		return "lazy"
	}
	return x.evaluateUser(r).name()
}

// describeUser is request.user as a step shows it, and where it came
// from: attr is request.user, value what it was evaluated to then, if
// anything.
func describeUser(attr *userAttr, value *userValue) (string, string) {
	if attr == nil {
		return "absent", ""
	}
	if value == nil {
		return "lazy", attr.source
	}
	return value.name(), value.source
}

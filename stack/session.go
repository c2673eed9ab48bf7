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

func newSession(x *exec, key string) *session {
	s := &session{x: x}
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
	if s.key == "" {
		return s.cache
	}
	s.x.work("session_load", SessionLoaded, shortKey(s.key))
	stored, ok := s.stored()
	if !ok {
		s.x.note(SessionStale, shortKey(s.key))
		s.key = ""
		return s.cache
	}
	s.cache = slices.Clone(stored)
	return s.cache
}

// stored is the store's data for the session's key, unless there is none
// or it has expired by now.
func (s *session) stored() (strPairs, bool) {
	stored, ok := s.x.site.sessions[s.key]
	if !ok || stored.expire <= s.x.site.now {
		return nil, false
	}
	return stored.data, true
}

// peek is the session data a read would find now, without reading it:
// nothing is loaded, marked accessed or recorded.
func (s *session) peek() strPairs {
	if s.loaded {
		return s.cache
	}
	if s.key == "" {
		return nil
	}
	data, _ := s.stored()
	return data
}

func (s *session) get(k string) (string, bool) {
	return s.data().lookup(k)
}

func (s *session) set(k, v string) {
	s.data()
	s.cache.set(k, v)
	s.modified = true
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
}

func (s *session) flush() {
	s.clear()
	s.delete("")
	s.key = ""
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
	if old != "" {
		s.delete(old)
	}
}

func (s *session) create() {
	s.key = s.x.site.newSessionKey()
	s.save(true)
	s.modified = true
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
		}
	}
	st.sessions[s.key] = newStoredSession(s.data(), st.now+int64(st.settings.SessionCookieAge)*secondMicros)
	s.x.work("session_save", SessionSaved, shortKey(s.key))
}

// state is what a step shows of request.session, s being nil when
// there is no such attribute.
func (s *session) state() SessionState {
	if s == nil {
		return SessionState{Absent: true}
	}
	v := SessionState{Key: s.key, Loaded: s.loaded}
	if !s.loaded {
		return v
	}
	if id, ok := s.cache.lookup(sessionKeyUserID); ok {
		v.UserID = id
	} else if len(s.cache) == 0 {
		v.Empty = true
	}
	v.Modified = s.modified
	return v
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
	return r.user.value
}

// userMiss is why get_user finds no user in session data.
type userMiss int

const (
	userFound          userMiss = iota
	userNotLoggedIn             // no _auth_user_id
	userUnknownBackend          // no _auth_user_backend, or not a backend of the site
	userGoneOrInactive          // no such user, or is_active is False
	userHashMismatch            // _auth_user_hash is not the user's
)

// sessionUser is django.contrib.auth.get_user's judgement of session data
// read through get, without side effects of its own: the id it looks up,
// the user row it finds (also when it then refuses it, so a note can name
// them), and why it loads none. Only userFound means the user is logged in.
func (st *site) sessionUser(get func(string) (string, bool)) (u *dbUser, uid string, miss userMiss) {
	uid, ok := get(sessionKeyUserID)
	if !ok {
		return nil, "", userNotLoggedIn
	}
	backend, ok := get(sessionKeyBackend)
	if !ok || backend != backendModel && backend != backendRemoteUser {
		return nil, uid, userUnknownBackend
	}
	// Session user ids are written by itoa, so they parse back.
	if id, err := strconv.Atoi(uid); err == nil {
		u = st.userByID(id)
	}
	if u == nil || !u.isActive {
		return u, uid, userGoneOrInactive
	}
	if hash, _ := get(sessionKeyHash); hash == "" || hash != u.sessionAuthHash(st.settings.SecretKey) {
		return u, uid, userHashMismatch
	}
	return u, uid, userFound
}

// getUser is django.contrib.auth.get_user.
func (x *exec) getUser(r *request) *userValue {
	anon := &userValue{source: "session"}
	u, uid, miss := x.site.sessionUser(r.session.get)
	switch miss {
	case userNotLoggedIn:
		x.note(UserNotLoggedIn)
		return anon
	case userUnknownBackend:
		return anon
	}
	x.work("user_load", UserLoaded, uid)
	switch miss {
	case userGoneOrInactive:
		if u != nil {
			x.note(UserInactive, u.username)
		}
		return anon
	case userHashMismatch:
		x.note(UserHashMismatch)
		r.session.flush()
		return anon
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
// from.
func describeUser(attr *userAttr) (string, string) {
	switch {
	case attr == nil:
		return "absent", ""
	case attr.value == nil:
		return "lazy", attr.source
	}
	return attr.value.name(), attr.value.source
}

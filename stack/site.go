package stack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// TestServerHost is the host Django's test client sends, and its test
// environment adds to ALLOWED_HOSTS; the sample requests are made as it.
const TestServerHost = "testserver"

// WithTestServerHost is ALLOWED_HOSTS as Django's test environment sees
// it: with TestServerHost added, as setup_test_environment does. It says
// whether it had to add it.
func WithTestServerHost(hosts []any) ([]any, bool) {
	if slices.Contains(hosts, any(TestServerHost)) {
		return hosts, false
	}
	return append(slices.Clone(hosts), TestServerHost), true
}

// WithoutTestServerHost is ALLOWED_HOSTS as a project's settings.py would
// list it: without the host the test environment adds. It says whether
// there was one to leave out.
func WithoutTestServerHost(hosts []any) ([]any, bool) {
	if !slices.Contains(hosts, any(TestServerHost)) {
		return hosts, false
	}
	return slices.DeleteFunc(slices.Clone(hosts), func(h any) bool { return h == TestServerHost }), true
}

// site is the demo project's state, shared by every request of a scenario:
// the database (users, sessions, API tokens), the local-memory cache, the
// language the worker thread has active, and the virtual clock.
type site struct {
	settings *Settings
	version  *version
	users    []*dbUser
	sessions map[string]*storedSession
	tokens   map[string]*dbUser // DRF authtoken key -> user
	cache    map[string]cacheEntry
	// activeLanguage is the thread's active translation, which Django 3.2
	// never resets between requests.
	activeLanguage string
	// now is the virtual wall clock, in microseconds since the Unix epoch.
	now int64
	// rng draws session keys and CSRF tokens from a fixed seed, so the
	// same scenario always gives the same trace.
	rng *rand.Rand
}

// virtualEpoch is when every simulation starts: a fixed instant, so traces
// are reproducible.
var virtualEpoch = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC).UnixMicro()

type dbUser struct {
	id       int
	username string
	password string
	isStaff  bool
	isActive bool
	authHash string
}

// sessionAuthHash stands in for AbstractBaseUser.get_session_auth_hash: an
// HMAC of the password hash, so changing the password ends sessions.
func (u *dbUser) sessionAuthHash(secret string) string {
	if u.authHash == "" {
		m := hmac.New(sha256.New, []byte("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"+secret))
		m.Write([]byte(u.password))
		u.authHash = hex.EncodeToString(m.Sum(nil))
	}
	return u.authHash
}

type storedSession struct {
	data   strPairs
	expire int64
}

// newStoredSession stores a copy of data.
func newStoredSession(data strPairs, expire int64) *storedSession {
	ss := &storedSession{expire: expire, data: slices.Clone(data)}
	return ss
}

type cacheEntry struct {
	value   any
	expires int64
}

const (
	backendModel      = "django.contrib.auth.backends.ModelBackend"
	backendRemoteUser = "django.contrib.auth.backends.RemoteUserBackend"
	sessionKeyUserID  = "_auth_user_id"
	sessionKeyBackend = "_auth_user_backend"
	sessionKeyHash    = "_auth_user_hash"
	sessionKeyCSRF    = "_csrftoken"
)

func newSite(s *Settings, v *version) *site {
	st := &site{
		settings: s,
		version:  v,
		sessions: map[string]*storedSession{},
		tokens:   map[string]*dbUser{},
		cache:    map[string]cacheEntry{},
		now:      virtualEpoch,
	}
	st.rng = rand.New(rand.NewPCG(0x5eed, 0xd1a60))
	st.users = []*dbUser{
		{id: 1, username: "alice", password: "wonderland", isActive: true},
		{id: 2, username: "bob", password: "builder", isStaff: true, isActive: true},
		{id: 3, username: "mallory", password: "x", isActive: false},
	}
	return st
}

func (s *site) userByName(name string) *dbUser {
	for _, u := range s.users {
		if u.username == name {
			return u
		}
	}
	return nil
}

func (s *site) userByID(id int) *dbUser {
	for _, u := range s.users {
		if u.id == id {
			return u
		}
	}
	return nil
}

const (
	lowerDigits  = "abcdefghijklmnopqrstuvwxyz0123456789"
	csrfAllowed  = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	hexDigits    = "0123456789abcdef"
	secondMicros = int64(time.Second / time.Microsecond)
)

// randomString draws n characters of alphabet, as get_random_string does.
func (s *site) randomString(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[s.rng.IntN(len(alphabet))]
	}
	return string(b)
}

// newSessionKey is SessionBase._get_new_session_key.
func (s *site) newSessionKey() string {
	for {
		k := s.randomString(32, lowerDigits)
		if _, taken := s.sessions[k]; !taken {
			return k
		}
	}
}

// loginOutside makes a valid session for a user the way the test client's
// force_login does, outside the stack under test, and returns its key.
func (s *site) loginOutside(u *dbUser) string {
	key := s.newSessionKey()
	s.sessions[key] = &storedSession{
		expire: s.now + int64(s.settings.SessionCookieAge)*secondMicros,
		data: strPairs{
			{sessionKeyUserID, itoa(u.id)},
			{sessionKeyBackend, backendModel},
			{sessionKeyHash, u.sessionAuthHash(s.settings.SecretKey)},
		},
	}
	return key
}

// tokenFor is Token.objects.get_or_create(user=u).key.
func (s *site) tokenFor(u *dbUser) string {
	for k, owner := range s.tokens {
		if owner == u {
			return k
		}
	}
	k := s.randomString(40, hexDigits)
	s.tokens[k] = u
	return k
}

func (s *site) cacheGet(key string) (any, bool) {
	e, ok := s.cache[key]
	if !ok {
		return nil, false
	}
	if e.expires <= s.now {
		delete(s.cache, key)
		return nil, false
	}
	return e.value, true
}

func (s *site) cacheSet(key string, v any, timeoutSeconds int) {
	s.cache[key] = cacheEntry{value: v, expires: s.now + int64(timeoutSeconds)*secondMicros}
}

func itoa(i int) string { return strconv.Itoa(i) }

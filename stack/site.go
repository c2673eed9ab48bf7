package stack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

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
	// rng is the PCG source itself: randomString draws from it without
	// an interface call.
	rng rand.PCG
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
	if u.authHash != "" {
		return u.authHash
	}
	k := authHashKey{secret, u.password}
	if h, ok := authHashes.Load(k); ok {
		u.authHash = h.(string)
		return u.authHash
	}
	m := hmac.New(sha256.New, []byte("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"+secret))
	m.Write([]byte(u.password))
	u.authHash = hex.EncodeToString(m.Sum(nil))
	if nAuthHashes.Add(1) <= maxAuthHashes {
		authHashes.Store(k, u.authHash)
	}
	return u.authHash
}

// authHashes memoises the HMAC behind sessionAuthHash across simulations:
// each simulation has users of its own, but nearly always the demo users
// with the default SECRET_KEY. It is bounded, as secrets come from
// scenarios.
var (
	authHashes    sync.Map // authHashKey -> string
	nAuthHashes   atomic.Int32
	maxAuthHashes int32 = 1024
)

type authHashKey struct{ secret, password string }

type storedSession struct {
	data   strPairs
	expire int64
	// buf backs data, so that a stored session of a few keys is one
	// allocation.
	buf [4]strPair
}

// newStoredSession stores a copy of data.
func newStoredSession(data strPairs, expire int64) *storedSession {
	ss := &storedSession{expire: expire}
	ss.data = append(ss.buf[:0], data...)
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
	st.rng.Seed(0x5eed, 0xd1a60)
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

// randomString draws n characters of alphabet (at most 256 of them).
// Keys and tokens are made for almost every request, so one 64-bit draw
// gives several characters: each multiplies what is left of the draw by
// the alphabet's size and takes the whole part, as an arithmetic decoder
// would, and a fresh draw comes while at least log2(size) bits are left
// unused, so every character stays all but exactly uniform.
func (s *site) randomString(n int, alphabet string) string {
	// Keys and tokens are at most 64 bytes: built on the stack, they
	// cost one allocation, the string's.
	var buf [64]byte
	b := buf[:0]
	if n > len(buf) {
		b = make([]byte, 0, n)
	}
	b = b[:n]
	size := uint64(len(alphabet))
	perDraw := 64/bits.Len64(size) - 1
	var draw uint64
	left := 0
	for i := range b {
		if left == 0 {
			draw, left = s.rng.Uint64(), perDraw
		}
		var c uint64
		c, draw = bits.Mul64(draw, size)
		b[i] = alphabet[c]
		left--
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
	ss := &storedSession{expire: s.now + int64(s.settings.SessionCookieAge)*secondMicros}
	ss.buf[0] = strPair{sessionKeyUserID, itoa(u.id)}
	ss.buf[1] = strPair{sessionKeyBackend, backendModel}
	ss.buf[2] = strPair{sessionKeyHash, u.sessionAuthHash(s.settings.SecretKey)}
	ss.data = ss.buf[:3]
	s.sessions[key] = ss
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

// smallInts are itoa's answers below 1000, made once: statuses, body
// lengths and ids are formatted for every request.
var smallInts = func() (t [1000]string) {
	for i := range t {
		t[i] = strconv.Itoa(i)
	}
	return t
}()

func itoa(i int) string {
	if 0 <= i && i < len(smallInts) {
		return smallInts[i]
	}
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}

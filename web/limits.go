package web

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Limits bound what anonymous clients can make the server do and store.
// Zero fields take the defaults below (see DefaultLimits).
type Limits struct {
	// Concurrent is how many simulations, runs, pastes and writes run at
	// once; more wait up to QueueWait for a slot, then get 503.
	Concurrent int
	QueueWait  time.Duration
	// Shares and Progress are each client's allowance of new shares and of
	// progress writes (429 past it).
	Shares   Rate
	Progress Rate
}

// Rate is a token bucket: Burst at once, then one more every Every.
type Rate struct {
	Burst int
	Every time.Duration
}

func (r Rate) String() string { return fmt.Sprintf("%d at once, then one every %s", r.Burst, r.Every) }

// DefaultLimits are what a public playground on a small machine runs with.
func DefaultLimits() Limits {
	return Limits{
		// One simulation per core keeps every core busy and no more: past
		// that, extra work only makes every answer slower.
		Concurrent: runtime.GOMAXPROCS(0),
		QueueWait:  time.Second,
		// A share is at most 64 KiB and kept for ever: 20 at once, then
		// 3 a minute, is 11 MiB an hour from one address at the worst.
		Shares: Rate{Burst: 20, Every: 20 * time.Second},
		// Every check of an exercise writes progress: a learner dragging
		// fast makes a few a second for a while.
		Progress: Rate{Burst: 120, Every: 500 * time.Millisecond},
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.Concurrent <= 0 {
		l.Concurrent = d.Concurrent
	}
	if l.QueueWait <= 0 {
		l.QueueWait = d.QueueWait
	}
	if l.Shares.Burst <= 0 || l.Shares.Every <= 0 {
		l.Shares = d.Shares
	}
	if l.Progress.Burst <= 0 || l.Progress.Every <= 0 {
		l.Progress = d.Progress
	}
	return l
}

// admission lets a bounded number of expensive requests run at once. The
// rest wait in line for a while, then are told to come back: a crowd of
// heavy simulations then makes each of them wait, not every request the
// server has (pages and /healthz do not go through it).
type admission struct {
	slots   chan struct{}
	wait    time.Duration
	waiting atomic.Int64
	// maxWaiting bounds the line, so a flood cannot park an unbounded
	// number of goroutines.
	maxWaiting int64
}

func newAdmission(n int, wait time.Duration) *admission {
	return &admission{slots: make(chan struct{}, n), wait: wait, maxWaiting: int64(64 * n)}
}

var errBusy = &apiError{status: http.StatusServiceUnavailable, msg: "the playground is busy right now; try again in a moment", retryAfter: 1}

// acquire takes a slot, waiting up to a.wait; release gives it back.
func (a *admission) acquire(ctx context.Context) error {
	select {
	case a.slots <- struct{}{}:
		return nil
	default:
	}
	if a.waiting.Add(1) > a.maxWaiting {
		a.waiting.Add(-1)
		return errBusy
	}
	defer a.waiting.Add(-1)
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return nil
	case <-t.C:
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *admission) release() { <-a.slots }

// limit runs each request in a slot.
func (a *admission) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := a.acquire(r.Context()); err != nil {
			writeError(w, r, nil, err)
			return
		}
		defer a.release()
		next.ServeHTTP(w, r)
	})
}

// rateLimiter gives each client a token bucket. Clients are keyed by
// address, an IPv6 client by its /64 (one subscriber's whole network).
type rateLimiter struct {
	rate Rate
	now  func() time.Time
	what string

	mu      sync.Mutex
	buckets map[netip.Prefix]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxClients bounds the limiter's memory; past it, idle clients' buckets
// are dropped (a full bucket is the same as none).
const maxClients = 100_000

func newRateLimiter(rate Rate, what string) *rateLimiter {
	return &rateLimiter{rate: rate, now: time.Now, what: what, buckets: map[netip.Prefix]*bucket{}}
}

func clientPrefix(a netip.Addr) netip.Prefix {
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p
}

// allow takes a token from the client's bucket, or says how long until
// the next one.
func (l *rateLimiter) allow(a netip.Addr) (bool, time.Duration) {
	key := clientPrefix(a)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxClients {
			l.sweep(now)
		}
		b = &bucket{tokens: float64(l.rate.Burst), last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(float64(l.rate.Burst), b.tokens+float64(now.Sub(b.last))/float64(l.rate.Every))
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(l.rate.Every))
}

// sweep drops the buckets that have refilled. If every client is still
// active, it forgets them all rather than grow: being lenient for a moment
// beats running out of memory.
func (l *rateLimiter) sweep(now time.Time) {
	full := time.Duration(l.rate.Burst) * l.rate.Every
	for k, b := range l.buckets {
		if now.Sub(b.last) >= full {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxClients {
		clear(l.buckets)
	}
}

// limit answers 429 with Retry-After to a client past its allowance.
func (l *rateLimiter) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := l.check(r); err != nil {
			writeError(w, r, nil, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (l *rateLimiter) check(r *http.Request) error {
	ok, wait := l.allow(clientOf(r).addr)
	if ok {
		return nil
	}
	secs := int(math.Ceil(wait.Seconds()))
	return &apiError{status: http.StatusTooManyRequests, retryAfter: secs,
		msg: fmt.Sprintf("too many %s from your address (the limit is %s); try again in %d s", l.what, l.rate, secs)}
}

// exerciseWrites guards the exercise routes' POSTs, which all write: a
// shared answer counts against the share allowance, the rest against the
// progress allowance; a full database refuses them with 507 before any
// work; and they run in admission slots, since a check simulates.
func exerciseWrites(log *slog.Logger, adm *admission, shares, progress *rateLimiter, st ShareStore) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				next.ServeHTTP(w, r)
				return
			}
			quota := progress
			if strings.HasSuffix(r.URL.Path, "/share") {
				quota = shares
			}
			if err := quota.check(r); err != nil {
				writeError(w, r, nil, err)
				return
			}
			if err := st.CheckSpace(r.Context()); err != nil {
				writeError(w, r, log, err)
				return
			}
			adm.limit(next).ServeHTTP(w, r)
		})
	}
}

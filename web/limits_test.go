package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// Ensure the admission line lets n run, makes the next wait, and turns it
// away with a 503 and Retry-After when no slot frees in time.
func TestAdmission(t *testing.T) {
	a := newAdmission(2, 30*time.Millisecond)
	ctx := context.Background()
	for range 2 {
		if err := a.acquire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if err := a.acquire(ctx); !errors.Is(err, errBusy) || time.Since(start) < 30*time.Millisecond {
		t.Fatalf("third acquire = %v after %v, want errBusy after the wait", err, time.Since(start))
	}
	// A slot freed while waiting is taken.
	go func() { time.Sleep(5 * time.Millisecond); a.release() }()
	if err := a.acquire(ctx); err != nil {
		t.Fatalf("acquire while a slot frees = %v", err)
	}

	w := httptest.NewRecorder()
	a.limit(http.NotFoundHandler()).ServeHTTP(w, httptest.NewRequest("POST", "/api/simulate", nil))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("busy answer = %d, Retry-After %q, %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	// A full line refuses at once instead of parking goroutines.
	a.maxWaiting = 0
	start = time.Now()
	if err := a.acquire(ctx); !errors.Is(err, errBusy) || time.Since(start) > 20*time.Millisecond {
		t.Errorf("acquire on a full line = %v after %v", err, time.Since(start))
	}
}

// Ensure a client's bucket holds Burst, refills one per Every, is keyed by
// address (an IPv6 client by its /64), and stays bounded in memory.
func TestRateLimiter(t *testing.T) {
	now := time.Unix(1e9, 0)
	l := newRateLimiter(Rate{Burst: 3, Every: 10 * time.Second}, "things")
	l.now = func() time.Time { return now }
	a := netip.MustParseAddr("192.0.2.1")
	for i := range 3 {
		if ok, _ := l.allow(a); !ok {
			t.Fatalf("request %d refused within the burst", i)
		}
	}
	ok, wait := l.allow(a)
	if ok || wait != 10*time.Second {
		t.Fatalf("past the burst: ok=%v wait=%v", ok, wait)
	}
	if ok, _ := l.allow(netip.MustParseAddr("192.0.2.2")); !ok {
		t.Error("another address shares the first one's bucket")
	}
	now = now.Add(10 * time.Second)
	if ok, _ := l.allow(a); !ok {
		t.Error("no token after Every")
	}
	v6a, v6b := netip.MustParseAddr("2001:db8:1:2::1"), netip.MustParseAddr("2001:db8:1:2:ffff::9")
	for range 3 {
		l.allow(v6a)
	}
	if ok, _ := l.allow(v6b); ok {
		t.Error("two addresses in one IPv6 /64 have separate buckets")
	}
	for i := range maxClients + 10 {
		l.allow(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}))
	}
	if len(l.buckets) > maxClients {
		t.Errorf("%d buckets kept, bound is %d", len(l.buckets), maxClients)
	}
}

package web

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Ensure the page cache renders a page once however many ask together,
// keeps within its byte bound by dropping the least recently used, skips
// pages over the entry bound, and does not keep failures.
func TestPageCache(t *testing.T) {
	c := newPageCache(300, 150)
	var renders atomic.Int32
	page := func(s string) func() ([]byte, error) {
		return func() ([]byte, error) {
			renders.Add(1)
			time.Sleep(10 * time.Millisecond)
			return []byte(strings.Repeat(s, 100)), nil
		}
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if p, err := c.get("a", page("a")); err != nil || len(p.body.plain) != 100 || p.etag == "" {
				t.Errorf("get a = %d bytes, %q, %v", len(p.body.plain), p.etag, err)
			}
		}()
	}
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Fatalf("20 visitors at once caused %d renders, want 1", n)
	}
	c.get("b", page("b"))
	c.get("c", page("c"))
	c.get("a", page("a")) // a is now the most recent; b the least
	c.get("d", page("d")) // 400 bytes: b goes
	renders.Store(0)
	c.get("a", page("a"))
	c.get("b", page("b"))
	if n := renders.Load(); n != 1 {
		t.Errorf("after eviction: %d renders for a and b, want 1 (b only)", n)
	}
	if c.bytes > 300 {
		t.Errorf("cache holds %d bytes, bound is 300", c.bytes)
	}
	renders.Store(0)
	c.get("big", func() ([]byte, error) { renders.Add(1); return make([]byte, 200), nil })
	c.get("big", func() ([]byte, error) { renders.Add(1); return make([]byte, 200), nil })
	if renders.Load() != 2 {
		t.Error("a page over the entry bound was kept")
	}
	boom := errors.New("boom")
	if _, err := c.get("e", func() ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("failed render: %v", err)
	}
	if _, ok := c.lookup("e"); ok {
		t.Error("a failed render was cached")
	}
}

func TestEtagMatches(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   bool
	}{
		{`"abc"`, true}, {`W/"abc"`, true}, {`"x", "abc"`, true}, {`*`, true},
		{``, false}, {`"abcd"`, false}, {`abc`, false},
	} {
		if got := etagMatches(tt.header, `"abc"`); got != tt.want {
			t.Errorf("etagMatches(%q) = %v", tt.header, got)
		}
	}
}

package web

import (
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"
)

// renderedPage is a page rendered once and served as bytes to everyone.
type renderedPage struct {
	body encoded
	etag string
}

func newRenderedPage(body []byte) renderedPage {
	sum := sha256.Sum256(body)
	return renderedPage{body: encodeOnce(body, "text/html"), etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
}

// serve writes the page with its ETag; a browser revalidates on every
// visit (a new release changes the page) and gets a cheap 304. The body
// goes out in one Write (one system call): http.ServeContent copies
// through a 32 KiB buffer, three writes for the fresh page, for range
// requests no browser makes for a page.
func (p renderedPage) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("ETag", p.etag)
	h.Set("Cache-Control", "no-cache")
	if etagMatches(r.Header.Get("If-None-Match"), p.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	body := p.body.pick(w, r)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// etagMatches reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// pageCache keeps rendered pages of shares, least recently used out first,
// bounded in bytes. A share never changes, so its page (results included)
// is the same for every visitor: a popular link, or a heavy one opened
// again and again, costs one simulation, and page loads need no admission
// slot. Visitors arriving together for a page not yet cached wait for one
// render.
type pageCache struct {
	maxBytes, maxEntry int

	flight singleflight.Group
	mu     sync.Mutex
	bytes  int
	order  *list.List // of *cachedPage, most recent first
	byKey  map[string]*list.Element
}

type cachedPage struct {
	key  string
	page renderedPage
}

func newPageCache(maxBytes, maxEntry int) *pageCache {
	return &pageCache{maxBytes: maxBytes, maxEntry: maxEntry, order: list.New(), byKey: map[string]*list.Element{}}
}

// get returns the page for key, rendering it (once, however many ask at
// the same time) when it is not cached.
func (c *pageCache) get(key string, render func() ([]byte, error)) (renderedPage, error) {
	if p, ok := c.lookup(key); ok {
		return p, nil
	}
	v, err, _ := c.flight.Do(key, func() (any, error) {
		if p, ok := c.lookup(key); ok {
			return p, nil
		}
		body, err := render()
		if err != nil {
			return nil, err
		}
		p := newRenderedPage(body)
		c.add(key, p)
		return p, nil
	})
	if err != nil {
		return renderedPage{}, err
	}
	return v.(renderedPage), nil
}

func (c *pageCache) lookup(key string) (renderedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return renderedPage{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedPage).page, true
}

func (c *pageCache) add(key string, p renderedPage) {
	if p.body.size() > c.maxEntry {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; ok {
		return
	}
	c.byKey[key] = c.order.PushFront(&cachedPage{key: key, page: p})
	c.bytes += p.body.size()
	for c.bytes > c.maxBytes {
		old := c.order.Remove(c.order.Back()).(*cachedPage)
		delete(c.byKey, old.key)
		c.bytes -= old.page.body.size()
	}
}

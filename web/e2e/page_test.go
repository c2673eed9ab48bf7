package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// watchedServer is the playground behind a recorder of what the browser
// asked for and how each answer was encoded.
type watchedServer struct {
	*httptest.Server
	mu  sync.Mutex
	log []served
}

type served struct{ path, encoding string }

func newWatchedServer(t *testing.T) *watchedServer {
	t.Helper()
	h := newHandler(t)
	ws := &watchedServer{}
	ws.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		ws.mu.Lock()
		ws.log = append(ws.log, served{r.URL.Path, w.Header().Get("Content-Encoding")})
		ws.mu.Unlock()
	}))
	t.Cleanup(ws.Close)
	return ws
}

// take returns what was served since the last call.
func (ws *watchedServer) take() []served {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	out := ws.log
	ws.log = nil
	return out
}

// The page's static files are cached as immutable: a reload asks the
// server for the page and its data only. The page itself comes encoded.
func TestReloadFetchesNoStaticFile(t *testing.T) {
	ws := newWatchedServer(t)
	p := openTab(t, browser(t), ws.URL)
	first := ws.take()
	var statics int
	for _, s := range first {
		if s.path == "/" && s.encoding == "" {
			t.Errorf("/ was sent unencoded")
		}
		if strings.HasPrefix(s.path, "/static/") {
			statics++
		}
		if s.path == "/favicon.ico" {
			t.Errorf("the browser asked for /favicon.ico: a page lacks its icon link")
		}
	}
	if statics < 10 {
		t.Fatalf("the first load fetched %d static files: %v", statics, first)
	}
	p.run(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	again := ws.take()
	for _, s := range again {
		if strings.HasPrefix(s.path, "/static/") {
			t.Errorf("the reload asked for %s", s.path)
		}
	}
	t.Logf("first load: %d requests (%d static); reload: %v", len(first), statics, again)
}

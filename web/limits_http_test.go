package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/web"
	"github.com/middleware-playground/playground/web/store"
)

// Ensure a client past its share allowance gets 429 with Retry-After and
// a JSON error, and that behind a trusted proxy each client has its own.
func TestShareQuota(t *testing.T) {
	proxies, _ := web.ParseTrustedProxies("127.0.0.1")
	ts := newServerWith(t, web.Config{TrustedProxies: proxies, Limits: web.Limits{Shares: web.Rate{Burst: 3, Every: time.Hour}}})
	share := func(i int, client string) *http.Response {
		sc := defaultScenario()
		sc.Requests[0].Label = fmt.Sprint("share ", i)
		resp, _ := do(t, ts, "POST", "/api/share", scenarioJSON(t, sc), "X-Forwarded-For", client)
		return resp
	}
	for i := range 3 {
		if resp := share(i, "192.0.2.1"); resp.StatusCode != 200 {
			t.Fatalf("share %d = %d", i, resp.StatusCode)
		}
	}
	resp, body := do(t, ts, "POST", "/api/share", scenarioJSON(t, defaultScenario()), "X-Forwarded-For", "192.0.2.1")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(errorOf(t, body), "too many new shares") {
		t.Fatalf("fourth share = %d, Retry-After %q, %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if resp := share(9, "192.0.2.2"); resp.StatusCode != 200 {
		t.Errorf("another client's share = %d", resp.StatusCode)
	}
}

// Ensure a full database answers a new share with a clear 507.
func TestShare_Full(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "full.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.MaxBytes = 1
	ts := httptest.NewServer(web.NewServer(web.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: st}))
	defer ts.Close()
	resp, body := do(t, ts, "POST", "/api/share", scenarioJSON(t, defaultScenario()))
	if resp.StatusCode != http.StatusInsufficientStorage || !strings.Contains(errorOf(t, body), "storage is full") {
		t.Errorf("share into a full database = %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, ts, "POST", "/api/exercises/default-order/hint", `{}`)
	if resp.StatusCode != http.StatusInsufficientStorage {
		t.Errorf("progress write into a full database = %d %s", resp.StatusCode, body)
	}
}

// Ensure 400 simultaneous shares all succeed (they queue for the writer)
// and every acknowledged one reads back.
func TestShare_Burst(t *testing.T) {
	ts := newServerWith(t, web.Config{Limits: web.Limits{Shares: web.Rate{Burst: 1000, Every: time.Second}}})
	const n = 400
	type result struct {
		status int
		id     string
		label  string
	}
	results := make(chan result, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := defaultScenario()
			sc.Requests[0].Label = fmt.Sprintf("burst %d %s", i, strings.Repeat("x", 2000))
			body := scenarioJSON(t, sc)
			<-start
			req, _ := http.NewRequest("POST", ts.URL+"/api/share", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				results <- result{status: -1, label: err.Error()}
				return
			}
			defer resp.Body.Close()
			var got struct{ ID string }
			json.NewDecoder(resp.Body).Decode(&got)
			results <- result{status: resp.StatusCode, id: got.ID, label: sc.Requests[0].Label}
		}()
	}
	close(start)
	wg.Wait()
	close(results)
	for r := range results {
		if r.status != 200 {
			t.Errorf("a share in the burst = %d %s", r.status, r.label)
			continue
		}
		resp, stored := do(t, ts, "GET", "/api/share/"+r.id, "")
		sc, err := stack.ParseScenario([]byte(stored))
		if resp.StatusCode != 200 || err != nil || sc.Requests[0].Label != r.label {
			t.Errorf("acknowledged share %s does not read back: %d %v", r.id, resp.StatusCode, err)
		}
	}
}

// Ensure /healthz and the page never wait behind simulations: with one
// slot and no patience, heavy simulations are turned away, and health
// checks and page loads beside them are not.
func TestAdmission_HealthNotQueued(t *testing.T) {
	ts := newServerWith(t, web.Config{Limits: web.Limits{Concurrent: 1, QueueWait: time.Millisecond}})
	heavy := stack.Scenario{Middleware: stack.DefaultMiddleware()}
	for range stack.MaxRequests {
		heavy.Requests = append(heavy.Requests, stack.Request{Path: "/dashboard/", Auth: []string{"session:alice"}})
	}
	body := scenarioJSON(t, heavy)
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[string]map[int]int{"sim": {}, "health": {}, "page": {}}
	count := func(kind string, code int) {
		mu.Lock()
		statuses[kind][code]++
		mu.Unlock()
	}
	for range 16 {
		wg.Add(3)
		go func() {
			defer wg.Done()
			for range 5 {
				resp, _ := do(t, ts, "POST", "/api/simulate", body)
				count("sim", resp.StatusCode)
			}
		}()
		go func() {
			defer wg.Done()
			for range 5 {
				resp, _ := do(t, ts, "GET", "/healthz", "")
				count("health", resp.StatusCode)
			}
		}()
		go func() {
			defer wg.Done()
			for range 5 {
				resp, _ := do(t, ts, "GET", "/", "")
				count("page", resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	if statuses["sim"][503] == 0 {
		t.Fatalf("the simulations never filled the slot: %v", statuses["sim"])
	}
	if statuses["health"][200] != 80 || statuses["page"][200] != 80 {
		t.Errorf("health %v, page %v: want all 200", statuses["health"], statuses["page"])
	}
}

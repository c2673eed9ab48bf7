package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/middleware-playground/playground/stack"
)

// shareScenario stores sc on ts through the API and returns its id.
func shareScenario(t *testing.T, ts *httptest.Server, sc stack.Scenario) string {
	t.Helper()
	body, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := ts.Client().Post(ts.URL+"/api/share", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.ID == "" {
		t.Fatalf("share: %d %v", resp.StatusCode, err)
	}
	return out.ID
}

// frameTarget waits for the iframe target whose URL is url: a frame from
// another site runs as a target of its own.
func frameTarget(t *testing.T, p *page, url string) target.ID {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		infos, err := chromedp.Targets(p.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && info.URL == url {
				return info.TargetID
			}
		}
		if time.Now().After(deadline) {
			p.screenshot("no-frame")
			t.Fatalf("no iframe target for %s among %d targets", url, len(infos))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestEmbedInAnotherSitesPage puts a shared stack's embed in an <iframe>
// on a page from another server and another site (localhost against
// 127.0.0.1), opens a trace in it, and checks that the playground's own
// page refuses to sit in the same page.
func TestEmbedInAnotherSitesPage(t *testing.T) {
	ts := newServer(t)
	sc := stack.Scenario{Middleware: stack.DefaultMiddleware(), Requests: stack.SampleRequests()}
	sc.Middleware[1], sc.Middleware[4] = sc.Middleware[4], sc.Middleware[1]
	id := shareScenario(t, ts, sc)

	blog := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><body><h1>A blog post</h1>
<iframe id="embed" src="%[1]s/embed/%[2]s" width="800" height="700"></iframe>
<iframe id="main" src="%[1]s/" width="400" height="300"></iframe>
<script>
let loaded = 0;
for (const f of document.querySelectorAll('iframe')) f.addEventListener('load', () => { if (++loaded === 2) document.body.dataset.ready = 'true'; });
</script></body></html>`, ts.URL, id)
	}))
	t.Cleanup(blog.Close)
	blogURL := strings.Replace(blog.URL, "127.0.0.1", "localhost", 1)

	p := openTab(t, browser(t), blogURL)
	frameCtx, cancel := chromedp.NewContext(p.ctx, chromedp.WithTargetID(frameTarget(t, p, ts.URL+"/embed/"+id)))
	defer cancel()
	in := &page{t: t, ctx: frameCtx, url: ts.URL + "/embed/" + id}
	in.waitFor("the embed's script", `document.body.dataset.ready === 'true'`)

	failing := eval[int](in, `document.querySelectorAll('[data-testid=embed-request][data-verdict=fail]').length`)
	if failing == 0 {
		t.Fatal("the embed shows no failing request for Authentication above Session")
	}
	if n := eval[int](in, `document.querySelectorAll('[data-testid=embed-stack] li').length`); n != len(sc.Middleware) {
		t.Errorf("embed lists %d middleware, want %d", n, len(sc.Middleware))
	}
	// Open the first failing request's trace.
	in.run(chromedp.Click(chromedp.CSS(`[data-testid=embed-request][data-verdict=fail] > summary`)))
	in.waitFor("the trace", `document.querySelector('[data-verdict=fail][open] [data-testid=embed-trace]')?.offsetHeight > 0`)
	broke := eval[string](in, `document.querySelector('[open] [data-testid=embed-broke]')?.textContent || ''`)
	if !strings.Contains(broke, "What broke") || !strings.Contains(broke, "500") {
		t.Errorf("the open trace says %q; want what broke, with the 500", broke)
	}
	// Opening another closes the first: one trace at a time.
	in.run(chromedp.Click(chromedp.CSS(`[data-testid=embed-request]:last-child > summary`)))
	in.waitFor("one open trace", `document.querySelectorAll('details[open]').length === 1 && document.querySelector('[data-testid=embed-request]:last-child').open`)
	href := eval[string](in, `document.querySelector('[data-testid=embed-open]').href`)
	if href != ts.URL+"/s/"+id {
		t.Errorf("Open in the playground goes to %q, want %s/s/%s", href, ts.URL, id)
	}
	if c := eval[string](in, `document.cookie`); c != "" {
		t.Errorf("the embed has cookies: %q", c)
	}
	p.screenshot("embed-in-blog")

	// The playground's own page refused to be framed: Chrome left an
	// error page where it would be, and said why.
	mainCtx, cancelMain := chromedp.NewContext(p.ctx, chromedp.WithTargetID(frameTarget(t, p, ts.URL+"/")))
	defer cancelMain()
	inMain := &page{t: t, ctx: mainCtx}
	got := eval[string](inMain, `location.href + ' ' + !!document.querySelector('[data-testid=mw-list]')`)
	if !strings.HasSuffix(got, " false") {
		t.Errorf("the playground's page loaded in another site's frame: %s", got)
	}
	p.mu.Lock()
	var refused bool
	var rest []string
	for _, e := range p.errors {
		if strings.Contains(e, "frame-ancestors 'none'") && strings.Contains(e, ts.URL+"/") {
			refused = true
			continue
		}
		rest = append(rest, e)
	}
	p.errors = rest
	p.mu.Unlock()
	if !refused {
		t.Errorf("no refusal of the framed playground page in the console; saw %q", rest)
	}
}

// TestShareOffersTheEmbedSnippet: the share box gives the <iframe> that
// shows the same link's embed.
func TestShareOffersTheEmbedSnippet(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL)
	p.run(chromedp.Click(chromedp.CSS(`#share`)))
	p.waitFor("the embed snippet", `document.getElementById('share-embed').value.includes('<iframe')`)
	link := eval[string](p, `document.getElementById('share-url').value`)
	snippet := eval[string](p, `document.getElementById('share-embed').value`)
	id := link[strings.LastIndex(link, "/")+1:]
	if !strings.Contains(snippet, `src="`+ts.URL+"/embed/"+id+`"`) {
		t.Errorf("snippet %q does not frame the embed of %s", snippet, link)
	}
}

// TestCompareTwoShareLinks pastes two share links into the comparison
// form and finds the requests that behave differently highlighted, and
// only those.
func TestCompareTwoShareLinks(t *testing.T) {
	ts := newServer(t)
	a := stack.Scenario{Middleware: stack.DefaultMiddleware(), Requests: stack.SampleRequests()}
	b := a
	b.Settings = map[string]any{"CSRF_USE_SESSIONS": true}
	linkA := ts.URL + "/s/" + shareScenario(t, ts, a)
	linkB := ts.URL + "/s/" + shareScenario(t, ts, b)

	p := openTab(t, browser(t), ts.URL+"/c")
	p.run(
		chromedp.SendKeys(chromedp.CSS(`input[name=a]`), linkA),
		chromedp.SendKeys(chromedp.CSS(`input[name=b]`), linkB),
		chromedp.Click(chromedp.CSS(`[data-testid=compare-form] button`)),
	)
	p.waitFor("the comparison, styled", `document.readyState === 'complete' && document.querySelectorAll('[data-testid=compare-row]').length > 0`)
	if path := eval[string](p, `location.pathname`); !strings.HasPrefix(path, "/c/") {
		t.Fatalf("the form went to %s, not a comparison permalink", path)
	}
	type row struct {
		ID, Differs, Background string
	}
	rows := eval[[]row](p, `[...document.querySelectorAll('[data-testid=compare-row]')].map(r => ({ID: r.dataset.id, Differs: r.dataset.differs, Background: getComputedStyle(r).backgroundColor}))`)
	if len(rows) != len(a.Requests) {
		t.Fatalf("%d rows, want %d", len(rows), len(a.Requests))
	}
	var differ, same []row
	for _, r := range rows {
		if r.Differs == "true" {
			differ = append(differ, r)
		} else {
			same = append(same, r)
		}
	}
	if len(differ) == 0 || len(same) == 0 {
		t.Fatalf("CSRF_USE_SESSIONS should change some requests, not all: %d differ, %d same", len(differ), len(same))
	}
	// The CSRF-checked POST is one that differs: its token is looked for
	// in the session now.
	found := false
	for _, r := range differ {
		found = found || r.ID == "alice-post-csrf"
		if r.Background == same[0].Background {
			t.Errorf("differing request %s is not highlighted (background %s)", r.ID, r.Background)
		}
	}
	if !found {
		t.Errorf("alice-post-csrf does not differ under CSRF_USE_SESSIONS: %+v", differ)
	}
	p.screenshot("compare")
}

// TestExportFailingRequestAsDjangoTest opens a failing request's trace
// and takes it home: the button fetches that request's test and saves it.
func TestExportFailingRequestAsDjangoTest(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	dragAuthAboveSession(p)
	// Keep a copy of what the page receives, to read the file it saves.
	p.eval0(`window.exported = []; const f = window.fetch; window.fetch = async (...args) => {
		const resp = await f(...args);
		if (String(args[0]).startsWith('/api/export/django-test')) window.exported.push(String(args[0]) + '\n' + await resp.clone().text());
		return resp; };`)
	index := eval[string](p, `document.querySelector('[data-testid=result-row][data-verdict=fail] .open-trace').dataset.index`)
	before := p.runs()
	p.run(chromedp.Click(chromedp.CSS(`[data-testid=result-row][data-verdict=fail] .open-trace`)))
	p.waitFor("the trace", fmt.Sprintf(`Number(document.body.dataset.runs) > %d && !!document.querySelector('[data-testid=export-django-test]')`, before))
	p.run(chromedp.Click(chromedp.CSS(`[data-testid=export-django-test]`)))
	p.waitFor("the export", `window.exported.length === 1 && document.querySelector('.export-test-note').textContent.includes('downloaded')`)
	got := eval[string](p, `window.exported[0]`)
	n := 0
	fmt.Sscan(index, &n)
	for _, want := range []string{
		"?request=" + index + "\n",
		fmt.Sprintf("def test_%02d_", n+1),
		"'django.contrib.auth.middleware.AuthenticationMiddleware',\n        'django.contrib.sessions.middleware.SessionMiddleware',",
		"FAILS on this order",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the exported test lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "    def test_") != 1 {
		t.Errorf("the export of one request holds %d tests", strings.Count(got, "    def test_"))
	}
}

// TestEmbedFollowsTheColourScheme: the embed is light or dark as the
// reader's system prefers.
func TestEmbedFollowsTheColourScheme(t *testing.T) {
	ts := newServer(t)
	id := shareScenario(t, ts, stack.Scenario{Middleware: stack.DefaultMiddleware(), Requests: stack.SampleRequests()})
	p := openTab(t, browser(t), ts.URL+"/embed/"+id)
	colours := func(scheme string) string {
		p.run(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
			return err
		}))
		return eval[string](p, `getComputedStyle(document.body).backgroundColor + ' ' + getComputedStyle(document.body).color`)
	}
	light, dark := colours("light"), colours("dark")
	if light == dark {
		t.Errorf("light and dark schemes give the same colours: %s", light)
	}
	if !strings.HasPrefix(light, "rgb(255, 255, 255)") {
		t.Errorf("light scheme background %s, want white", light)
	}
	p.screenshot("embed-dark")
}

// Package e2e drives the playground in a real Chromium through chromedp:
// the drag, the keyboard, the palette, share links and the settings.py box,
// as a person would use them.
package e2e

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/web"
	"github.com/middleware-playground/playground/web/store"
)

const chromiumPath = "/usr/bin/chromium"

// shotsDir is where screenshots are copied for people to look at; each
// test also keeps its own in t.TempDir().
const shotsDir = "/tmp/playground-shots"

var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc
	browserErr    error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if browserCancel != nil {
		browserCancel()
	}
	os.Exit(code)
}

// requireChromium skips the test locally when Chromium is missing, and
// fails it on CI, so a missing install step cannot hide behind skips.
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing (CI=%s): install Debian's chromium package", chromiumPath, os.Getenv("CI"))
		}
		t.Skipf("browser tests need %s (apt-get install chromium); skipping", chromiumPath)
	}
}

// browser starts one Chromium for the package; tests get their own tabs.
func browser(t *testing.T) context.Context {
	t.Helper()
	requireChromium(t)
	browserOnce.Do(func() {
		dir, err := os.MkdirTemp("", "playground-chromium-")
		if err != nil {
			browserErr = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(chromiumPath),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.UserDataDir(dir),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.WindowSize(1400, 1000),
		}
		allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		if err := chromedp.Do(ctx); err != nil {
			browserErr = fmt.Errorf("start chromium: %w", err)
		}
		browserCtx = ctx
		browserCancel = func() {
			cancel()
			allocCancel()
			os.RemoveAll(dir)
		}
	})
	if browserErr != nil {
		t.Fatal(browserErr)
	}
	return browserCtx
}

// page is one test's tab on one test's server, with the browser console
// watched for errors.
type page struct {
	t      *testing.T
	ctx    context.Context
	url    string
	mu     sync.Mutex
	errors []string
}

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(newHandler(t))
	t.Cleanup(ts.Close)
	return ts
}

// newHandler is the whole playground on a fresh database.
func newHandler(t *testing.T) http.Handler {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "e2e.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return web.NewServer(web.Config{Logger: log, Store: st, Progress: st})
}

// openTab opens a tab in parent (the shared browser, or a fresh browser
// context) and loads url.
func openTab(t *testing.T, parent context.Context, url string, opts ...chromedp.ContextOption) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent, opts...)
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelT)
	p := &page{t: t, ctx: ctx, url: url}
	listen := func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = "exception: " + ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				msg += " " + ev.ExceptionDetails.Exception.Description
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				msg = "console.error: " + strings.Join(parts, " ")
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				msg = "log: " + ev.Entry.Text + " " + ev.Entry.URL
			}
		}
		if msg != "" {
			p.mu.Lock()
			p.errors = append(p.errors, msg)
			p.mu.Unlock()
		}
	}
	if err := chromedp.Listen(ctx, listen); err != nil {
		t.Fatal(err)
	}
	enableLog := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cdplog.Enable, cdp.Empty{})
		return err
	})
	p.run(enableLog, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	t.Cleanup(p.checkConsole)
	return p
}

func (p *page) run(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.screenshot("failure")
		p.t.Fatal(err)
	}
}

func (p *page) checkConsole() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.errors {
		p.t.Errorf("browser console: %s", e)
	}
}

// eval runs a JavaScript expression and returns its value.
func eval[T any](p *page, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.screenshot("failure")
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true.
func (p *page) waitFor(what, cond string) {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			p.screenshot("timeout")
			p.t.Fatalf("timed out waiting for %s (%s)", what, cond)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// screenshot saves the whole page into the test's temp folder and into
// shotsDir.
func (p *page) screenshot(name string) {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return
	}
	p.save(name, buf)
}

// shots numbers the screenshots of each test, across its tabs.
var shots = map[string]int{}

func (p *page) save(name string, buf []byte) {
	shots[p.t.Name()]++
	file := fmt.Sprintf("%s-%02d-%s.png", p.t.Name(), shots[p.t.Name()], name)
	file = strings.ReplaceAll(file, "/", "_")
	for _, dir := range []string{p.t.TempDir(), shotsDir} {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			os.WriteFile(filepath.Join(dir, file), buf, 0o644)
		}
	}
}

// eval0 runs JavaScript for its effect.
func (p *page) eval0(js string) {
	p.t.Helper()
	p.run(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](js)(ctx, t)
		return err
	}))
}

// viewport saves what fits in the window, like screenshot.
func (p *page) viewport(name string) {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return
	}
	p.save(name, buf)
}

// stack is the MIDDLEWARE list as the editor shows it.
func (p *page) stack() []string {
	return eval[[]string](p, `[...document.querySelectorAll('#mw-list li.mw')].map(li => li.dataset.path.split('.').pop())`)
}

type rect struct{ X, Y, W, H float64 }

// box returns the element's viewport rectangle. It does not scroll, so
// two boxes measured one after the other stay comparable.
func (p *page) box(sel string) rect {
	p.t.Helper()
	r := eval[rect](p, fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return null;
		const b = el.getBoundingClientRect();
		return {X: b.x, Y: b.y, W: b.width, H: b.height}; })()`, sel))
	if r.W == 0 {
		p.t.Fatalf("no element %s", sel)
	}
	return r
}

// drag presses the left button at (x0,y0), moves to (x1,y1) in steps, and
// releases: real mouse events through CDP, so Pointer Events fire.
func (p *page) drag(x0, y0, x1, y1 float64) {
	p.t.Helper()
	const steps = 12
	held := func(p *input.DispatchMouseEventParams) { p.Buttons = 1 }
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, chromedp.ButtonLeft, held, chromedp.ClickCount(1)),
	}
	for i := 1; i <= steps; i++ {
		x := x0 + (x1-x0)*float64(i)/steps
		y := y0 + (y1-y0)*float64(i)/steps
		actions = append(actions, chromedp.MouseEvent(chromedp.MouseMoved, x, y, chromedp.ButtonLeft, held), chromedp.Sleep(15*time.Millisecond))
	}
	actions = append(actions, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	p.run(actions...)
}

// key sends one key press to the focused element.
func (p *page) key(k string) {
	p.t.Helper()
	p.run(chromedp.KeyEvent(k))
}

// updateMs is the page's own measurement of the last change: from the
// drop (or key press) to the new results in the DOM.
func (p *page) updateMs() float64 {
	s := eval[string](p, `document.body.dataset.lastUpdateMs || ''`)
	var ms float64
	fmt.Sscan(s, &ms)
	return ms
}

func (p *page) runs() int {
	return eval[int](p, `Number(document.body.dataset.runs || 0)`)
}

// recordTiming appends a measurement to shotsDir/timings.txt for the notes.
func recordTiming(t *testing.T, what string, ms float64) {
	t.Logf("%s: %.1f ms", what, ms)
	os.MkdirAll(shotsDir, 0o755)
	f, err := os.OpenFile(filepath.Join(shotsDir, "timings.txt"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		fmt.Fprintf(f, "%s %s %.1f ms\n", time.Now().Format(time.RFC3339), what, ms)
		f.Close()
	}
}

const (
	sel = `#mw-list li.mw[data-path="%s"]`
	// The default stack's paths the tests move around.
	pathSession = "django.contrib.sessions.middleware.SessionMiddleware"
	pathAuth    = "django.contrib.auth.middleware.AuthenticationMiddleware"
)

var defaultOrder = []string{"SecurityMiddleware", "SessionMiddleware", "CommonMiddleware", "CsrfViewMiddleware", "AuthenticationMiddleware", "MessageMiddleware", "XFrameOptionsMiddleware"}

func equal(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

// dragAuthAboveSession is the lesson: a real mouse drag of
// AuthenticationMiddleware by its grip to just above SessionMiddleware.
func dragAuthAboveSession(p *page) {
	p.t.Helper()
	before := p.runs()
	p.run(chromedp.ScrollIntoView(chromedp.CSS(`#mw-list`)))
	grip := p.box(fmt.Sprintf(sel, pathAuth) + " .grip")
	target := p.box(fmt.Sprintf(sel, pathSession))
	p.drag(grip.X+grip.W/2, grip.Y+grip.H/2, grip.X+grip.W/2, target.Y+target.H*0.3)
	p.waitFor("results after the drop", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
}

func TestDragBreaksThenKeyboardFixes(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	if got := p.stack(); !equal(got, defaultOrder) {
		t.Fatalf("initial stack = %v", got)
	}
	// Django's default stack already fails a few sample requests on
	// purpose (nothing in it reads a JWT or serves static files); the
	// drag must add failures and the keyboard fix must bring it back.
	failed0 := eval[string](p, `document.querySelector('[data-testid=results]').dataset.failed`)
	p.screenshot("loaded")

	dragAuthAboveSession(p)
	recordTiming(t, "mouse drop to updated results", p.updateMs())
	want := []string{"SecurityMiddleware", "AuthenticationMiddleware", "SessionMiddleware", "CommonMiddleware", "CsrfViewMiddleware", "MessageMiddleware", "XFrameOptionsMiddleware"}
	if got := p.stack(); !equal(got, want) {
		t.Fatalf("after the drag the stack is %v, want %v", got, want)
	}
	p.waitFor("500s from AuthenticationMiddleware",
		`[...document.querySelectorAll('[data-testid=result-row][data-verdict=fail]')].some(r => r.dataset.status === '500' && r.querySelector('[data-testid=answered-by]').textContent.includes('AuthenticationMiddleware'))`)
	p.screenshot("dragged-auth-above-session")
	p.waitFor("the linter's finding on the moved entry", fmt.Sprintf(`!!document.querySelector('%s .mw-warn') && !!document.querySelector('[data-testid=apply-fix]')`, fmt.Sprintf(sel, pathAuth)))

	// Open the first failing request and read what broke.
	p.run(chromedp.Click(chromedp.CSS(`[data-testid=result-row][data-verdict=fail] .open-trace`)))
	p.waitFor("the trace", `!!document.querySelector('[data-testid=what-broke]')`)
	reason := eval[string](p, `document.querySelector('[data-testid=what-broke]').textContent`)
	if !strings.Contains(reason, "SessionMiddleware") {
		t.Errorf("what broke = %q, want it to name SessionMiddleware", reason)
	}
	p.screenshot("trace-what-broke")
	// What a person sees without scrolling, with the broken request at
	// the top: the README's picture.
	p.eval0(`document.querySelector('.rrow.open').scrollIntoView({block: 'start'})`)
	p.viewport("readme")

	// Fix it with the keyboard alone: focus the entry, Space picks it up,
	// ArrowDown moves it below SessionMiddleware, Space drops it.
	before := p.runs()
	p.run(chromedp.Focus(chromedp.CSS(fmt.Sprintf(sel, pathAuth))))
	p.key(" ")
	p.waitFor("the pick-up announcement", `document.getElementById('announcer').textContent.includes('Picked up AuthenticationMiddleware')`)
	p.key(kb.ArrowDown)
	p.waitFor("the move announcement", `document.getElementById('announcer').textContent.includes('moved to position 3 of 7')`)
	p.key(" ")
	p.waitFor("results after the keyboard drop", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	recordTiming(t, "keyboard drop to updated results", p.updateMs())
	said := eval[string](p, `document.getElementById('announcer').textContent`)
	if !strings.Contains(said, "dropped at position 3 of 7") {
		t.Errorf("announcement after the drop = %q", said)
	}
	want = []string{"SecurityMiddleware", "SessionMiddleware", "AuthenticationMiddleware", "CommonMiddleware", "CsrfViewMiddleware", "MessageMiddleware", "XFrameOptionsMiddleware"}
	if got := p.stack(); !equal(got, want) {
		t.Fatalf("after the keyboard move the stack is %v, want %v", got, want)
	}
	p.waitFor("the failures of the default stack only", fmt.Sprintf(`document.querySelector('[data-testid=results]').dataset.failed === %q`, failed0))
	focused := eval[string](p, `document.activeElement.dataset.path || ''`)
	if focused != pathAuth {
		t.Errorf("focus after the drop is on %q, want the moved entry", focused)
	}
	p.screenshot("fixed-with-keyboard")

	// Time a few more drops (XFrameOptionsMiddleware up and down by one)
	// and keep the median: one figure on a busy machine says little.
	var times []float64
	for i := range 6 {
		before := p.runs()
		p.run(chromedp.Focus(chromedp.CSS(`#mw-list li.mw[data-path$="XFrameOptionsMiddleware"]`)))
		p.key(" ")
		if i%2 == 0 {
			p.key(kb.ArrowUp)
		} else {
			p.key(kb.ArrowDown)
		}
		p.key(" ")
		p.waitFor("results after a timed drop", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
		times = append(times, p.updateMs())
		t.Logf("drop %d: %.1f ms, of which %s ms until the answer was parsed", i, p.updateMs(), eval[string](p, `document.body.dataset.lastFetchMs`))
	}
	slices.Sort(times)
	recordTiming(t, "median of 6 keyboard drops to updated results", times[len(times)/2])

	// Undo brings the broken order back; redo the fix.
	for range 7 {
		p.run(chromedp.Click(chromedp.CSS(`#undo`)))
	}
	p.waitFor("undo", fmt.Sprintf(`document.querySelector('[data-testid=results]').dataset.failed !== %q`, failed0))
	if got := p.stack(); got[1] != "AuthenticationMiddleware" {
		t.Errorf("after undoing the fix the stack is %v", got)
	}
	// From the broken order, the linter's one-click fix restores a stack
	// whose only failures are the default stack's.
	p.run(chromedp.Click(chromedp.CSS(`[data-testid=apply-fix]`)))
	p.waitFor("the linter's fix", fmt.Sprintf(`document.querySelector('[data-testid=results]').dataset.failed === %q`, failed0))
	if got := p.stack(); slices.Index(got, "SessionMiddleware") > slices.Index(got, "AuthenticationMiddleware") {
		t.Errorf("after the fix the stack is %v", got)
	}
}

func TestAddFromPalette(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	before := p.runs()
	p.run(
		chromedp.Click(chromedp.CSS(`#palette > summary`)),
		chromedp.SendKeys(chromedp.CSS(`#palette-search`), "whitenoise"),
	)
	visible := eval[int](p, `[...document.querySelectorAll('.pal-item')].filter(x => !x.hidden).length`)
	if visible != 1 {
		t.Errorf("search for whitenoise shows %d palette items, want 1", visible)
	}
	p.screenshot("palette-search")
	p.run(chromedp.Click(chromedp.CSS(`[data-testid="add-WhiteNoiseMiddleware"]`)))
	p.waitFor("results after adding", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	got := p.stack()
	if len(got) != 8 || got[7] != "WhiteNoiseMiddleware" {
		t.Fatalf("after adding, the stack is %v", got)
	}
	label := eval[string](p, `document.querySelector('[data-testid="add-WhiteNoiseMiddleware"] .pal-verb').textContent`)
	if label != "In the stack" {
		t.Errorf("the palette button says %q after adding", label)
	}
	p.screenshot("added-whitenoise")
}

func TestShareLinkRestoresEverything(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL)
	dragAuthAboveSession(p)
	// Change a setting too, so the link must carry settings.
	before := p.runs()
	p.run(
		chromedp.Click(chromedp.CSS(`#settings > summary`)),
		chromedp.Click(chromedp.CSS(`input[name="DEBUG"]`)),
	)
	p.waitFor("results after the setting", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	wantStack := p.stack()
	wantResults := eval[string](p, `[...document.querySelectorAll('[data-testid=result-row]')].map(r => r.dataset.status + r.dataset.verdict).join(',')`)

	p.run(chromedp.Click(chromedp.CSS(`#share`)))
	p.waitFor("the share link", `document.getElementById('share-url').value.includes('/s/')`)
	link := eval[string](p, `document.getElementById('share-url').value`)
	p.screenshot("share-link")
	location := eval[string](p, `location.pathname`)
	if !strings.HasSuffix(link, location) {
		t.Errorf("address bar %q does not show the link %q", location, link)
	}

	// A fresh browser context: no cookies, storage or history of the first.
	q := openTab(t, browser(t), link, chromedp.WithNewBrowserContext())
	if got := q.stack(); !equal(got, wantStack) {
		t.Errorf("shared stack = %v, want %v", got, wantStack)
	}
	gotResults := eval[string](q, `[...document.querySelectorAll('[data-testid=result-row]')].map(r => r.dataset.status + r.dataset.verdict).join(',')`)
	debug := eval[bool](q, `document.querySelector('input[name="DEBUG"]').checked`)
	if gotResults != wantResults {
		t.Errorf("shared results = %s, want %s", gotResults, wantResults)
	}
	if !debug {
		t.Error("the shared page lost DEBUG = True")
	}
	q.screenshot("opened-in-fresh-context")

	// Sharing the same state again gives the same link.
	q.run(chromedp.Click(chromedp.CSS(`#share`)))
	q.waitFor("the second share link", `document.getElementById('share-url').value.includes('/s/')`)
	again := eval[string](q, `document.getElementById('share-url').value`)
	if again != link {
		t.Errorf("re-sharing the same state gave %s, want %s", again, link)
	}
}

func TestPasteSettingsPy(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	src := `# settings.py of a real project
CSRF_USE_SESSIONS = True
MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    "django.contrib.sessions.middleware.SessionMiddleware",  # sessions first
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
]
MIDDLEWARE += ('acme.middleware.AuditMiddleware',)
if DEBUG:
    MIDDLEWARE.insert(0, 'debug_toolbar.middleware.DebugToolbarMiddleware')
`
	before := p.runs()
	p.run(
		chromedp.Click(chromedp.CSS(`#paste > summary`)),
		chromedp.SetValue(chromedp.CSS(`#paste-text`), src),
		chromedp.Click(chromedp.CSS(`#paste-load`)),
	)
	p.waitFor("results after the paste", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	want := []string{"SecurityMiddleware", "SessionMiddleware", "CommonMiddleware", "CsrfViewMiddleware", "AuthenticationMiddleware", "AuditMiddleware"}
	if got := p.stack(); !equal(got, want) {
		t.Fatalf("pasted stack = %v, want %v", got, want)
	}
	unknown := eval[[]string](p, `[...document.querySelectorAll('#mw-list li.mw.unknown')].map(li => li.dataset.path)`)
	if len(unknown) != 1 || unknown[0] != "acme.middleware.AuditMiddleware" {
		t.Errorf("unknown entries flagged = %v", unknown)
	}
	said := eval[string](p, `document.getElementById('paste-result').textContent`)
	if !strings.Contains(said, "Loaded 6 entries") || !strings.Contains(said, "acme.middleware.AuditMiddleware") || !strings.Contains(said, "CSRF_USE_SESSIONS = True") {
		t.Errorf("paste result says %q", said)
	}
	if !eval[bool](p, `document.querySelector('input[name="CSRF_USE_SESSIONS"]').checked`) {
		t.Error("CSRF_USE_SESSIONS from the file did not reach the settings panel")
	}
	p.screenshot("pasted-settings")

	// Export writes it back with a reason on every line.
	p.run(chromedp.Click(chromedp.CSS(`#export`)))
	p.waitFor("the export", `document.getElementById('export-text').value.includes('MIDDLEWARE = [')`)
	text := eval[string](p, `document.getElementById('export-text').value`)
	// Six entries, and the toolbar the file adds under if DEBUG: there too.
	if strings.Count(text, "  # ") != 7 || !strings.Contains(text, "\nif DEBUG:\n") {
		t.Errorf("export has %d commented lines, want 7, one under if DEBUG:\n%s", strings.Count(text, "  # "), text)
	}
	p.screenshot("export")
}

func TestEditRequestsAndExpectations(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	rows := eval[int](p, `document.querySelectorAll('[data-testid=result-row]').length`)

	// Add a request through the dialog: bob, logged in, opens his dashboard.
	before := p.runs()
	p.run(
		chromedp.Click(chromedp.CSS(`#add-request`)),
		chromedp.WaitVisible(chromedp.CSS(`#request-dialog[open]`)),
		chromedp.SendKeys(chromedp.CSS(`#request-form [name=label]`), "bob opens his dashboard"),
		chromedp.SetValue(chromedp.CSS(`#request-form [name=path]`), "/dashboard/"),
		chromedp.SendKeys(chromedp.CSS(`#request-form [name=client]`), "bob"),
		chromedp.SetValue(chromedp.CSS(`#request-form [name=cred-session]`), "session:bob"),
		chromedp.SendKeys(chromedp.CSS(`#request-form [name=expect_status]`), "200"),
		chromedp.SendKeys(chromedp.CSS(`#request-form [name=expect_user]`), "bob"),
	)
	p.screenshot("request-dialog")
	p.run(chromedp.Click(chromedp.CSS(`#rq-save`)))
	p.waitFor("results with the new request", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	last := `[...document.querySelectorAll('[data-testid=result-row]')].pop()`
	if got := eval[int](p, `document.querySelectorAll('[data-testid=result-row]').length`); got != rows+1 {
		t.Fatalf("%d rows after adding a request, want %d", got, rows+1)
	}
	if v := eval[string](p, last+`.dataset.verdict + ' ' + `+last+`.dataset.status`); v != "pass 200" {
		t.Errorf("bob's dashboard: verdict and status %q, want pass 200", v)
	}

	// Take a failing request's outcome as its expectation with one click.
	failing := eval[int](p, `document.querySelectorAll('[data-testid=result-row][data-verdict=fail]').length`)
	if failing == 0 {
		t.Fatal("no failing request to take the outcome of")
	}
	before = p.runs()
	p.run(chromedp.Click(chromedp.CSS(`[data-testid=result-row][data-verdict=fail] [data-testid=expect-this]`)))
	p.waitFor("results after taking the outcome", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	if got := eval[int](p, `document.querySelectorAll('[data-testid=result-row][data-verdict=fail]').length`); got != failing-1 {
		t.Errorf("%d failing after taking one outcome, want %d", got, failing-1)
	}

	// Edit the new request: a path without a leading slash is refused in
	// the form, and nothing changes.
	p.run(
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.edit-request[data-index="%d"]`, rows))),
		chromedp.WaitVisible(chromedp.CSS(`#request-dialog[open]`)),
		chromedp.SetValue(chromedp.CSS(`#request-form [name=path]`), "dashboard"),
		chromedp.Click(chromedp.CSS(`#rq-save`)),
	)
	if !eval[bool](p, `document.getElementById('request-dialog').open`) {
		t.Error("the dialog closed on a path without a leading slash")
	}
	p.run(chromedp.Click(chromedp.CSS(`#rq-delete`)))
	p.waitFor("the request deleted", fmt.Sprintf(`document.querySelectorAll('[data-testid=result-row]').length === %d`, rows))
	p.screenshot("after-editing")
}

// releaseOf is the release the engine's trace reports for Django version
// v: what the page's footer must name after a run on v.
func releaseOf(t *testing.T, v string) string {
	t.Helper()
	tr, err := stack.Simulate(&stack.Scenario{Django: v, Middleware: []string{}, Requests: []stack.Request{}})
	if err != nil {
		t.Fatalf("simulate on %s: %v", v, err)
	}
	return tr.Django
}

// pageVersion is the version the picker shows and the release the last
// run reported.
func (p *page) pageVersion() (picked, release string) {
	v := eval[[]string](p, `[document.getElementById('django-version').value, document.querySelector('[data-testid=django-full]').textContent]`)
	return v[0], v[1]
}

// authAboveSessionException is the exception class the results show for
// the request AuthenticationMiddleware answers with a 500 when it sits
// above SessionMiddleware. Django 3.2 fails an assert (AssertionError);
// 5.2 raises ImproperlyConfigured. Until the engine models that
// difference the test only requires a class on every version; with it,
// assert the class per version here.
func authAboveSessionException(p *page) string {
	p.t.Helper()
	return eval[string](p, `(() => {
		const row = [...document.querySelectorAll('[data-testid=result-row]')].find(r => r.dataset.status === '500' &&
			r.querySelector('[data-testid=answered-by]').textContent.includes('AuthenticationMiddleware'));
		return row?.querySelector('[data-testid=answered-by] .exc')?.textContent.trim() ?? '';
	})()`)
}

// pickVersion moves the picker to v with the arrow keys, as a person
// would, and waits for the results of the run it causes.
func (p *page) pickVersion(v string) {
	p.t.Helper()
	before := p.runs()
	from, _ := p.pageVersion()
	steps := slices.Index(stack.KnownVersions(), v) - slices.Index(stack.KnownVersions(), from)
	key := kb.ArrowDown
	if steps < 0 {
		key, steps = kb.ArrowUp, -steps
	}
	p.run(chromedp.Focus(chromedp.CSS(`#django-version`)))
	for range steps {
		p.key(key)
	}
	p.waitFor("results on Django "+v, fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
}

func TestVersionPickerReRunsAndShares(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL)
	picked, release := p.pageVersion()
	if picked != stack.DefaultVersion || release != releaseOf(t, stack.DefaultVersion) {
		t.Fatalf("a fresh page shows Django %s (%s), want the default %s (%s)", picked, release, stack.DefaultVersion, releaseOf(t, stack.DefaultVersion))
	}
	// Django 4.0 turned the assert into ImproperlyConfigured (ticket #32508).
	wantExc := map[string]string{"3.2": "AssertionError", "4.2": "ImproperlyConfigured", "5.2": "ImproperlyConfigured"}
	checkExc := func(v string) {
		t.Helper()
		if exc := authAboveSessionException(p); wantExc[v] == "" || !strings.HasPrefix(exc, wantExc[v]) {
			t.Errorf("on %s the 500 from AuthenticationMiddleware shows the exception %q, want %s", v, exc, wantExc[v])
		}
	}
	dragAuthAboveSession(p)
	checkExc(picked)

	// Every other version: the picker re-runs the requests on it, and the
	// footer names the release the engine's trace reports for that run.
	var other string
	for _, v := range stack.KnownVersions() {
		if v == stack.DefaultVersion {
			continue
		}
		other = v
		p.pickVersion(v)
		p.waitFor("the footer naming "+releaseOf(t, v), fmt.Sprintf(`document.querySelector('[data-testid=django-full]').textContent === %q`, releaseOf(t, v)))
		if picked, _ := p.pageVersion(); picked != v {
			t.Errorf("the picker shows %s after picking %s", picked, v)
		}
		checkExc(v)
		p.screenshot("picked-" + v)
	}
	if other == "" {
		t.Skip("the engine knows only one Django version")
	}
	if said := eval[string](p, `document.getElementById('announcer').textContent`); !strings.Contains(said, "Django "+other) {
		t.Errorf("announcement after picking %s: %q", other, said)
	}
	wantResults := eval[string](p, `[...document.querySelectorAll('[data-testid=result-row]')].map(r => r.dataset.status + r.dataset.verdict).join(',')`)

	// The version goes into the link; a fresh browser context opens it on
	// that version.
	p.run(chromedp.Click(chromedp.CSS(`#share`)))
	p.waitFor("the share link", `document.getElementById('share-url').value.includes('/s/')`)
	link := eval[string](p, `document.getElementById('share-url').value`)
	q := openTab(t, browser(t), link, chromedp.WithNewBrowserContext())
	if picked, release := q.pageVersion(); picked != other || release != releaseOf(t, other) {
		t.Errorf("the shared link opens on %s (%s), want %s (%s)", picked, release, other, releaseOf(t, other))
	}
	if got := eval[string](q, `[...document.querySelectorAll('[data-testid=result-row]')].map(r => r.dataset.status + r.dataset.verdict).join(',')`); got != wantResults {
		t.Errorf("shared results = %s, want %s", got, wantResults)
	}
	q.screenshot("shared-on-" + other)

	// Undo takes the version back like any other change.
	before := p.runs()
	p.run(chromedp.Click(chromedp.CSS(`#undo`)))
	p.waitFor("results after undo", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	if picked, _ := p.pageVersion(); picked == other {
		t.Errorf("undo left the picker on %s", other)
	}
}

package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// touch sends one touch event at (x, y); end events carry no point.
func (p *page) touch(kind input.DispatchTouchEventType, x, y float64) {
	p.t.Helper()
	p.run(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		params := input.DispatchTouchEventParams{Type: kind, TouchPoints: []*input.TouchPoint{}}
		if kind != input.DispatchTouchEventTypeTouchEnd {
			params.TouchPoints = []*input.TouchPoint{{X: x, Y: y}}
		}
		_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, params)
		return err
	}))
}

// brokenWords lists the words (runs of letters and digits) that the
// layout splits over two lines, with the text they sit in.
const brokenWordsJS = `(() => {
	const out = [];
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	const range = document.createRange();
	for (let n = walk.nextNode(); n; n = walk.nextNode()) {
		const el = n.parentElement;
		if (!el || !el.getClientRects().length || el.closest('.sr-only, script, [hidden], svg')) continue;
		for (const m of n.data.matchAll(/[A-Za-z0-9_]{2,}/g)) {
			range.setStart(n, m.index);
			range.setEnd(n, m.index + m[0].length);
			const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
			if (tops.size > 1) out.push(m[0] + ' in <' + el.tagName.toLowerCase() + ' class="' + el.className + '">');
		}
	}
	return out;
})()`

// On a 390×844 touch screen, one gesture takes the 12th entry of a
// 12-entry stack to the top: the list scrolls while the finger rests near
// the top edge. After the drop a summary line on screen says what changed
// and jumps to the first failure. No word is split over two lines.
func TestPhoneDragTwelfthToTop(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	p.run(chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if w := eval[int](p, `innerWidth`); w != 390 {
		t.Fatalf("viewport is %d wide; text beyond the screen: %v", w, eval[[]string](p, `(() => { const out = []; const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); const r = document.createRange(); for (let n = walk.nextNode(); n; n = walk.nextNode()) { r.selectNodeContents(n); for (const b of r.getClientRects()) if (b.right > 391) { out.push(n.parentElement.tagName + '.' + n.parentElement.className + ': ' + n.data.slice(0, 60)); break; } } return out.slice(0, 6); })()`))
	}
	before := p.runs()
	p.eval0(`[...document.querySelectorAll('.pal-add:not(:disabled)')].slice(0, 5).forEach(b => b.click())`)
	p.waitFor("twelve entries and their results", fmt.Sprintf(`document.querySelectorAll('#mw-list li.mw').length === 12 && Number(document.body.dataset.runs) >= %d`, before+5))
	p.waitFor("the runs to settle", `document.body.dataset.runs === String(document.body.dataset.runs) && !document.querySelector('#run-error:not([hidden])')`)
	stack := p.stack()
	last := stack[11]

	// Targets a finger can hit.
	for _, sel := range []string{"#mw-list li.mw:last-child .grip", "#mw-list li.mw:last-child .rm", "#share", "#undo", "tr.rrow .edit-request"} {
		b := p.box(sel)
		if b.W < 44 || b.H < 44 {
			t.Errorf("%s is %.0f×%.0f px, under 44×44", sel, b.W, b.H)
		}
	}
	p.noBrokenWords("twelve entries")

	p.eval0(`document.querySelector('#mw-list li.mw:last-child').scrollIntoView({block: 'end'})`)
	p.viewport("phone-before")
	grip := p.box("#mw-list li.mw:last-child .grip")
	x, y := grip.X+grip.W/2, grip.Y+grip.H/2
	if eval[float64](p, `document.querySelector('#mw-list li.mw:first-child').getBoundingClientRect().bottom`) > 0 {
		t.Fatalf("the first entry is on screen before the drag; the test needs it off screen")
	}
	before = p.runs()
	p.touch(input.DispatchTouchEventTypeTouchStart, x, y)
	for i := 1; i <= 10; i++ {
		p.touch(input.DispatchTouchEventTypeTouchMove, x, y-(y-20)*float64(i)/10)
		time.Sleep(20 * time.Millisecond)
	}
	// Rest near the top edge, as a finger would, until the entry is first.
	deadline := time.Now().Add(20 * time.Second)
	for !eval[bool](p, fmt.Sprintf(`document.querySelector('#mw-list li.mw').dataset.path.endsWith(%q)`, last)) {
		if time.Now().After(deadline) {
			p.viewport("phone-stuck")
			t.Fatalf("the dragged entry did not reach the top; the list is %v", p.stack())
		}
		p.touch(input.DispatchTouchEventTypeTouchMove, x, 20)
		time.Sleep(30 * time.Millisecond)
	}
	if pos := eval[string](p, `document.querySelector('#mw-list li.mw .pos').textContent`); pos != "1" {
		t.Errorf("while held at the top the entry shows position %q", pos)
	}
	p.touch(input.DispatchTouchEventTypeTouchEnd, 0, 0)
	p.waitFor("results after the drop", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	if got := p.stack(); got[0] != last || len(got) != 12 {
		t.Fatalf("after the drop the stack is %v", got)
	}
	p.waitFor("the summary line", `!document.getElementById('run-summary').hidden`)
	sum := p.box("#run-summary")
	if sum.Y < 0 || sum.Y+sum.H > 844 || sum.H < 44 {
		t.Errorf("the summary line is at %+v, not on the 844 px screen", sum)
	}
	text := eval[string](p, `document.getElementById('run-summary').textContent`)
	// It says what happened, and, when something fails, what a tap does.
	if !regexp.MustCompile(`^((1 of \d+ requests now fails|([02-9]|\d\d+) of \d+ requests now fail)\. Show the first failure\.|Every request now behaves as expected\.)$`).MatchString(text) {
		t.Errorf("summary line says %q", text)
	}
	p.viewport("phone-after-drop")
	if strings.Contains(text, "fail") {
		p.run(chromedp.Click(chromedp.CSS("#run-summary")))
		p.waitFor("the first failing request on screen", `(() => { const r = document.querySelector('tr.rrow.v-fail').getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight; })()`)
		p.viewport("phone-first-failure")
	}
	// The trace on the phone: steps as cards with labels, the timeline
	// at its drawn size in a sideways scroller.
	p.run(chromedp.Click(chromedp.CSS(`tr.rrow.v-fail .open-trace`)))
	p.waitFor("the trace", `!!document.querySelector('[data-testid=steps]')`)
	if lbl := eval[string](p, `getComputedStyle(document.querySelector('[data-testid=step] td'), '::before').content`); !strings.Contains(lbl, "t (µs)") {
		t.Errorf("a step's first cell is labelled %s", lbl)
	}
	if w := p.box(`[data-testid=timeline]`).W; w < 700 {
		t.Errorf("the timeline is drawn %.0f px wide on the phone; its labels would be unreadable", w)
	}
	p.noBrokenWords("the trace open")
	p.eval0(`document.querySelector('[data-testid=trace]').scrollIntoView()`)
	p.viewport("phone-trace")
	p.eval0(`document.querySelector('[data-testid=steps]').scrollIntoView()`)
	p.viewport("phone-steps")
	p.scheme("dark")
	p.waitFor("the dark theme", `document.documentElement.dataset.theme === 'dark'`)
	p.viewport("phone-steps-dark")
	p.eval0(`scrollTo(0, 0)`)
	p.viewport("phone-top-dark")
}

// noBrokenWords fails the test for each word split over two lines, each
// name that runs out of its box, and a page wider than the screen.
func (p *page) noBrokenWords(when string) {
	p.t.Helper()
	if words := eval[[]string](p, brokenWordsJS); len(words) > 0 {
		p.t.Errorf("with %s, words split over two lines: %s", when, strings.Join(words, "; "))
	}
	if over := eval[[]string](p, `[...document.querySelectorAll('.mw-body, .pal-head, td')].filter(b => b.getClientRects().length && b.scrollWidth > b.clientWidth + 1 && !b.closest('.tl-scroll')).map(b => b.textContent.trim().slice(0, 40))`); len(over) > 0 {
		p.t.Errorf("with %s, text runs out of its box: %q", when, over)
	}
	if w := eval[int](p, `document.scrollingElement.scrollWidth`); w > eval[int](p, `innerWidth`) {
		p.t.Errorf("with %s, the page is %d px wide, wider than the screen", when, w)
	}
}

// Long class names (LoginRequiredByPatternMiddleware) wrap between their
// words in the exercise pages' narrower editor, at a desktop's width too,
// instead of pushing the remove button out of the entry.
func TestLongClassNamesWrap(t *testing.T) {
	ts := newServer(t)
	// The exercises whose stacks carry the longest names.
	for _, id := range []string{"cors-preflight", "exempt-paths-rewriter"} {
		p := openTab(t, browser(t), ts.URL+"/exercises/"+id)
		p.noBrokenWords("the exercise " + id)
	}
}

// On a phone the comparison dialogs fit the screen: the sources wrap, and
// the tables scroll sideways rather than breaking names mid-word.
func TestPhoneCompareDialog(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL, chromedp.WithNewBrowserContext())
	p.run(chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	dragAuthAboveSession(p)
	p.eval0(`document.getElementById('compare-open').click()`)
	p.waitFor("the dialog", `document.getElementById('compare-dialog').open`)
	p.eval0(`document.querySelector('[data-testid=compare-source-undo]').click()`)
	p.waitFor("the comparison", `!!document.querySelector('#compare-body .cmp-table')`)
	if over := eval[int](p, `(d => d.scrollWidth - d.clientWidth)(document.getElementById('compare-dialog'))`); over > 1 {
		t.Errorf("the dialog is %d px wider than the screen allows", over)
	}
	p.noBrokenWords("the compare dialog open")
	p.viewport("phone-compare")

	p.eval0(`document.getElementById('compare-close').click()`)
	p.eval0(`document.getElementById('upgrade-open').click()`)
	p.waitFor("the upgrade dialog", `!!document.querySelector('#upgrade-body .upgrade-tally')`)
	// 3.2 parts from 5.2 on every request: a table for each.
	p.eval0(`(s => { s.value = '3.2'; s.dispatchEvent(new Event('change')); })(document.getElementById('upgrade-to'))`)
	p.waitFor("the upgrade comparison with 3.2", `!!document.querySelector('#upgrade-body .upgrade-table')`)
	p.noBrokenWords("the upgrade dialog open")
}

// On a phone a shared answer's comparison with the reference fits: the
// lists wrap between names and the field table keeps its headings whole.
func TestPhoneAnswerVersusReference(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL+"/exercises/default-order", chromedp.WithNewBrowserContext())
	url := evalAsync[string](p, `fetch('/api/exercises/default-order/share', {method: 'POST', headers: {'Content-Type': 'application/json'},
		body: JSON.stringify({middleware: [
			'django.middleware.security.SecurityMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware',
			'django.contrib.sessions.middleware.SessionMiddleware', 'django.contrib.auth.middleware.AuthenticationMiddleware',
			'django.contrib.messages.middleware.MessageMiddleware', 'django.middleware.common.CommonMiddleware',
			'django.middleware.csrf.CsrfViewMiddleware'], settings: {}})}).then(r => r.json()).then(j => j.url)`)
	if !strings.Contains(url, "/a/") {
		t.Fatalf("sharing the answer gave %q", url)
	}
	p.run(chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	p.run(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	p.eval0(`document.querySelector('[data-testid=versus]').scrollIntoView()`)
	p.viewport("phone-versus")
	p.noBrokenWords("the comparison with the reference")
}

// On a phone the paste panel's assumptions and variable fields fit, long
// variable names whole; the one read on a line setting DEBUG is said to
// change nothing.
func TestPhonePasteAssumptions(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL, chromedp.WithNewBrowserContext())
	p.run(chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	src := "import os\nDEBUG = os.environ.get('DJANGO_SETTINGS_DEBUG_MODE_ENABLED', '') == '1'\nMIDDLEWARE = [\n    'django.contrib.sessions.middleware.SessionMiddleware',\n]\nif os.environ.get('ENABLE_JSON_WEB_TOKEN_AUTHENTICATION'):\n    MIDDLEWARE += ['myapp.middleware.JWTMiddleware']\n"
	before := p.runs()
	p.run(chromedp.Click(chromedp.CSS(`#paste > summary`)), chromedp.SetValue(chromedp.CSS(`#paste-text`), src), chromedp.Click(chromedp.CSS(`#paste-load`)))
	p.waitFor("results after the paste", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	p.eval0(`document.getElementById('paste-assumed').scrollIntoView()`)
	p.viewport("phone-paste")
	p.noBrokenWords("the paste's assumptions")
	said := eval[string](p, `document.getElementById('paste-assumptions').textContent`)
	if !strings.Contains(said, "this line sets DEBUG") || strings.Count(said, "sets DEBUG") != 1 {
		t.Errorf("the assumptions do not single out the line that sets DEBUG: %q", said)
	}
}

// Every page fits a phone with every panel open: the playground, the
// rules, the exercise list, the comparison of two shares (its stacks one
// above the other, its table scrolling sideways), its form, the embed,
// and exercise pages.
func TestPhoneEveryPageFits(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL, chromedp.WithNewBrowserContext())
	id := evalAsync[string](p, `fetch('/api/share', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: document.getElementById('initial-state').textContent}).then(r => r.json()).then(j => j.id)`)
	p.run(chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	// The pages with the editor are ready when their scripts say so, the
	// others once loaded; every panel is opened.
	scripted := map[string]bool{"/": true, "/exercises/auth-above-session": true, "/exercises/cors-preflight": true}
	for _, path := range []string{"/", "/rules", "/exercises", "/c/" + id + "/" + id, "/c", "/embed/" + id, "/exercises/auth-above-session", "/exercises/cors-preflight"} {
		p.run(chromedp.Navigate(ts.URL + path))
		if scripted[path] {
			p.waitFor(path, `document.body.dataset.ready === 'true'`)
		} else {
			p.waitFor(path, `document.readyState === 'complete'`)
		}
		p.eval0(`document.querySelectorAll('details').forEach(d => d.open = true)`)
		if !strings.HasPrefix(path, "/exercises/") {
			// An exercise's goals may quote an exception's dotted path,
			// which breaks where it must.
			p.noBrokenWords(path)
		}
		// Nothing runs off the 390 px screen but inside something that
		// scrolls. (innerWidth is no measure: a phone's browser widens the
		// layout to fit what overflows.)
		if off := eval[[]string](p, `[...document.querySelectorAll('body *')].filter(e => e.getClientRects().length && e.getBoundingClientRect().right > 391 && !e.closest('.cmp-scroll, .tl-scroll')).map(e => e.tagName + '.' + e.className).slice(0, 5)`); len(off) > 0 {
			t.Errorf("%s: off the screen: %v", path, off)
		}
	}
}

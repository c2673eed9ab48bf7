package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/middleware-playground/playground/stack"
)

// openCompare opens "Compare with…" from the keyboard and waits for the
// exercise list, the one source it fetches.
func (p *page) openCompare() {
	p.t.Helper()
	p.run(chromedp.ScrollIntoView(chromedp.CSS(`#compare-open`)), chromedp.Focus(chromedp.CSS(`#compare-open`)))
	p.key(kb.Enter)
	p.waitFor("the compare dialog", `document.getElementById('compare-dialog').open && document.getElementById('compare-exercise').options.length > 0`)
}

// pickCompareSource picks stack B and waits for the comparison's rows.
func (p *page) pickCompareSource(value string) {
	p.t.Helper()
	p.eval0(`document.getElementById('compare-body').replaceChildren()`)
	p.run(chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-testid="compare-source-%s"]`, value))))
	p.waitFor("the comparison", `document.querySelectorAll('#compare-body [data-testid=compare-row]').length > 0`)
}

// Auth dragged above Session, compared with the step before: every
// request behaves differently, and each run parts where Auth first needs
// the session that is not there yet. Sources the page has not seen are
// disabled with a reason; Esc closes the dialog back to its button.
func TestCompareWithPreviousUndoStep(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	dragAuthAboveSession(p)
	p.openCompare()

	for _, src := range []string{"share", "paste"} {
		disabled := eval[bool](p, fmt.Sprintf(`document.querySelector('[data-testid="compare-source-%s"]').disabled`, src))
		why := eval[string](p, fmt.Sprintf(`document.querySelector('[data-testid="compare-why-%s"]').textContent`, src))
		if !disabled || why == "" {
			t.Errorf("source %s: disabled=%v, reason %q; want disabled with a reason on a fresh page", src, disabled, why)
		}
	}
	if eval[bool](p, `document.querySelector('[data-testid="compare-source-undo"]').disabled`) {
		t.Fatal("the previous undo step is not offered after a change")
	}

	p.pickCompareSource("undo")
	n := len(stack.SampleRequests())
	rows := eval[[]string](p, `[...document.querySelectorAll('#compare-body [data-testid=compare-row]')].map(r => r.dataset.differs + ' ' + r.classList.contains('differs'))`)
	if len(rows) != n {
		t.Fatalf("%d rows, want one for each of the %d requests", len(rows), n)
	}
	for i, r := range rows {
		if r != "true true" {
			t.Errorf("row %d: differs and highlighted = %q, want every request highlighted", i, r)
		}
	}
	whereA := eval[[]string](p, `[...document.querySelectorAll('#compare-body [data-testid=compare-row] td:nth-of-type(1) .where')].map(s => s.textContent)`)
	whereB := eval[[]string](p, `[...document.querySelectorAll('#compare-body [data-testid=compare-row] td:nth-of-type(2) .where')].map(s => s.textContent)`)
	for i := range n {
		if i >= len(whereA) || !strings.Contains(whereA[i], "Parts at: AuthenticationMiddleware process_request") || !strings.Contains(whereA[i], "SessionMiddleware") {
			t.Errorf("row %d: A parts at %q; want AuthenticationMiddleware's process_request, with the reason naming SessionMiddleware", i, whereA)
		}
		if i >= len(whereB) || !strings.Contains(whereB[i], "Parts at: SessionMiddleware process_request") {
			t.Errorf("row %d: B parts at %q; want SessionMiddleware's process_request", i, whereB)
		}
	}
	if tally := eval[string](p, `document.querySelector('#compare-body [data-testid=compare-tally]').textContent`); !strings.Contains(tally, fmt.Sprintf("%d of %d", n, n)) {
		t.Errorf("tally %q, want %d of %d", tally, n, n)
	}
	if !eval[bool](p, `document.getElementById('compare-permalink').hidden`) {
		t.Error("a permalink is offered though neither side is a share")
	}
	p.viewport("compare-dialog")
	for _, scheme := range []string{"light", "dark"} {
		p.scheme(scheme)
		p.waitFor("the "+scheme+" theme", fmt.Sprintf(`matchMedia('(prefers-color-scheme: %s)').matches`, scheme))
		p.axe("the compare dialog, " + scheme)
	}

	p.key(kb.Escape)
	p.waitFor("the dialog closed", `!document.getElementById('compare-dialog').open`)
	if id := eval[string](p, `document.activeElement.id`); id != "compare-open" {
		t.Errorf("after Esc, focus is on %q, want the button that opened the dialog", id)
	}
}

// share clicks "Share link" and returns the new share's id.
func (p *page) share() string {
	p.t.Helper()
	p.eval0(`document.getElementById('share-url').value = ''`)
	p.run(chromedp.Click(chromedp.CSS(`#share`)))
	p.waitFor("the share link", `document.getElementById('share-url').value.includes('/s/')`)
	return strings.TrimPrefix(eval[string](p, `location.pathname`), "/s/")
}

// The last share is offered once the stack has moved on from it; the
// permalink only once the stack as it is now is a share too. An
// exercise's starting stack compares like any other.
func TestCompareWithLastShareAndExercise(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	dragAuthAboveSession(p)
	broken := p.share()
	p.openCompare()
	if eval[bool](p, `!document.querySelector('[data-testid="compare-source-share"]').disabled`) {
		t.Error("the last share is offered though it is the stack as it is now")
	}
	p.key(kb.Escape)

	before := p.runs()
	p.run(chromedp.Click(chromedp.CSS(`#undo`)))
	p.waitFor("results after undo", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	p.openCompare()
	if why := eval[string](p, `document.querySelector('[data-testid="compare-why-share"]').textContent`); !strings.Contains(why, broken) {
		t.Errorf("the share source says %q, want it to name /s/%s", why, broken)
	}
	p.pickCompareSource("share")
	if n := eval[int](p, `document.querySelectorAll('#compare-body [data-testid=compare-row][data-differs=true]').length`); n != len(stack.SampleRequests()) {
		t.Errorf("%d requests differ from the shared Auth-above-Session stack, want all %d", n, len(stack.SampleRequests()))
	}
	if !eval[bool](p, `document.getElementById('compare-permalink').hidden`) {
		t.Error("a permalink is offered though the stack as it is now was never shared")
	}
	p.key(kb.Escape)

	fixed := p.share()
	p.openCompare()
	p.pickCompareSource("share")
	p.waitFor("the permalink", `!document.getElementById('compare-permalink').hidden`)
	if href := eval[string](p, `document.querySelector('[data-testid=compare-permalink]').getAttribute('href')`); href != "/c/"+fixed+"/"+broken {
		t.Errorf("permalink %q, want /c/%s/%s", href, fixed, broken)
	}

	p.eval0(`document.getElementById('compare-body').replaceChildren()`)
	p.run(chromedp.SetValue(chromedp.CSS(`#compare-exercise`), "auth-above-session"))
	p.eval0(`document.getElementById('compare-exercise').dispatchEvent(new Event('change'))`)
	p.waitFor("the exercise comparison", `document.querySelectorAll('#compare-body [data-testid=compare-row]').length > 0`)
	if !eval[bool](p, `document.querySelector('[data-testid="compare-source-exercise"]').checked`) {
		t.Error("picking an exercise did not select the exercise source")
	}
	if !eval[bool](p, `document.getElementById('compare-permalink').hidden`) {
		t.Error("a permalink is offered for an exercise, which is no share")
	}
}

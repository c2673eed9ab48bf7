package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const versusDiffer = `(document.querySelector('[data-testid=versus]')?.dataset.differ ?? '')`

// TestSolvedExerciseShowsAnswerVersusReference: a learner solves an
// exercise with the keyboard by an order the reference does not use; the
// success panel then says the answer behaves exactly like the reference
// yet is another answer, and marks where the two lists part. A reload
// shows it again; starting over takes it away.
func TestSolvedExerciseShowsAnswerVersusReference(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL+"/exercises/auth-above-session", chromedp.WithNewBrowserContext())
	p.waitFor("the page", `document.body.dataset.ready === 'true'`)
	if got := eval[string](p, versusDiffer); got != "" {
		t.Fatalf("an unsolved exercise shows the comparison (differ=%q)", got)
	}

	before := eval[int](p, checks)
	p.run(chromedp.Focus(chromedp.CSS(fmt.Sprintf(sel, pathSession))))
	p.key(" ")
	p.key(kb.ArrowUp)
	p.key(" ")
	p.waitFor("a check after the move", fmt.Sprintf(`%s > %d`, checks, before))
	p.waitFor("the solved state", `document.body.dataset.solved === 'true'`)
	p.waitFor("the comparison with the reference", versusDiffer+` === '0'`)

	verdict := eval[string](p, `document.querySelector('[data-testid=versus-verdict]').textContent`)
	if !strings.Contains(verdict, "behaves exactly like the reference on every request") || !strings.Contains(verdict, "not the same answer") {
		t.Errorf("the verdict on another order that behaves the same: %q", verdict)
	}
	yours := eval[[]string](p, `[...document.querySelectorAll('[data-testid=versus-yours] li')].map(li => li.textContent.trim())`)
	if len(yours) != 7 || !strings.HasPrefix(yours[1], "SessionMiddleware") || !strings.HasPrefix(yours[2], "AuthenticationMiddleware") {
		t.Errorf("your MIDDLEWARE in the comparison: %v", yours)
	}
	marked := eval[[]string](p, `[...document.querySelectorAll('[data-testid=versus-reference] li[data-mark]')].map(li => li.textContent.trim())`)
	if len(marked) == 0 || !strings.Contains(strings.Join(marked, "|"), "placed differently") {
		t.Errorf("the reference's entries marked: %v; want some placed differently", marked)
	}
	p.exerciseShot("versus-same-behaviour", true)
	p.axe("a solved exercise with its comparison")

	p.run(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if got := eval[string](p, versusDiffer); got != "0" {
		t.Errorf("after a reload the comparison says %q requests differ, want it drawn with 0", got)
	}

	before = eval[int](p, checks)
	p.run(chromedp.Click(chromedp.CSS(`[data-testid=start-over-banner]`)))
	p.waitFor("a check after starting over", fmt.Sprintf(`%s > %d`, checks, before))
	if got := eval[string](p, versusDiffer); got != "" {
		t.Errorf("after starting over the comparison stays (differ=%q)", got)
	}
}

// TestSharedAnswerVersusReferenceListsDifferences: a shared answer that
// meets every goal but lets a redirect go without X-Frame-Options where
// the reference sends it opens with that request listed, field by field,
// with where both runs part; axe finds nothing in either theme.
func TestSharedAnswerVersusReferenceListsDifferences(t *testing.T) {
	ts := newServer(t)
	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			p := openTab(t, browser(t), ts.URL+"/exercises/default-order", chromedp.WithNewBrowserContext())
			p.waitFor("the page", `document.body.dataset.ready === 'true'`)
			url := evalAsync[string](p, `fetch('/api/exercises/default-order/share', {method: 'POST', headers: {'Content-Type': 'application/json'},
				body: JSON.stringify({middleware: [
					'django.middleware.security.SecurityMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware',
					'django.contrib.sessions.middleware.SessionMiddleware', 'django.contrib.auth.middleware.AuthenticationMiddleware',
					'django.contrib.messages.middleware.MessageMiddleware', 'django.middleware.common.CommonMiddleware',
					'django.middleware.csrf.CsrfViewMiddleware'], settings: {}})}).then(r => r.json()).then(j => j.url)`)
			if !strings.Contains(url, "/exercises/default-order/a/") {
				t.Fatalf("sharing the answer gave %q", url)
			}
			p.run(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
			p.scheme(scheme)
			p.waitFor("the "+scheme+" theme", fmt.Sprintf(`document.documentElement.dataset.theme === %q`, scheme))
			if got := eval[string](p, versusDiffer); got != "1" {
				t.Fatalf("the comparison says %q requests differ, want 1", got)
			}
			row := eval[map[string]string](p, `(() => {
				const r = document.querySelector('[data-testid=versus-request]');
				const f = r.querySelector('tr[data-field="header x-frame-options"]');
				return {id: r.dataset.id, yours: f?.cells[1].textContent ?? '', ref: f?.cells[2].textContent ?? '',
					where: [...r.querySelectorAll('.versus-where')].map(p => p.textContent).join(' | ')};
			})()`)
			if row["id"] != "no-slash" || row["yours"] != "DENY" || row["ref"] != "absent" {
				t.Errorf("the differing request: %v; want no-slash, x-frame-options DENY in yours, absent in the reference", row)
			}
			if strings.Count(row["where"], "parts at:") != 2 {
				t.Errorf("where the runs part: %q", row["where"])
			}
			p.exerciseShot("versus-differs-"+scheme, true)
			p.axe(scheme + " a shared answer with its comparison")
		})
	}
}

// evalAsync runs a JavaScript expression and returns the value of the
// promise it gives.
func evalAsync[T any](p *page, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

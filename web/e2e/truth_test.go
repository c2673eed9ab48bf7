package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPasteDebugBlockSurvivesExport: a settings.py whose DEBUG-only
// middleware sit under `if DEBUG:` exports them under `if DEBUG:` again,
// never as unconditional entries.
func TestPasteDebugBlockSurvivesExport(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	src := `APPEND_SLASH = False
ALLOWED_HOSTS = ["shop.example.org"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
if DEBUG:
    MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")
    MIDDLEWARE += ["silk.middleware.SilkyMiddleware"]
`
	before := p.runs()
	p.run(
		chromedp.Click(chromedp.CSS(`#paste > summary`)),
		chromedp.SetValue(chromedp.CSS(`#paste-text`), src),
		chromedp.Click(chromedp.CSS(`#paste-debug`)),
		chromedp.Click(chromedp.CSS(`#paste-load`)),
	)
	p.waitFor("results after the paste", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	if got := p.stack(); len(got) != 7 || got[0] != "DebugToolbarMiddleware" || got[6] != "SilkyMiddleware" {
		t.Fatalf("pasted stack read as DEBUG = True: %v", got)
	}
	said := eval[string](p, `document.getElementById('paste-result').textContent`)
	for _, want := range []string{"if DEBUG:", "APPEND_SLASH = False", "ALLOWED_HOSTS = ['shop.example.org', 'testserver']"} {
		if !strings.Contains(said, want) {
			t.Errorf("the paste's message lacks %q: %s", want, said)
		}
	}
	p.screenshot("pasted-debug-block")

	p.run(chromedp.Click(chromedp.CSS(`#export`)))
	p.waitFor("the export", `document.getElementById('export-text').value.includes('MIDDLEWARE = [')`)
	text := eval[string](p, `document.getElementById('export-text').value`)
	i := strings.Index(text, "\nif DEBUG:\n")
	if i < 0 {
		t.Fatalf("the export has no if DEBUG: block:\n%s", text)
	}
	head, block := text[:i], text[i:]
	for _, mw := range []string{"debug_toolbar.middleware.DebugToolbarMiddleware", "silk.middleware.SilkyMiddleware"} {
		if strings.Contains(head, mw) || !strings.Contains(block, mw) {
			t.Errorf("%s is not only under if DEBUG:\n%s", mw, text)
		}
	}
	if !strings.Contains(head, "APPEND_SLASH = False\n") || !strings.Contains(head, `ALLOWED_HOSTS = ["shop.example.org"]`) {
		t.Errorf("the export lacks the pasted settings:\n%s", text)
	}
	p.screenshot("export-debug-block")
}

// TestRequestEditorOwnMessages: a bad path gets the page's own message
// beside the field, not the browser's generic one.
func TestRequestEditorOwnMessages(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	p.run(
		chromedp.Click(chromedp.CSS(`#add-request`)),
		chromedp.WaitVisible(chromedp.CSS(`#request-dialog[open]`)),
		chromedp.SendKeys(chromedp.CSS(`#request-form [name=label]`), "a typo in the path"),
		chromedp.SetValue(chromedp.CSS(`#request-form [name=path]`), "dashboard/"),
		chromedp.SetValue(chromedp.CSS(`#request-form [name=expect_status]`), "42"),
		chromedp.Click(chromedp.CSS(`#rq-save`)),
	)
	if !eval[bool](p, `document.getElementById('request-dialog').open`) {
		t.Fatal("the dialog closed on a path without a leading slash")
	}
	msg := eval[string](p, `(() => { const e = document.getElementById('rq-err-path'); return e.hidden ? '' : e.textContent; })()`)
	if !strings.HasPrefix(msg, "A path starts with /") {
		t.Errorf("the path's message is %q", msg)
	}
	if got := eval[string](p, `document.querySelector('#request-form [name=path]').validationMessage`); got != "" {
		t.Errorf("the browser's own message is set too: %q", got)
	}
	if !eval[bool](p, `document.activeElement === document.querySelector('#request-form [name=path]') && document.querySelector('#request-form [name=path]').getAttribute('aria-invalid') === 'true'`) {
		t.Error("the bad path is not focused and marked invalid")
	}
	if msg := eval[string](p, `document.getElementById('rq-err-expect_status').textContent`); !strings.Contains(msg, "100 to 599") {
		t.Errorf("the status's message is %q", msg)
	}
	p.screenshot("own-messages")

	// Fixed, the request saves and the messages go.
	before := p.runs()
	p.run(
		chromedp.SetValue(chromedp.CSS(`#request-form [name=path]`), "/dashboard/"),
		chromedp.SetValue(chromedp.CSS(`#request-form [name=expect_status]`), "302"),
		chromedp.Click(chromedp.CSS(`#rq-save`)),
	)
	p.waitFor("results with the new request", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	if eval[bool](p, `document.getElementById('request-dialog').open`) {
		t.Error("the dialog stayed open on a valid request")
	}
}

// TestIntroShowsOnce: a first visit explains the page; dismissed, it stays
// away after a reload.
func TestIntroShowsOnce(t *testing.T) {
	// A browser of its own: the dismissal is a cookie, which the shared
	// browser would carry to every later test's server.
	p := openTab(t, browser(t), newServer(t).URL, chromedp.WithNewBrowserContext())
	if !eval[bool](p, `!document.getElementById('intro').hidden`) {
		t.Fatal("no introduction on the first visit")
	}
	text := eval[string](p, `document.getElementById('intro').textContent`)
	failing := eval[int](p, `document.querySelectorAll('[data-testid=result-row][data-verdict=fail]').length`)
	if !strings.Contains(text, "startproject") || !strings.Contains(text, fmt.Sprintf("does not serve %d of the sample requests", failing)) {
		t.Errorf("the introduction does not explain the %d failing requests: %s", failing, text)
	}
	p.viewport("intro")
	p.run(chromedp.Click(chromedp.CSS(`#intro-close`)))
	if !eval[bool](p, `document.getElementById('intro').hidden`) {
		t.Fatal("the introduction stays after Got it")
	}
	p.run(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if !eval[bool](p, `document.getElementById('intro').hidden`) {
		t.Error("the introduction is back after a reload")
	}
	// Drawn hidden by the server, so it never flashes before the scripts.
	served := `fetch('/').then(r => r.text()).then(t => /<section id="intro"[^>]* hidden/.test(t))`
	if hidden, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](served, chromedp.EvalAwaitPromise)); err != nil || !hidden {
		t.Errorf("the server still draws the dismissed introduction (%v)", err)
	}
}

// TestExpectThisRecordsWhoAnswered: taking an outcome as the expectation
// takes who answered too, and the request editor shows it.
func TestExpectThisRecordsWhoAnswered(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	// The static file: Django's resolver answers 404 on the default stack.
	i := eval[int](p, `[...document.querySelectorAll('[data-testid=result-row]')].findIndex(r => r.textContent.includes('/static/app.css'))`)
	if i < 0 {
		t.Fatal("no static-file request")
	}
	before := p.runs()
	p.run(chromedp.Click(chromedp.CSS(fmt.Sprintf(`.expect-this[data-index="%d"]`, i))))
	p.waitFor("results after taking the outcome", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	if v := eval[string](p, fmt.Sprintf(`document.querySelectorAll('[data-testid=result-row]')[%d].dataset.verdict`, i)); v != "pass" {
		t.Errorf("verdict %q after taking the outcome", v)
	}
	p.run(
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.edit-request[data-index="%d"]`, i))),
		chromedp.WaitVisible(chromedp.CSS(`#request-dialog[open]`)),
	)
	by := eval[string](p, `document.querySelector('#request-form [name=expect_answered_by]').value`)
	runs := eval[string](p, `document.querySelector('#request-form [name=expect_view_runs]').value`)
	if by != "Django" || runs != "false" {
		t.Errorf("the editor shows answered by %q, view runs %q; want Django, false", by, runs)
	}
	if words := eval[string](p, `document.querySelector('#request-form [name=expect_text]').value`); words != "" {
		t.Errorf("the old words %q stay beside the new expectation", words)
	}
	p.screenshot("expectation-with-answerer")
}

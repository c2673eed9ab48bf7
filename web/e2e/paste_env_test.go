package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A learner pastes a file that adds a middleware only when USE_JWT is set,
// reads what the reader assumed, sets the variable and re-reads: the stack
// gains the middleware, and the page says so.
func TestPasteEnvReRead(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	src := `import os

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
if os.environ.get("USE_JWT"):
    MIDDLEWARE += ["myapp.middleware.JWTMiddleware"]
`
	before := p.runs()
	p.run(
		chromedp.Click(chromedp.CSS(`#paste > summary`)),
		chromedp.SetValue(chromedp.CSS(`#paste-text`), src),
		chromedp.Click(chromedp.CSS(`#paste-load`)),
	)
	p.waitFor("results after the paste", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	lines := `[...document.querySelectorAll('#paste-assumptions li')].map(li => li.textContent).join('\n')`
	if said := eval[string](p, lines); said != "line 7: USE_JWT is not set, so the lookup gave its default, None" {
		t.Errorf("assumptions say %q", said)
	}
	if got := p.stack(); slices.Contains(got, "JWTMiddleware") {
		t.Errorf("stack without USE_JWT = %v", got)
	}
	field := `document.getElementById('paste-env-USE_JWT')`
	if l := eval[string](p, field+`.labels[0].textContent + '=' + `+field+`.value`); l != "USE_JWT=" {
		t.Errorf("the field is labelled and filled %q, want an empty USE_JWT", l)
	}
	for _, scheme := range []string{"light", "dark"} {
		p.scheme(scheme)
		p.waitFor("the "+scheme+" theme", fmt.Sprintf(`document.documentElement.dataset.theme === %q`, scheme))
		p.axeOn(scheme+" paste panel with assumptions", `document.getElementById('paste')`, "")
	}
	p.screenshot("paste-assumptions")

	before = p.runs()
	p.run(
		chromedp.SendKeys(chromedp.CSS(`#paste-env-USE_JWT`), "1"),
		chromedp.Click(chromedp.CSS(`#paste-reread`)),
	)
	p.waitFor("results after the re-read", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	if got, want := p.stack(), []string{"SessionMiddleware", "AuthenticationMiddleware", "JWTMiddleware"}; !equal(got, want) {
		t.Errorf("stack with USE_JWT=1 = %v, want %v", got, want)
	}
	if said := eval[string](p, lines); said != `line 7: USE_JWT is set to "1", so the lookup gave '1'` {
		t.Errorf("assumptions after the re-read say %q", said)
	}
	if v := eval[string](p, field+`.value`); v != "1" {
		t.Errorf("the field holds %q after the re-read, want the value given", v)
	}
	p.waitFor("the re-read announced", `document.getElementById('announcer').textContent.startsWith('Re-read with 1 variable set. Loaded 3 entries')`)
	if said := eval[string](p, `document.getElementById('paste-result').textContent`); !strings.Contains(said, "Loaded 3 entries") {
		t.Errorf("paste result after the re-read says %q", said)
	}
}

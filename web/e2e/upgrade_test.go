package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/middleware-playground/playground/stack"
)

// The upgrade dialog on the default stack, picked on 3.2: it compares with
// the newest version, lists the requests the engine's Compare finds
// different, names the headers, and Esc closes it back to its button.
func TestUpgradeDialogListsDifferences(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	p.pickVersion("3.2")
	p.run(chromedp.ScrollIntoView(chromedp.CSS(`#upgrade-open`)))
	p.viewport("upgrade-button")
	p.run(chromedp.Focus(chromedp.CSS(`#upgrade-open`)))
	p.key(kb.Enter)
	p.waitFor("the upgrade rows", `document.querySelectorAll('#upgrade-dialog [data-testid=upgrade-row]').length > 0`)

	newest := slices.Max(stack.KnownVersions())
	if to := eval[string](p, `document.getElementById('upgrade-to').value`); to != newest {
		t.Errorf("the dialog compares with %s, want the newest other version %s", to, newest)
	}
	sc := stack.Scenario{Django: "3.2", Middleware: stack.DefaultMiddleware(), Requests: stack.SampleRequests()}
	_, _, diffs, err := stack.CompareVersions(&sc, "3.2", newest)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range diffs {
		want = append(want, d.ID)
	}
	got := eval[[]string](p, `[...document.querySelectorAll('#upgrade-dialog [data-testid=upgrade-row]')].map(r => r.dataset.id)`)
	if !slices.Equal(got, want) {
		t.Errorf("the dialog lists %v, want the requests Compare finds different: %v", got, want)
	}
	coop := eval[[]string](p, `[...document.querySelectorAll('#upgrade-dialog [data-testid=upgrade-header][data-name=cross-origin-opener-policy]')].map(r => r.innerText)`)
	if len(coop) == 0 || !strings.Contains(coop[0], "(none)") || !strings.Contains(coop[0], "same-origin") {
		t.Errorf("Cross-Origin-Opener-Policy rows %q; want absent on 3.2 and same-origin on %s", coop, newest)
	}
	heading := eval[string](p, `document.getElementById('upgrade-title').textContent`)
	if !strings.Contains(heading, "Django 3.2") {
		t.Errorf("dialog heading %q does not name the current version", heading)
	}
	if tally := eval[string](p, `document.querySelector('[data-testid=upgrade-tally]').textContent`); !strings.Contains(tally, fmt.Sprintf("%d of %d", len(want), len(sc.Requests))) {
		t.Errorf("tally %q, want %d of %d", tally, len(want), len(sc.Requests))
	}
	p.viewport("upgrade-dialog")

	p.key(kb.Escape)
	p.waitFor("the dialog closed", `!document.getElementById('upgrade-dialog').open`)
	if id := eval[string](p, `document.activeElement.id`); id != "upgrade-open" {
		t.Errorf("after Esc, focus is on %q, want the button that opened the dialog", id)
	}
	p.checkConsole()
}

// LoginRequiredMiddleware came with Django 5.1: the palette says so on
// 3.2 and offers it again on 5.2.
func TestPaletteKnowsVersions(t *testing.T) {
	p := openTab(t, browser(t), newServer(t).URL)
	const btn = `document.querySelector('[data-testid="add-LoginRequiredMiddleware"]')`
	p.run(chromedp.Click(chromedp.CSS(`#palette > summary`)))
	p.pickVersion("3.2")
	state := func() (disabled bool, text, name string) {
		v := eval[[]any](p, `[`+btn+`.disabled, `+btn+`.querySelector('.pal-verb').textContent, `+btn+`.textContent]`)
		return v[0].(bool), v[1].(string), v[2].(string)
	}
	disabled, text, name := state()
	if !disabled || text != "needs Django 5.1" || !strings.Contains(name, "needs Django 5.1") {
		t.Errorf("on 3.2 the palette entry is disabled=%v, says %q, named %q; want disabled and needs Django 5.1", disabled, text, name)
	}
	p.run(chromedp.ScrollIntoView(chromedp.CSS(`[data-testid="add-LoginRequiredMiddleware"]`)))
	p.viewport("palette-on-3.2")

	p.pickVersion("5.2")
	disabled, text, name = state()
	if disabled || text != "Add" || !strings.Contains(name, "LoginRequiredMiddleware") {
		t.Fatalf("on 5.2 the palette entry is disabled=%v, says %q, named %q; want addable", disabled, text, name)
	}
	before := p.runs()
	p.run(chromedp.Click(chromedp.CSS(`[data-testid="add-LoginRequiredMiddleware"]`)))
	p.waitFor("results after adding", fmt.Sprintf(`Number(document.body.dataset.runs) > %d`, before))
	if got := p.stack(); got[len(got)-1] != "LoginRequiredMiddleware" {
		t.Errorf("after adding on 5.2 the stack is %v", got)
	}
	if _, text, _ = state(); text != "In the stack" {
		t.Errorf("after adding, the entry says %q", text)
	}
	p.checkConsole()
}

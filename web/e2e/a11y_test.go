package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored as a test asset (testdata/README.md).
//
//go:embed testdata/axe.min.js
var axeSource string

// scheme makes the page's system colour scheme light or dark.
func (p *page) scheme(s string) {
	p.t.Helper()
	p.run(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}},
		})
		return err
	}))
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
		HTML    string `json:"html"`
	} `json:"nodes"`
}

// axe runs axe-core on the page as it stands and fails the test for each
// violation, naming the elements.
func (p *page) axe(what string) { p.axeOn(what, "document", "") }

// axeOn runs axe-core on what the JavaScript expression context selects,
// all rules or only the one named.
func (p *page) axeOn(what, context, rule string) {
	p.t.Helper()
	// DevTools evaluation is not bound by the page's CSP, so the
	// vendored file can be injected as it is.
	if !eval[bool](p, `typeof axe === 'object'`) {
		p.eval0(axeSource)
	}
	only := ""
	if rule != "" {
		only = fmt.Sprintf(", runOnly: [%q]", rule)
	}
	out, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`axe.run(`+context+`, {resultTypes: ['violations']`+only+`}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("axe on %s: %v", what, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		p.t.Fatal(err)
	}
	for _, v := range vs {
		var nodes []string
		for i, n := range v.Nodes {
			if i == 5 {
				nodes = append(nodes, fmt.Sprintf("… %d more", len(v.Nodes)-5))
				break
			}
			nodes = append(nodes, fmt.Sprintf("%v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		p.t.Errorf("axe on %s: %s (%s, %d elements): %s\n    %s", what, v.ID, v.Impact, len(v.Nodes), v.Help, strings.Join(nodes, "\n    "))
	}
	if len(vs) == 0 && rule == "" {
		p.t.Logf("axe on %s: no violations", what)
	}
}

// openEverything opens every <details> panel, and the trace of the first
// failing request when the page has results.
func (p *page) openEverything() {
	p.t.Helper()
	p.eval0(`document.querySelectorAll('details').forEach(d => d.open = true)`)
	if eval[bool](p, `!!document.querySelector('tr.rrow .open-trace')`) {
		p.eval0(`(document.querySelector('tr.rrow.v-fail .open-trace') || document.querySelector('tr.rrow .open-trace')).click()`)
		p.waitFor("the trace", `!!document.querySelector('[data-testid=trace] [data-testid=steps]')`)
	}
}

// axe-core finds nothing on any page, in the light and the dark theme,
// with every panel and a trace open.
func TestAccessibilityBothThemes(t *testing.T) {
	ts := newServer(t)
	for _, scheme := range []string{"light", "dark"} {
		for _, path := range []string{"/", "/exercises", "/exercises/auth-above-session", "/rules"} {
			t.Run(scheme+path, func(t *testing.T) {
				p := openTab(t, browser(t), ts.URL+path)
				p.scheme(scheme)
				p.waitFor("the "+scheme+" theme", fmt.Sprintf(`document.documentElement.dataset.theme === %q`, scheme))
				p.openEverything()
				p.axe(scheme + " " + path)
				p.viewport(scheme)
				p.hoverAndFocus(scheme + " " + path)
			})
		}
	}
}

// hoverAndFocus checks the colours of hovered and focused controls, which
// a static axe run does not see: the real mouse rests on each control in
// turn, then the keyboard focuses it.
func (p *page) hoverAndFocus(what string) {
	p.t.Helper()
	sels := eval[[]string](p, `(() => {
		const seen = new Set(), out = [];
		for (const el of document.querySelectorAll('header button, header a, .panel-head button, tr.rrow button, .pal-add, .close-trace, .ex-help button, .success-actions a, .ex-item a, .rules a')) {
			const key = el.className + el.tagName;
			if (seen.has(key) || el.disabled || !el.getClientRects().length) continue;
			seen.add(key);
			el.dataset.probe = String(out.length);
			out.push('[data-probe="' + out.length + '"]');
		}
		return out;
	})()`)
	for _, sel := range sels {
		p.run(chromedp.ScrollIntoView(chromedp.CSS(sel)))
		b := p.box(sel)
		// Hovered and focused at once: one axe run a control keeps the
		// test within its tab's time on a busy machine.
		p.eval0(fmt.Sprintf(`document.querySelector(%q).focus()`, sel))
		p.run(chromedp.MouseEvent(chromedp.MouseMoved, b.X+b.W/2, b.Y+b.H/2))
		p.axeOn(what+" hovering and focusing "+sel, fmt.Sprintf(`document.querySelector(%q)`, sel), "color-contrast")
	}
	p.run(chromedp.MouseEvent(chromedp.MouseMoved, 0, 0))
	p.t.Logf("%s: %d controls checked hovered and focused", what, len(sels))
}

// The theme follows the system until the visitor picks one; the pick is
// remembered across pages and reloads, and picking the system's theme
// again goes back to following the system.
func TestThemeToggleIsRemembered(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL, chromedp.WithNewBrowserContext())
	theme := func() string { return eval[string](p, `document.documentElement.dataset.theme`) }
	p.scheme("light")
	p.waitFor("the light theme", `document.documentElement.dataset.theme === 'light'`)
	p.scheme("dark")
	p.waitFor("the system's dark theme", `document.documentElement.dataset.theme === 'dark'`)
	if bg := eval[string](p, `getComputedStyle(document.body).backgroundColor`); bg == "rgb(244, 247, 245)" {
		t.Errorf("dark theme, but the page background is still the light one")
	}
	p.scheme("light")
	p.waitFor("back to light", `document.documentElement.dataset.theme === 'light'`)
	p.run(chromedp.Click(chromedp.CSS(`[data-testid=theme-toggle]`)))
	if theme() != "dark" || eval[string](p, `document.querySelector('[data-testid=theme-toggle]').getAttribute('aria-pressed')`) != "true" {
		t.Fatalf("after the toggle: theme %q", theme())
	}
	p.run(chromedp.Navigate(ts.URL+"/rules"), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if theme() != "dark" {
		t.Errorf("the rules page forgot the pick: %q", theme())
	}
	if pressed := eval[string](p, `document.querySelector('[data-testid=theme-toggle]').getAttribute('aria-pressed')`); pressed != "true" {
		t.Errorf("on the rules page the toggle says aria-pressed=%s", pressed)
	}
	// The pick is drawn by the server, before any script could apply it.
	served := `fetch('/rules').then(r => r.text()).then(t => t.slice(0, 60))`
	if html, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](served, chromedp.EvalAwaitPromise)); err != nil || !strings.Contains(html, `data-theme="dark"`) {
		t.Errorf("the server drew the picked page as %q (%v)", html, err)
	}
	p.run(chromedp.Click(chromedp.CSS(`[data-testid=theme-toggle]`)))
	if theme() != "light" || eval[bool](p, `document.cookie.includes('theme=')`) {
		t.Errorf("picking the system's theme again: theme %q, cookies %q", theme(), eval[string](p, `document.cookie`))
	}
	p.scheme("dark")
	p.waitFor("following the system again", `document.documentElement.dataset.theme === 'dark'`)
}

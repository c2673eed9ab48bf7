package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// exerciseShots is where the exercise tests' screenshots are copied for
// people to look at (each test also keeps them in its t.TempDir()).
const exerciseShots = "/tmp/exercise-shots"

func (p *page) exerciseShot(name string, full bool) {
	p.t.Helper()
	action := chromedp.CaptureScreenshot()
	if full {
		action = chromedp.FullScreenshot(100) // 100: PNG; lower qualities are JPEG
	}
	buf, err := chromedp.Run(p.ctx, action)
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return
	}
	shots[p.t.Name()]++
	file := strings.ReplaceAll(fmt.Sprintf("%s-%02d-%s.png", p.t.Name(), shots[p.t.Name()], name), "/", "_")
	for _, dir := range []string{p.t.TempDir(), exerciseShots} {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			os.WriteFile(filepath.Join(dir, file), buf, 0o644)
		}
	}
}

const goalsPassed = `[...document.querySelectorAll('[data-testid=goal]')].filter(g => g.dataset.passed === 'true').length`

const checks = `Number(document.body.dataset.checks || 0)`

// TestSolveAnExerciseEndToEnd: a learner opens an exercise, drags
// SessionMiddleware above AuthenticationMiddleware with the mouse, the
// goals turn green, the explanation shows; after a reload the exercise
// opens solved with that answer, starting over brings the broken stack
// back (and keeps it after a reload), and the list shows it solved.
func TestSolveAnExerciseEndToEnd(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL+"/exercises/auth-above-session", chromedp.WithNewBrowserContext())
	p.waitFor("the page", `document.body.dataset.ready === 'true'`)
	help := eval[string](p, `document.getElementById('mw-help').textContent`)
	if !strings.Contains(help, "Esc") {
		t.Errorf("the keyboard help does not mention Esc: %q", help)
	}
	links := eval[[]string](p, `[...document.querySelectorAll('header a')].map(a => a.getAttribute('href'))`)
	if !slices.Contains(links, "/") || !slices.Contains(links, "/rules") {
		t.Errorf("the header links to %v; want the sandbox (/) and /rules", links)
	}
	if eval[bool](p, `!document.getElementById('solved-mark').hidden || !!document.getElementById('solved-banner')`) {
		t.Error("a new exercise is marked solved")
	}
	total := eval[int](p, `document.querySelectorAll('[data-testid=goal]').length`)
	if passed := eval[int](p, goalsPassed); total != 4 || passed == total {
		t.Fatalf("at the start %d of %d goals pass; want 4 goals, some failing", passed, total)
	}
	if !eval[bool](p, `document.getElementById('success').hidden`) {
		t.Error("the success panel shows before the exercise is solved")
	}
	reason := eval[string](p, `document.querySelector('[data-goal=health-200] .goal-reason').textContent`)
	if !strings.Contains(reason, "answered 500 from AuthenticationMiddleware") {
		t.Errorf("the failing goal's reason is %q", reason)
	}
	p.exerciseShot("start", true)

	// A hint, revealed on request.
	p.run(chromedp.Click(chromedp.CSS(`#hint`)))
	p.waitFor("the first hint", `document.querySelectorAll('#hints li').length === 1`)

	// The fix, with a real mouse drag by the grip.
	before := eval[int](p, checks)
	grip := p.box(fmt.Sprintf(sel, pathSession) + " .grip")
	target := p.box(fmt.Sprintf(sel, pathAuth))
	p.drag(grip.X+grip.W/2, grip.Y+grip.H/2, grip.X+grip.W/2, target.Y+target.H*0.3)
	p.waitFor("a check after the drop", fmt.Sprintf(`%s > %d`, checks, before))
	p.waitFor("every goal green", fmt.Sprintf(`%s === %d`, goalsPassed, total))
	if got := p.stack(); got[1] != "SessionMiddleware" || got[2] != "AuthenticationMiddleware" {
		t.Fatalf("after the drag the stack is %v", got)
	}
	p.waitFor("the explanation", `!document.getElementById('success').hidden`)
	expl := eval[string](p, `document.getElementById('explanation').textContent`)
	if !strings.Contains(expl, "assert hasattr(request, 'session')") {
		t.Errorf("the explanation does not say what Django does: %q", expl)
	}
	if next := eval[string](p, `document.getElementById('next-exercise').getAttribute('href')`); next != "/exercises/messages-need-sessions" {
		t.Errorf("next exercise link = %q", next)
	}
	green := eval[string](p, `getComputedStyle(document.querySelector('[data-goal=health-200]')).backgroundColor`)
	p.exerciseShot("solved", true)
	if green != "rgb(227, 245, 234)" {
		t.Errorf("a passed goal's background is %q, want the pale green rgb(227, 245, 234)", green)
	}

	// Share the solved answer.
	p.run(chromedp.Click(chromedp.CSS(`#share-answer`)))
	p.waitFor("the share link", `document.getElementById('share-url').value.includes('/exercises/auth-above-session/a/')`)

	if eval[bool](p, `document.getElementById('solved-mark').hidden`) {
		t.Error("the solved mark did not appear when the exercise was solved")
	}

	// A reload opens it solved, on the learner's answer.
	p.run(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if got := p.stack(); got[1] != "SessionMiddleware" || got[2] != "AuthenticationMiddleware" {
		t.Errorf("after a reload the stack is %v, want the learner's answer", got)
	}
	if passed := eval[int](p, goalsPassed); passed != total {
		t.Errorf("after a reload %d of %d goals are met", passed, total)
	}
	if !eval[bool](p, `!document.getElementById('solved-mark').hidden && !!document.getElementById('solved-banner') && !document.getElementById('success').hidden`) {
		t.Error("after a reload the solved exercise shows no solved mark, banner or explanation")
	}
	if failed := eval[int](p, `Number(document.querySelector('[data-testid=results]').dataset.failed)`); failed != 0 {
		t.Errorf("after a reload the results show %d failing requests", failed)
	}
	p.exerciseShot("reopened-solved", true)

	// Start over: the broken stack again, here and after a reload; the
	// exercise stays solved in the learner's record.
	before = eval[int](p, checks)
	p.run(chromedp.Click(chromedp.CSS(`[data-testid=start-over-banner]`)))
	p.waitFor("a check after starting over", fmt.Sprintf(`%s > %d`, checks, before))
	if got := p.stack(); got[1] != "AuthenticationMiddleware" || got[2] != "SessionMiddleware" {
		t.Errorf("after starting over the stack is %v", got)
	}
	if passed := eval[int](p, goalsPassed); passed == total {
		t.Error("after starting over every goal is still met")
	}
	if !eval[bool](p, `document.getElementById('success').hidden`) {
		t.Error("the success panel stays after starting over")
	}
	p.exerciseShot("started-over", true)
	p.run(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if got := p.stack(); got[1] != "AuthenticationMiddleware" {
		t.Errorf("after starting over and a reload the stack is %v, want the starting stack", got)
	}
	if eval[bool](p, `!!document.getElementById('solved-banner') || document.getElementById('solved-mark').hidden`) {
		t.Error("after starting over, the page should keep the solved mark and drop the solved banner")
	}

	// The list, after a reload, shows it solved.
	p.run(chromedp.Navigate(ts.URL+"/exercises"), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	p.run(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	solved := eval[[]string](p, `[...document.querySelectorAll('[data-testid=exercise-item][data-solved=true]')].map(li => li.dataset.id)`)
	if len(solved) != 1 || solved[0] != "auth-above-session" {
		t.Errorf("the list shows %v solved, want just auth-above-session", solved)
	}
	p.exerciseShot("list-after-reload", true)
}

// TestShowSolutionAsksFirst: the solution is shown only after the learner
// confirms, and then it does not count as solved.
func TestShowSolutionAsksFirst(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL+"/exercises/csrf-token-post", chromedp.WithNewBrowserContext())
	p.waitFor("the page", `document.body.dataset.ready === 'true'`)
	p.run(chromedp.Click(chromedp.CSS(`#show-solution`)))
	p.waitFor("the confirmation", `document.getElementById('solution-dialog').open`)
	p.exerciseShot("solution-confirm", false)
	p.run(chromedp.Click(chromedp.CSS(`#solution-confirm`)))
	p.waitFor("the solved state", `document.body.dataset.solved === 'true' && !document.getElementById('success').hidden`)
	variant := eval[string](p, `document.querySelector('[data-testid=variant-app-post]').value`)
	if variant != "drf-token" {
		t.Errorf("the solution left the app's request as %q, want drf-token", variant)
	}
	counted := eval[string](p, `document.getElementById('success-counted').textContent`)
	if !strings.Contains(counted, "not counted") {
		t.Errorf("after a shown solution the page says %q", counted)
	}
	p.exerciseShot("solution-shown", true)
	p.run(chromedp.Navigate(ts.URL+"/exercises"), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if n := eval[int](p, `document.querySelectorAll('[data-testid=exercise-item][data-solved=true]').length`); n != 0 {
		t.Errorf("%d exercises show as solved after only seeing a solution", n)
	}
}

// TestUnsolvedExerciseReopensOnLastAttempt: a learner who leaves an
// exercise half done finds it as they left it: the stack and the client's
// variant, with the goals' verdict on that attempt.
func TestUnsolvedExerciseReopensOnLastAttempt(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL+"/exercises/csrf-token-post", chromedp.WithNewBrowserContext())
	p.waitFor("the page", `document.body.dataset.ready === 'true'`)
	before := eval[int](p, checks)
	p.run(chromedp.Click(chromedp.CSS(`#mw-list li.mw[data-path="django.middleware.clickjacking.XFrameOptionsMiddleware"] .rm`)))
	p.waitFor("a check after removing", fmt.Sprintf(`%s > %d`, checks, before))
	before = eval[int](p, checks)
	p.eval0(`(() => { const s = document.querySelector('[data-testid=variant-app-post]'); s.value = 'drf-jwt'; s.dispatchEvent(new Event('change')); })()`)
	p.waitFor("a check after choosing a variant", fmt.Sprintf(`%s > %d`, checks, before))
	want := p.stack()
	passed := eval[int](p, goalsPassed)
	if eval[string](p, `document.body.dataset.solved`) != "false" {
		t.Fatal("this attempt was meant to leave the exercise unsolved")
	}

	p.run(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if got := p.stack(); !equal(got, want) || slices.Contains(got, "XFrameOptionsMiddleware") {
		t.Errorf("after a reload the stack is %v, want the last attempt %v", got, want)
	}
	if v := eval[string](p, `document.querySelector('[data-testid=variant-app-post]').value`); v != "drf-jwt" {
		t.Errorf("after a reload the client sends %q, want the chosen drf-jwt", v)
	}
	if got := eval[int](p, goalsPassed); got != passed {
		t.Errorf("after a reload %d goals are met, before it %d", got, passed)
	}
	if eval[bool](p, `!!document.getElementById('solved-banner') || !document.getElementById('solved-mark').hidden`) {
		t.Error("an unsolved exercise reopens marked solved")
	}
	p.exerciseShot("reopened-unsolved", true)
}

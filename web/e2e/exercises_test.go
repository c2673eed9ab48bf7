package e2e

import (
	"fmt"
	"os"
	"path/filepath"
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

// TestSolveAnExerciseEndToEnd: a learner opens an exercise, drags
// SessionMiddleware above AuthenticationMiddleware with the mouse, the
// goals turn green, the explanation shows, and after a reload the list
// shows the exercise solved.
func TestSolveAnExerciseEndToEnd(t *testing.T) {
	ts := newServer(t)
	p := openTab(t, browser(t), ts.URL+"/exercises/auth-above-session", chromedp.WithNewBrowserContext())
	p.waitFor("the first check", `Number(document.body.dataset.checks || 0) >= 1`)
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
	before := eval[int](p, `Number(document.body.dataset.checks)`)
	grip := p.box(fmt.Sprintf(sel, pathSession) + " .grip")
	target := p.box(fmt.Sprintf(sel, pathAuth))
	p.drag(grip.X+grip.W/2, grip.Y+grip.H/2, grip.X+grip.W/2, target.Y+target.H*0.3)
	p.waitFor("a check after the drop", fmt.Sprintf(`Number(document.body.dataset.checks) > %d`, before))
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
	p.waitFor("the first check", `Number(document.body.dataset.checks || 0) >= 1`)
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

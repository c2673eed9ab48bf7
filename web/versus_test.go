package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/exercises"
)

// versus asks for the comparison of an answer with the reference: the
// status and the body (HTML, or a JSON error).
func (l *learner) versus(id string, a exercises.Attempt) (int, string) {
	l.t.Helper()
	resp, err := l.client.Post(l.base+"/ui/exercises/"+id+"/versus", "application/json", strings.NewReader(attemptJSON(l.t, a)))
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var (
	versusDiffer   = regexp.MustCompile(`data-testid="versus" data-differ="(\d+)"`)
	versusRequests = regexp.MustCompile(`data-testid="versus-request" data-id="([^"]+)"`)
	versusMarks    = regexp.MustCompile(`data-mark="([^"]+)"`)
)

func differCount(t *testing.T, html string) string {
	t.Helper()
	m := versusDiffer.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no comparison in %.300q", html)
	}
	return m[1]
}

// TestVersusSameAnswerAsReference: the reference itself behaves exactly
// like the reference, with nothing marked.
func TestVersusSameAnswerAsReference(t *testing.T) {
	l := newLearner(t, exServer(t, filepath.Join(t.TempDir(), "ex.db")).URL)
	ex := reference(t, "auth-above-session")
	code, html := l.versus(ex.ID, ex.Solutions[0].Attempt())
	if code != http.StatusOK {
		t.Fatalf("versus: %d %s", code, html)
	}
	if n := differCount(t, html); n != "0" {
		t.Errorf("%s requests differ from the reference under the reference itself", n)
	}
	if !strings.Contains(html, "Your answer behaves exactly like the reference on every request") || strings.Contains(html, "not the same answer") {
		t.Errorf("the verdict on the reference itself: %.600q", html)
	}
	if m := versusMarks.FindAllStringSubmatch(html, -1); len(m) != 0 {
		t.Errorf("entries marked different in identical stacks: %v", m)
	}
}

// TestVersusOtherOrderBehavesTheSame: the exercise's second solution is
// another order that no request tells apart from the first: it behaves
// exactly like the reference, and the page says it is still a different
// answer and marks where.
func TestVersusOtherOrderBehavesTheSame(t *testing.T) {
	l := newLearner(t, exServer(t, filepath.Join(t.TempDir(), "ex.db")).URL)
	ex := reference(t, "auth-above-session")
	code, html := l.versus(ex.ID, ex.Solutions[1].Attempt())
	if code != http.StatusOK {
		t.Fatalf("versus: %d %s", code, html)
	}
	if n := differCount(t, html); n != "0" {
		t.Errorf("%s requests differ; the second solution behaves like the first", n)
	}
	if !strings.Contains(html, "Your answer behaves exactly like the reference on every request") || !strings.Contains(html, "It is not the same answer") {
		t.Errorf("the verdict on another order: %.800q", html)
	}
	if !strings.Contains(html, `data-mark="placed differently"`) {
		t.Errorf("no entry marked as placed differently: %.2000q", html)
	}
}

// TestVersusListsTheRequestsThatDiffer: answers that meet every goal may
// still differ from the reference where the goals leave room; each such
// request is listed with the fields that differ, both values, and where
// the runs part.
func TestVersusListsTheRequestsThatDiffer(t *testing.T) {
	l := newLearner(t, exServer(t, filepath.Join(t.TempDir(), "ex.db")).URL)
	for _, c := range []struct {
		exercise, differ string
		requests         []string
		fields           []string
	}{
		// XFrameOptionsMiddleware above CommonMiddleware marks its redirect too.
		{"default-order", "1", []string{"no-slash"}, []string{`data-field="header x-frame-options"`}},
		// LoginRequiredMiddleware instead of the view's own check answers the expired JWT.
		{"cors-preflight", "3", nil, []string{`data-field="answered by"`, `data-field="view run"`, `data-field="user at the view"`, `data-mark="only here"`}},
	} {
		ex := reference(t, c.exercise)
		last := ex.Solutions[len(ex.Solutions)-1]
		code, html := l.versus(ex.ID, last.Attempt())
		if code != http.StatusOK {
			t.Fatalf("%s: versus: %d %s", c.exercise, code, html)
		}
		if n := differCount(t, html); n != c.differ {
			t.Errorf("%s: %s requests differ, want %s", c.exercise, n, c.differ)
		}
		var ids []string
		for _, m := range versusRequests.FindAllStringSubmatch(html, -1) {
			ids = append(ids, m[1])
		}
		if strings.Join(ids, ",") == "" || (c.requests != nil && strings.Join(ids, ",") != strings.Join(c.requests, ",")) {
			t.Errorf("%s: requests listed %v, want %v", c.exercise, ids, c.requests)
		}
		for _, f := range c.fields {
			if !strings.Contains(html, f) {
				t.Errorf("%s: no %s in %.3000q", c.exercise, f, html)
			}
		}
		if strings.Count(html, "parts at:") != 2*len(ids) {
			t.Errorf("%s: each differing request should say where both runs part", c.exercise)
		}
		if strings.Contains(html, "behaves exactly like") {
			t.Errorf("%s: a different behaviour is called exactly like the reference", c.exercise)
		}
	}
}

// TestVersusRefusedBeforeSolving: an answer that fails a goal gets no
// comparison (it would give the reference away), in words, as JSON; the
// exercise page shows none until it is solved, then shows it on reopening.
func TestVersusRefusedBeforeSolving(t *testing.T) {
	l := newLearner(t, exServer(t, filepath.Join(t.TempDir(), "ex.db")).URL)
	ex := reference(t, "auth-above-session")
	code, body := l.versus(ex.ID, ex.Start())
	var e struct{ Error string }
	if err := json.Unmarshal([]byte(body), &e); err != nil || code != http.StatusForbidden || !strings.Contains(e.Error, "meets every goal") {
		t.Errorf("an unsolved answer: %d %s; want 403 saying it must meet every goal", code, body)
	}
	if strings.Contains(l.page(ex.ID), `data-testid="versus"`) {
		t.Error("the exercise page shows the comparison before it is solved")
	}
	var v runReply
	if code := l.do("POST", "/ui/exercises/"+ex.ID+"/run", runBody(t, ex.Solutions[1].Attempt(), -1), &v); code != 200 || !v.Check.Solved {
		t.Fatalf("solving: %d, solved %v", code, v.Check.Solved)
	}
	if page := l.page(ex.ID); !strings.Contains(page, `data-testid="versus" data-differ="0"`) || !strings.Contains(page, "It is not the same answer") {
		t.Error("the solved exercise reopens without the comparison of the learner's answer")
	}
}

func (l *learner) page(id string) string {
	l.t.Helper()
	resp, err := l.client.Get(l.base + "/exercises/" + id)
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

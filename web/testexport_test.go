package web_test

import (
	"net/http"
	"strings"
	"testing"
)

const exportScenario = `{"name": "auth-above-session", "django": "3.2",
 "middleware": ["django.middleware.security.SecurityMiddleware", "django.contrib.auth.middleware.AuthenticationMiddleware",
  "django.contrib.sessions.middleware.SessionMiddleware"],
 "settings": {"RATE_LIMIT": 5},
 "requests": [{"id": "health", "path": "/health/", "expect": {"status": 200, "text": "the health check answers ok"}},
  {"id": "alice", "path": "/", "auth": ["session:alice"], "expect": {"status": 200, "user": "alice", "text": "alice is greeted"}}]}`

func TestExportDjangoTestAPI(t *testing.T) {
	ts := newServer(t)

	resp, body := do(t, ts, "POST", "/api/export/django-test", exportScenario)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/x-python") {
		t.Fatalf("status %d, type %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	for _, want := range []string{
		"class AuthAboveSessionTests(PlaygroundTestCase):",
		"'django.contrib.auth.middleware.AuthenticationMiddleware',\n        'django.contrib.sessions.middleware.SessionMiddleware',",
		"RATE_LIMIT=5,",
		"def test_01_health(self):",
		"def test_02_alice(self):",
		"browser.force_login(self.users['alice'])",
		"self.check(self.request_2(), 'alice is greeted', status=200, user='alice')",
		"FAILS on this order",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("export lacks %q:\n%s", want, body)
		}
	}

	// One request: only its test, the requests before it still replayed.
	_, one := do(t, ts, "POST", "/api/export/django-test?request=1", exportScenario)
	if strings.Contains(one, "def test_01_health") || !strings.Contains(one, "def test_02_alice") || !strings.Contains(one, "self.replay(1)") {
		t.Errorf("?request=1 should export only the second request's test, replaying the first:\n%s", one)
	}

	for _, c := range []struct {
		path, body string
		status     int
		msg        string
	}{
		{"/api/export/django-test?request=2", exportScenario, 400, "no request 2"},
		{"/api/export/django-test?request=x", exportScenario, 400, "not a request index"},
		{"/api/export/django-test", `{"middleware": [], "requests": [{"path": "nope"}]}`, 400, "requests[0].path"},
		{"/api/export/django-test", `{"middleware": [], "requests": []}`, 400, "no request to export"},
	} {
		resp, body := do(t, ts, "POST", c.path, c.body)
		if resp.StatusCode != c.status || !strings.Contains(body, c.msg) {
			t.Errorf("%s %s: got %d %s, want %d naming %q", c.path, c.body, resp.StatusCode, body, c.status, c.msg)
		}
	}
}

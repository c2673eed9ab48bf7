package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/stack/settingspy"
)

// The hardening issue's paste bomb: 113 bytes that ask for 300 GB of
// copying. The reader's budget refuses it, at the line that does the
// work, in words a user understands.
func TestPasteBombIsRefused(t *testing.T) {
	ts := newServer(t)
	bomb := "s = 'a' * 300000\nMIDDLEWARE = []\nfor i in range(1000):\n    for j in range(1000):\n        s = s.replace('a', 'a')\n"
	text, _ := json.Marshal(bomb)
	resp, out := do(t, ts, "POST", "/ui/paste", `{"text": `+string(text)+`}`)
	if resp.StatusCode != 400 {
		t.Fatalf("bomb = %d %s", resp.StatusCode, out)
	}
	msg := errorOf(t, out)
	if !strings.HasPrefix(msg, "line 5: ") || !strings.Contains(msg, "too much work to be read without running it") {
		t.Errorf("bomb error = %q", msg)
	}
}

// The request's context reaches the reader: when the client is gone, the
// evaluation stops.
func TestPasteStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := settingspy.Parse(ctx, []byte("MIDDLEWARE = []\nwhile True:\n    pass\n"), settingspy.Options{Filename: "settings.py"})
	var pe *settingspy.ParseError
	if !errors.As(err, &pe) || !strings.Contains(pe.Msg, "stopped before it finished") {
		t.Errorf("got %v, want a ParseError saying the reading was stopped", err)
	}
}

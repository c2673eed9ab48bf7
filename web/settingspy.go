package web

import (
	"context"
	"errors"
	"fmt"

	"github.com/middleware-playground/playground/stack/settingspy"
)

// LineError is a problem at a known line of a pasted file.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// parseSettingsPy reads a pasted file as a run with DEBUG = debug and the
// environment env would, with the reader's errors turned into the page's.
// A file that needs more work than a settings file does is refused by the
// reader's budget, at the line it got to; ctx (the request's) stops it
// too.
func parseSettingsPy(ctx context.Context, src []byte, debug bool, env map[string]string) (*settingspy.Result, error) {
	res, err := settingspy.Parse(ctx, src, settingspy.Options{Debug: debug, Env: env, Filename: "settings.py"})
	var pe *settingspy.ParseError
	switch {
	case errors.As(err, &pe):
		return nil, &LineError{Line: pe.Line, Msg: pe.Msg}
	case errors.Is(err, settingspy.ErrNoMiddleware):
		return nil, errors.New("no MIDDLEWARE = [...] found; paste the part of settings.py that sets MIDDLEWARE")
	case err != nil:
		return nil, err
	}
	return res, nil
}

// pastedEntry is one entry of a pasted MIDDLEWARE with the condition it
// is under: "" when every run has it, else whenDebug or whenNotDebug.
type pastedEntry struct {
	settingspy.Entry
	When string
}

// readConditional reads the file twice, as a run with DEBUG on and one
// with it off would, and lines the two lists up: an entry only one run
// has is under that run's condition (`if DEBUG:` or `if not DEBUG:`).
// The merged list keeps both runs' orders, so the export can write the
// conditional blocks back where the file had them.
func readConditional(ctx context.Context, src []byte, debug bool, env map[string]string) (asked *settingspy.Result, merged []pastedEntry, err error) {
	asked, err = parseSettingsPy(ctx, src, debug, env)
	if err != nil {
		return nil, nil, err
	}
	other, err := parseSettingsPy(ctx, src, !debug, env)
	if err != nil {
		// The other run fails (say, MIDDLEWARE is only set under
		// `if DEBUG:`): nothing can be told apart; every entry is taken
		// as unconditional.
		for _, e := range asked.Entries {
			merged = append(merged, pastedEntry{Entry: e})
		}
		return asked, merged, nil
	}
	on, off := asked.Entries, other.Entries
	if !debug {
		on, off = off, on
	}
	return asked, alignRuns(on, off), nil
}

// alignRuns merges the DEBUG-on and DEBUG-off lists along their longest
// common subsequence of paths.
func alignRuns(on, off []settingspy.Entry) []pastedEntry {
	var out []pastedEntry
	alignLCS(len(on), len(off), func(i, j int) bool { return on[i].Path == off[j].Path }, func(i, j int) {
		switch {
		case j < 0:
			out = append(out, pastedEntry{Entry: on[i], When: whenDebug})
		case i < 0:
			out = append(out, pastedEntry{Entry: off[j], When: whenNotDebug})
		default:
			out = append(out, pastedEntry{Entry: on[i]})
		}
	})
	return out
}

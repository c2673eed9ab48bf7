package web

import (
	"context"
	"errors"

	"github.com/middleware-playground/playground/stack/settingspy"
)

// settingsPy adapts stack/settingspy to SettingsParser.
type settingsPy struct{}

// SettingsPy is the settings.py reader the server uses.
func SettingsPy() SettingsParser { return settingsPy{} }

// ParseMiddleware reads a paste. A file that needs more work than a
// settings file does is refused by the reader's budget with a message
// saying so, at the line it got to; ctx (the request's) stops it too.
func (settingsPy) ParseMiddleware(ctx context.Context, src []byte, debug bool) (*ParsedMiddleware, error) {
	res, err := settingspy.Parse(ctx, src, settingspy.Options{Debug: debug, Filename: "settings.py"})
	var pe *settingspy.ParseError
	switch {
	case errors.As(err, &pe):
		return nil, &LineError{Line: pe.Line, Msg: pe.Msg}
	case errors.Is(err, settingspy.ErrNoMiddleware):
		return nil, errors.New("no MIDDLEWARE = [...] found; paste the part of settings.py that sets MIDDLEWARE")
	case err != nil:
		return nil, err
	}
	out := &ParsedMiddleware{Setting: res.Setting, Warnings: res.Warnings, Settings: res.Settings}
	for _, e := range res.Entries {
		out.Paths = append(out.Paths, e.Path)
		out.Lines = append(out.Lines, e.Line)
	}
	return out, nil
}

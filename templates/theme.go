package templates

import (
	"context"

	"github.com/a-h/templ"
)

type themeKey struct{}

// WithTheme is ctx carrying the colour theme a visitor picked ("light" or
// "dark"; anything else means none, and the page follows the system).
// Pages render it into <html data-theme>, so a pick shows from the first
// paint with no script in the way.
func WithTheme(ctx context.Context, theme string) context.Context {
	if theme != "light" && theme != "dark" {
		return ctx
	}
	return context.WithValue(ctx, themeKey{}, theme)
}

// Theme is the theme ctx carries, "" for none.
func Theme(ctx context.Context) string {
	t, _ := ctx.Value(themeKey{}).(string)
	return t
}

// themeAttrs are the attributes of <html> for the picked theme.
func themeAttrs(ctx context.Context) templ.Attributes {
	if t := Theme(ctx); t != "" {
		return templ.Attributes{"data-theme": t}
	}
	return nil
}

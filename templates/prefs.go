package templates

import (
	"context"

	"github.com/a-h/templ"
)

// Prefs are what a visitor chose on the pages, kept in cookies, so pages
// are drawn as chosen from the first paint, with no script in the way.
type Prefs struct {
	// Theme is "light" or "dark", "" to follow the system's scheme.
	Theme string
	// IntroDismissed says the visitor closed the first visit's intro.
	IntroDismissed bool
}

type prefsKey struct{}

// WithPrefs is ctx carrying p, for the pages rendered with it; a theme
// other than light and dark is none.
func WithPrefs(ctx context.Context, p Prefs) context.Context {
	if p.Theme != "light" && p.Theme != "dark" {
		p.Theme = ""
	}
	return context.WithValue(ctx, prefsKey{}, p)
}

// PrefsOf is the Prefs ctx carries, the zero Prefs for none.
func PrefsOf(ctx context.Context) Prefs {
	p, _ := ctx.Value(prefsKey{}).(Prefs)
	return p
}

// themeAttrs are the attributes of <html> for the picked theme.
func themeAttrs(ctx context.Context) templ.Attributes {
	if t := PrefsOf(ctx).Theme; t != "" {
		return templ.Attributes{"data-theme": t}
	}
	return nil
}

package web

import (
	"net/http"

	"github.com/middleware-playground/playground/templates"
)

// The cookies of a visitor's choices on the pages, written by the
// scripts (theme.js, intro.js).
const (
	themeCookie = "theme"
	introCookie = "intro"
)

// withPrefs gives the pages below it the visitor's choices, so they are
// drawn as chosen from the first paint.
func withPrefs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Cookie")
		var p templates.Prefs
		if c, err := r.Cookie(themeCookie); err == nil {
			p.Theme = c.Value
		}
		if c, err := r.Cookie(introCookie); err == nil {
			p.IntroDismissed = c.Value == "dismissed"
		}
		next.ServeHTTP(w, r.WithContext(templates.WithPrefs(r.Context(), p)))
	})
}

// prefVariants is how many variants of a page the choices make: no theme,
// light or dark, each with the intro shown or not.
const prefVariants = 3 * 2

// prefVariant numbers the request's variant of a page, below
// prefVariants, for caches that keep the variants apart.
func prefVariant(r *http.Request) int {
	p := templates.PrefsOf(r.Context())
	v := 0
	switch p.Theme {
	case "light":
		v = 2
	case "dark":
		v = 4
	}
	if p.IntroDismissed {
		v++
	}
	return v
}

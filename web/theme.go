package web

import (
	"net/http"

	"github.com/middleware-playground/playground/templates"
)

// themeCookie holds a visitor's pick of colour theme, written by
// static/js/theme.js; without it a page follows the system's scheme.
const themeCookie = "theme"

// pageThemes are the variants of a page a cache keeps apart: no pick, and
// each theme a visitor can pick.
var pageThemes = [...]string{"", "light", "dark"}

// themed gives the pages below it the visitor's theme, so they are drawn
// in it from the first paint (no script before the paint).
func themed(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Cookie")
		if c, err := r.Cookie(themeCookie); err == nil {
			r = r.WithContext(templates.WithTheme(r.Context(), c.Value))
		}
		next.ServeHTTP(w, r)
	})
}

// pageTheme is the index in pageThemes of the request's theme.
func pageTheme(r *http.Request) int {
	t := templates.Theme(r.Context())
	for i, v := range pageThemes {
		if v == t {
			return i
		}
	}
	return 0
}

package web

import (
	"strings"

	"github.com/middleware-playground/playground/stack"
)

// exportPython writes a MIDDLEWARE list as Python, each entry followed by
// a short comment saying why it sits where it does.
func exportPython(paths []string) string {
	var b strings.Builder
	b.WriteString("# Exported from Middleware Playground. Requests pass down this list,\n")
	b.WriteString("# responses come back up; each comment says why the entry sits there.\n")
	b.WriteString("MIDDLEWARE = [\n")
	for _, p := range paths {
		b.WriteString("    ")
		b.WriteString(pyString(p))
		b.WriteString(",  # ")
		b.WriteString(whyHere(p))
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	return b.String()
}

// whyHere is the first sentence of the catalog's placement advice.
func whyHere(path string) string {
	m, ok := stack.Lookup(path)
	if !ok {
		return "Not in the playground's catalog: it was simulated as a pass-through layer."
	}
	s := m.Placement
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return s
}

// pyString quotes s as a Python string literal.
func pyString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

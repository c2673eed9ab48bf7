package web

import (
	"strings"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/stack/lint"
)

// placementComment is an entry's placement as the export writes it after
// the entry.
func placementComment(n lint.Placement, path string) string {
	var parts []string
	for _, r := range n.Broken {
		if r.Other != "" {
			parts = append(parts, "✗ must be "+r.Side+" "+r.Other+" ("+r.Rule+")")
		} else {
			parts = append(parts, "✗ "+strings.TrimSuffix(r.Fix, ".")+" ("+r.Rule+")")
		}
	}
	for _, r := range n.Kept {
		parts = append(parts, r.Side+" "+r.Other+" ("+r.Rule+": "+r.Title+")")
	}
	for _, r := range n.Notes {
		parts = append(parts, "note ("+string(r.Severity)+"): "+r.Title+" ("+r.Rule+")")
	}
	m, simulated := stack.Lookup(path)
	switch {
	case len(parts) > 0:
	case n.Unknown:
		parts = append(parts, "No ordering rule knows it")
	case simulated:
		parts = append(parts, "No ordering rule ties it to the entries here. "+strings.TrimSuffix(m.Summary, "."))
	default:
		parts = append(parts, "No ordering rule ties it to the entries here")
	}
	if !simulated {
		parts = append(parts, "not simulated: the playground passes requests straight through it")
	}
	return strings.Join(parts, "; ") + "."
}

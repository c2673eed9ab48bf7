package web

import (
	"slices"

	"github.com/middleware-playground/playground/stack/lint"
)

// orderLinter adapts stack/lint to Linter.
type orderLinter struct{}

// OrderLinter is the order linter the server uses.
func OrderLinter() Linter { return orderLinter{} }

func (orderLinter) Check(stack []string, debug bool, settings map[string]any) []Finding {
	var out []Finding
	for _, f := range lint.Check(stack, lint.Config{Debug: debug, Settings: settings}) {
		out = append(out, Finding{Rule: f.Rule, Severity: string(f.Severity), Entries: f.Entries, Message: f.Message, Fix: f.Fix, Docs: f.Docs})
	}
	return out
}

func (orderLinter) FixOrder(stack []string, debug bool, settings map[string]any) *OrderFix {
	res := lint.FixOrder(stack, lint.Config{Debug: debug, Settings: settings})
	if len(res.Moves) == 0 || slices.Equal(res.Stack, stack) {
		return nil
	}
	return &OrderFix{Stack: res.Stack, Changes: len(res.Moves)}
}

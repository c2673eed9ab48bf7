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

func (orderLinter) Explain(findings []Finding, layer int) (Finding, bool) {
	in := make([]lint.Finding, len(findings))
	for i, f := range findings {
		in[i] = lint.Finding{Rule: f.Rule, Severity: lint.Severity(f.Severity), Entries: f.Entries, Message: f.Message, Fix: f.Fix, Docs: f.Docs}
	}
	best, ok := lint.Explain(in, layer)
	if !ok {
		return Finding{}, false
	}
	for _, f := range findings {
		if f.Rule == best.Rule && slices.Equal(f.Entries, best.Entries) {
			return f, true
		}
	}
	return Finding{}, false
}

func (orderLinter) Rules() []Rule {
	var out []Rule
	for _, r := range lint.Rules() {
		out = append(out, Rule{ID: r.ID, Title: r.Title, Severity: string(r.Severity), Explanation: r.Explanation, Fix: r.Fix, Docs: r.Docs})
	}
	return out
}

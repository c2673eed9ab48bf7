package web

import "context"

// The settings.py reader and the order linter are separate packages; the
// server reaches them only through these small interfaces, so the page
// works (with those features marked unavailable) without either.

// SettingsParser reads the MIDDLEWARE setting out of pasted settings.py
// text without executing it.
type SettingsParser interface {
	// ParseMiddleware returns the entries in order. A problem at a known
	// line is a *LineError; no MIDDLEWARE setting at all is ErrNoMiddleware.
	// It stops when ctx is done.
	ParseMiddleware(ctx context.Context, src []byte, debug bool) (*ParsedMiddleware, error)
}

// ParsedMiddleware is what a SettingsParser found.
type ParsedMiddleware struct {
	// Setting is the name it read (MIDDLEWARE or MIDDLEWARE_CLASSES).
	Setting  string
	Paths    []string
	Lines    []int
	Warnings []string
	// Settings are the file's other simple settings, by name.
	Settings map[string]any
}

// LineError is a parse problem at a line of the pasted text.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return e.Msg }

// Linter checks a MIDDLEWARE list against the ordering rules.
type Linter interface {
	Check(stack []string, debug bool, settings map[string]any) []Finding
	// FixOrder proposes the fewest changes that satisfy the rules, or nil.
	FixOrder(stack []string, debug bool, settings map[string]any) *OrderFix
	// Explain picks, among findings, the one that explains a request
	// failing at a layer (-1: no particular layer).
	Explain(findings []Finding, layer int) (Finding, bool)
	// Rules lists every rule, for the rules page.
	Rules() []Rule
}

// Rule is one ordering rule as the rules page shows it.
type Rule struct {
	ID, Title, Severity, Explanation, Fix, Docs string
}

// OrderFix is a proposed stack and how many moves, additions and removals
// it takes to get there.
type OrderFix struct {
	Stack   []string `json:"stack"`
	Changes int      `json:"changes"`
}

// Finding is one broken ordering rule, as the page shows it.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Entries  []int  `json:"entries"`
	Message  string `json:"message"`
	Fix      string `json:"fix,omitempty"`
	Docs     string `json:"docs,omitempty"`
}

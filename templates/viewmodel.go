// Package templates renders the playground's page and fragments with templ.
// Components take view models shaped like the screen; web/ builds them from
// the engine's types, so nothing here knows about HTTP or the engine.
package templates

import "strconv"

// PageVM is everything the playground page shows on first paint.
type PageVM struct {
	// SharedID is the permalink id when the page was opened from /s/{id}.
	SharedID string
	// OEmbed is the oEmbed discovery URL of a shared page, "" otherwise.
	OEmbed string
	// State is the initial state (middleware, settings, requests) the
	// page's JavaScript starts from; Catalog is the palette data it uses
	// to draw editor entries. Both go into application/json script
	// elements, which the CSP allows because they are never executed.
	State    any
	Catalog  any
	Palette  []PaletteGroup
	Settings []SettingVM
	Results  ResultsVM
	Creds    []CredSlot
	// Django is the picked version, Versions the picker's choices, and
	// DjangoFull the release the first paint's results were simulated on.
	Django     string
	Versions   []Option
	DjangoFull string
	// Intro is the first visit's explanation.
	Intro IntroVM
	// Stack is the MIDDLEWARE list as the editor draws it before its
	// script runs (editor.js draws the same entries).
	Stack []StackEntry
}

// StackEntry is one entry of the MIDDLEWARE editor.
type StackEntry struct {
	Path, Class, Package string
	// Known says the catalog has it; an unknown one passes requests
	// through.
	Known bool
}

// PaletteGroup is one heading of the palette.
type PaletteGroup struct {
	Name  string
	Items []PaletteItem
}

// PaletteItem is one middleware the learner can add.
type PaletteItem struct {
	Path, Class, Summary, Placement, Docs string
	// Below lists the classes that must sit above it; Above, those that
	// must sit below it; Requires, those that must be present.
	Below, Above, Requires []string
	// Search is the lower-cased text the palette's filter matches.
	Search string
}

// SettingVM is one input of the settings panel.
type SettingVM struct {
	Name, Type, Description string
	// Value is the current value as the input shows it (lists one per line).
	Value   string
	Checked bool
	// Default is the engine's default, shown next to the input.
	Default   string
	Prominent bool
	Changed   bool
}

// CredSlot is one credential menu of the request editor (session, JWT,
// DRF token, CSRF); each option's value is an engine auth string.
type CredSlot struct {
	Name, Label string
	Options     []Option
}

// Option is a value and its label.
type Option struct{ Value, Label string }

// ResultsVM is the results table.
type ResultsVM struct {
	// Error is shown instead of the table when the scenario could not run.
	Error                 string
	Rows                  []ResultRow
	Passed, Failed, Total int
	Open                  int
}

// ResultRow is one sample request and what happened to it.
type ResultRow struct {
	Index          int
	Label          string
	Method, Path   string
	Client         string
	Creds          string
	Status         int
	StatusClass    string
	AnsweredBy     string
	AnsweredByView bool
	User           string
	Verdict        string // "pass", "fail" or "none"
	VerdictText    string
	// WrongReason marks a failure with the expected status and user,
	// made by the wrong layer (or with the view run when it should not).
	WrongReason     bool
	Expect          string
	Open            bool
	ServedFromCache bool
	ExceptionText   string
	// Key is a digest of every field above: equal keys, equal markup.
	Key string
}

// TraceVM is the detail of one request: the timeline and every step.
type TraceVM struct {
	Index        int
	Label        string
	Method, Path string
	Status       int
	StatusClass  string
	AnsweredBy   string
	Outcome      string
	Duration     string
	Broke        *BrokeVM
	Passed       bool
	Timeline     TimelineVM
	Steps        []StepVM
	Headers      []KV
	Cookies      []KV
	CORS         string
	Exception    string
	Body         string
}

// BrokeVM is "what broke": where the request left its expected path.
type BrokeVM struct {
	Summary, Reason, Fix string
	// WrongReason: the status was right, the place that made it was not.
	WrongReason bool
	Where       string
	// Rule is the ordering rule that explains the failure, if one does.
	Rule, RuleMessage string
}

// StepVM is one row of the step table.
type StepVM struct {
	Index      int
	At         string
	Layer      string
	Kind       string
	Phase      string
	Result     string
	User       string
	UserSource string
	Session    string
	Changes    []string
	Reason     string
	Work       bool
	Broke      bool
	Answered   bool
	Quiet      bool
}

// KV is a name and a value.
type KV struct{ Name, Value string }

// TimelineVM is the onion drawn on a time axis: one row per layer, outer
// layers on top, each layer's span from its first to its last step.
type TimelineVM struct {
	Width, Height float64
	LabelWidth    float64
	Rows          []TimelineRow
	Ticks         []Tick
	AxisY         float64
}

// TimelineRow is one layer (or the view) on the timeline.
type TimelineRow struct {
	Y, H    float64
	Label   string
	Reached bool
	Span    *Bar
	Marks   []Bar
	// Cap marks where the layer answered early or raised.
	Cap *Bar
	// Note is a short word drawn after the span ("answered 403").
	Note  string
	NoteX float64
}

// Bar is a rectangle on the timeline.
type Bar struct {
	X, W  float64
	Class string
	Title string
	Step  int
}

// Tick is a labelled time on the axis.
type Tick struct {
	X     float64
	Label string
}

// num formats a coordinate for an SVG attribute.
func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// itoa is strconv.Itoa, short for templates.
func itoa(i int) string { return strconv.Itoa(i) }

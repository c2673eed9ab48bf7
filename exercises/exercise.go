// Package exercises holds the playground's guided exercises: one JSON file
// per exercise in defs/, embedded in the binary, and the logic that checks
// a learner's stack against an exercise's goals on the engine's trace.
//
// Goals are judged by what happened to the requests (status, the user the
// view saw, headers, which layers ran, virtual time), never by comparing
// the stack with one expected order, so every stack that behaves right is
// a right answer, as in the teaching tools the playground learns from.
package exercises

import (
	"github.com/middleware-playground/playground/stack"
)

// Exercise is one level: a situation, a starting stack, the requests that
// show the problem, and the goals a fixed stack meets.
type Exercise struct {
	ID string `json:"id"`
	// Django is the version the exercise's requests are simulated on;
	// empty means the engine's default.
	Django string `json:"django,omitempty"`
	Title  string `json:"title"`
	// Summary is one line for the exercise list.
	Summary string `json:"summary"`
	// Story is the situation as a developer meets it.
	Story string `json:"story"`
	// Middleware and Settings are the starting stack and the settings
	// overrides the exercise runs with.
	Middleware []string       `json:"middleware"`
	Settings   map[string]any `json:"settings,omitempty"`
	// Palette lists the dotted paths the learner may add; entries of the
	// starting stack may always stay, move or go.
	Palette []string `json:"palette"`
	// EditableSettings names the settings the learner may change; any
	// other setting keeps the exercise's value, so a goal cannot be met
	// by switching off what the exercise is about.
	EditableSettings []string  `json:"editable_settings,omitempty"`
	Requests         []Request `json:"requests"`
	Goals            []Goal    `json:"goals"`
	// Hints go from gentle to explicit; there are exactly three.
	Hints []string `json:"hints"`
	// Explanation is shown on success: what Django does and why.
	Explanation string `json:"explanation"`
	Docs        []Link `json:"docs"`
	// Solutions are reference answers; tests check that each one meets
	// every goal. "Show a solution" shows the first.
	Solutions []Solution `json:"solutions"`
}

// Request is one of the exercise's requests, in the scenario format (its
// id is required), with the alternatives the learner may pick instead.
type Request struct {
	stack.Request
	// Variants are other versions of this request the learner may choose
	// (what a client sends, or which endpoint it calls), for exercises
	// whose fix is not in MIDDLEWARE at all.
	Variants []Variant `json:"variants,omitempty"`
}

// Variant is one alternative of a request. Its Request replaces the
// exercise's request whole, except for the id and the client.
type Variant struct {
	ID      string        `json:"id"`
	Label   string        `json:"label"`
	Request stack.Request `json:"request"`
}

// Link is a documentation link shown with the explanation.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Solution is a reference answer: a stack, settings overrides (on top of
// the exercise's) and the variant chosen for requests that have some.
type Solution struct {
	Note       string            `json:"note"`
	Middleware []string          `json:"middleware"`
	Settings   map[string]any    `json:"settings,omitempty"`
	Choices    map[string]string `json:"choices,omitempty"`
}

// Attempt is what the learner submits: the stack, settings overrides and
// variant choices.
type Attempt struct {
	Middleware []string          `json:"middleware"`
	Settings   map[string]any    `json:"settings"`
	Choices    map[string]string `json:"choices,omitempty"`
}

// Attempt returns the solution as an attempt.
func (s Solution) Attempt() Attempt {
	return Attempt{Middleware: s.Middleware, Settings: s.Settings, Choices: s.Choices}
}

// DjangoVersion is the Django version the exercise runs on.
func (e *Exercise) DjangoVersion() string {
	if e.Django == "" {
		return stack.DefaultVersion
	}
	return e.Django
}

// Start returns the exercise's starting point as an attempt.
func (e *Exercise) Start() Attempt {
	return Attempt{Middleware: append([]string(nil), e.Middleware...), Settings: copySettings(e.Settings)}
}

// PublicGoal is a goal as the learner sees it before checking.
type PublicGoal struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// PublicGoals lists the goals without their checking details.
func (e *Exercise) PublicGoals() []PublicGoal {
	out := make([]PublicGoal, len(e.Goals))
	for i, g := range e.Goals {
		out[i] = PublicGoal{ID: g.ID, Text: g.Text}
	}
	return out
}

func copySettings(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

package templates

// ExerciseListVM is the list of guided exercises with one learner's progress.
type ExerciseListVM struct {
	Items  []ExerciseItemVM
	Solved int
	// Continue is the first unsolved exercise, "" when all are solved.
	Continue string
}

// ExerciseItemVM is one row of the exercise list.
type ExerciseItemVM struct {
	Number             int
	ID, Title, Summary string
	// Django is the version the exercise is simulated on.
	Django string
	Solved bool
}

// ExercisePageVM is the playground in exercise mode, with the verdict on
// the answer it opens on.
type ExercisePageVM struct {
	ID, Title, Story string
	// Django is the version the exercise is simulated on.
	Django        string
	Number, Total int
	Goals         []ExerciseGoalVM
	// Choices are the requests the learner may swap for a variant.
	Choices    []ExerciseChoiceVM
	Hints      []string
	HintsTotal int
	// Counted: the learner has solved this exercise on their own.
	Counted bool
	// OpenedSolved: the page opens on the learner's solving answer.
	OpenedSolved bool
	// Solved: the answer shown meets every goal; then SolvedNote,
	// Explanation and Docs fill the success panel.
	Solved      bool
	SolvedNote  string
	Explanation string
	Docs        []ExerciseLinkVM
	// Versus compares the solving answer with the reference; nil until
	// the answer solves.
	Versus  *VersusVM
	Results ResultsVM
	Next    string
	// SharedID is set when the page shows a shared solved attempt.
	SharedID string
	Palette  []PaletteGroup
	Settings []SettingVM
	// State, Catalog and Exercise go to the page's JavaScript as JSON.
	State, Catalog, Exercise any
	// Stack is the editor's list as drawn before its script runs.
	Stack []StackEntry
}

// ExerciseGoalVM is one goal with its verdict on the answer shown.
type ExerciseGoalVM struct {
	ID, Text string
	Passed   bool
	Reason   string
}

// ExerciseLinkVM is a documentation link.
type ExerciseLinkVM struct{ Title, URL string }

// ExerciseChoiceVM is a request with alternatives: a select of variants.
type ExerciseChoiceVM struct {
	RequestID string
	Label     string
	Options   []Option
	Selected  string
}

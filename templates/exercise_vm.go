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
	Solved             bool
}

// ExercisePageVM is the playground in exercise mode.
type ExercisePageVM struct {
	ID, Title, Story string
	Number, Total    int
	Goals            []ExerciseGoalVM
	// Choices are the requests the learner may swap for a variant.
	Choices    []ExerciseChoiceVM
	Hints      []string
	HintsTotal int
	Solved     bool
	Next       string
	// SharedID is set when the page shows a shared solved attempt.
	SharedID string
	Palette  []PaletteGroup
	Settings []SettingVM
	// State, Catalog and Exercise go to the page's JavaScript as JSON.
	State, Catalog, Exercise any
}

// ExerciseGoalVM is one goal as first drawn (unchecked).
type ExerciseGoalVM struct{ ID, Text string }

// ExerciseChoiceVM is a request with alternatives: a select of variants.
type ExerciseChoiceVM struct {
	RequestID string
	Label     string
	Options   []Option
	Selected  string
}

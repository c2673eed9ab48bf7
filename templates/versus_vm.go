package templates

// VersusVM is the learner's solving answer beside the exercise's
// reference solution, run on the same requests.
type VersusVM struct {
	Django string
	// Total is how many requests both answers ran.
	Total int
	// SameAnswer: the two answers are the same stack, settings and
	// request variants, so they cannot behave differently.
	SameAnswer    bool
	ReferenceNote string
	// Yours and Reference are the two MIDDLEWARE lists, each entry marked
	// where it sits in one list and not the other.
	Yours, Reference []VersusEntry
	// Elsewhere are the settings and request variants the two answers
	// pick differently, A being yours and B the reference's.
	Elsewhere []Change
	Rows      []VersusRow
}

// VersusEntry is one MIDDLEWARE entry. Mark says how it differs from the
// other list: "" (same place), "placed differently" or "only here".
type VersusEntry struct {
	Name, Path, Mark string
}

// VersusRow is one request that behaves differently under the two
// answers: what differs (A yours, B the reference's) and where each run
// parted from the other.
type VersusRow struct {
	ID, Label                  string
	Fields                     []Change
	WhereYours, WhereReference string
}

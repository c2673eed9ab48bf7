package templates

// CompareVM is two shared stacks side by side on the same requests, or,
// without them, the form that asks for two share links.
type CompareVM struct {
	IDA, IDB string
	A, B     CompareSide
	Rows     []CompareRow
	// Differ is how many of the Total requests behave differently.
	Differ, Total int
	// FormA and FormB are the links in the form; FormError says what is
	// wrong with them.
	FormA, FormB string
	FormError    []string
}

// CompareSide is one of the two stacks.
type CompareSide struct {
	Link   string
	Django string
	Stack  []KV
}

// CompareRow is one request through both stacks.
type CompareRow struct {
	ID      string
	A, B    ResultRow
	Differs bool
	// Fields are the conformance fields that differ; WhereA and WhereB
	// the first step where each run parted from the other.
	Fields         string
	WhereA, WhereB string
}

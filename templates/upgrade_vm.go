package templates

// UpgradeVM is what changes when the current stack and requests run on
// another Django version: the requests that behave differently, and why.
type UpgradeVM struct {
	From, To string
	// Differ is how many of the Total requests behave differently.
	Differ, Total int
	Rows          []UpgradeRow
}

// UpgradeRow is one request that behaves differently on the two versions.
type UpgradeRow struct {
	CompareRow
	// Headers and Cookies are those whose value differs; "" in A or B
	// is one that version's response does not have (or set).
	Headers, Cookies []Change
}

// Change is one value as each side (two versions, two answers) has it.
type Change struct{ Name, A, B string }

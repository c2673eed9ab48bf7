package templates

// EmbedVM is the compact, read-only view of a shared stack that sits in
// an <iframe>: the MIDDLEWARE list, the requests with their verdicts, and
// each request's trace behind a click.
type EmbedVM struct {
	ID string
	// Open is the permalink the "Open in the playground" link goes to.
	Open   string
	Django string
	// Stack is MIDDLEWARE as class names, outermost first, with the
	// dotted paths as titles.
	Stack          []KV
	Rows           []ResultRow
	Traces         []*TraceVM
	Passed, Failed int
	Error          string
}

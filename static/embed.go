// Package static holds the playground's JavaScript modules and CSS,
// embedded in the binary so it does not depend on its working directory.
package static

import "embed"

// FS holds js/ and css/ (and vendor/ if a library is ever vendored).
//
//go:embed js css
var FS embed.FS

package templates

import (
	"context"
	"io"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

func joinList(items []string) string { return strings.Join(items, ", ") }

// dotted shows a dotted path with a line-break opportunity after each dot,
// so it wraps between its parts on a narrow screen, never inside a word.
// Written out by hand: a templ loop would put spaces between the parts.
func dotted(path string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		for i, part := range strings.SplitAfter(path, ".") {
			if i > 0 {
				if _, err := io.WriteString(w, "<wbr>"); err != nil {
					return err
				}
			}
			if _, err := io.WriteString(w, templ.EscapeString(part)); err != nil {
				return err
			}
		}
		return nil
	})
}

// stackEntryLabel is how a screen reader names an editor entry, as
// editor.js names it.
func stackEntryLabel(e StackEntry, i, n int) string {
	label := e.Class + ", position " + strconv.Itoa(i+1) + " of " + strconv.Itoa(n)
	if !e.Known {
		label += ", unknown middleware"
	}
	return label
}

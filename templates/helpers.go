package templates

import (
	"context"
	"io"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

func joinList(items []string) string { return strings.Join(items, ", ") }

// agree is the verb that agrees with a count leading the sentence: "1 of
// 14 requests does not", "3 of 14 requests do not".
func agree(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}

// breaksAfter shows text with a line-break opportunity after each sep, so
// it wraps between its parts in a narrow column, never inside a word.
// Written out by hand: a templ loop would put spaces between the parts.
func breaksAfter(text, sep string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		for i, part := range strings.SplitAfter(text, sep) {
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

// dotted shows a dotted path that breaks after its dots.
func dotted(path string) templ.Component { return breaksAfter(path, ".") }

// snakeWords shows text whose setting names (SECURE_CROSS_ORIGIN_OPENER_POLICY)
// break after their underscores.
func snakeWords(text string) templ.Component { return breaksAfter(text, "_") }

// camelWords shows a class name with a line-break opportunity between its
// words (LoginRequired|By|Pattern|Middleware), as dom.js's camelWords
// does, so a long name wraps in a narrow column, never inside a word.
func camelWords(name string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		start := 0
		for i := 1; i <= len(name); i++ {
			if i < len(name) && !(isUpper(name[i]) && (isLower(name[i-1]) || isDigit(name[i-1]))) {
				continue
			}
			if start > 0 {
				if _, err := io.WriteString(w, "<wbr>"); err != nil {
					return err
				}
			}
			if _, err := io.WriteString(w, templ.EscapeString(name[start:i])); err != nil {
				return err
			}
			start = i
		}
		return nil
	})
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// stackEntryLabel is how a screen reader names an editor entry, as
// editor.js names it.
func stackEntryLabel(e StackEntry, i, n int) string {
	label := e.Class + ", position " + strconv.Itoa(i+1) + " of " + strconv.Itoa(n)
	if !e.Known {
		label += ", unknown middleware"
	}
	return label
}

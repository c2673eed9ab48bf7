package templates

import "strings"

func joinList(items []string) string { return strings.Join(items, ", ") }

package web

import (
	"fmt"
	"github.com/middleware-playground/playground/stack/settingspy"
	"math"
	"strconv"
	"strings"
)

// pyRepr writes a setting's value as Python's repr would (True, None,
// ['a', 'b']): the page talks about settings.py, so it shows values in
// the language they are written in, never as JSON.
func pyRepr(v any) string { return pyLiteral(v, '\'') }

// pyLiteral writes v as a Python literal, its strings in quote (' or ").
// Values are what JSON decoding or the settings.py reader give: bools,
// numbers, strings, nil, and lists of those.
func pyLiteral(v any, quote byte) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case string:
		return settingspy.Quote(v, quote)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i] = settingspy.Quote(s, quote)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []any:
		parts := make([]string, len(v))
		for i, it := range v {
			parts[i] = pyLiteral(it, quote)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

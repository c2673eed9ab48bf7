package settingspy

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Literal writes v as a Python literal that reads back as v, its strings
// between quote (' or "): True, None, ['a', 'b'], {'k': 1}. The
// playground talks about settings.py, so it shows values in the language
// they are written in, never as JSON. Values are what JSON decoding or
// this reader give; a dict's keys are sorted, so the same value always
// reads the same.
func Literal(v any, quote byte) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case string:
		return Quote(v, quote)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		// JSON numbers arrive as float64: whole ones within a float's
		// exact range are Python ints.
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i] = Quote(s, quote)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []any:
		parts := make([]string, len(v))
		for i, it := range v {
			parts[i] = Literal(it, quote)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := slices.Sorted(maps.Keys(v))
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = Quote(k, quote) + ": " + Literal(v[k], quote)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return Quote(fmt.Sprint(v), quote)
}

package settingspy

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

var builtins map[string]value

func init() {
	builtins = map[string]value{
		"list":       builtinV{"list", bList},
		"tuple":      builtinV{"tuple", bTuple},
		"set":        builtinV{"set", bSet},
		"frozenset":  builtinV{"frozenset", bSet},
		"dict":       builtinV{"dict", bDict},
		"str":        builtinV{"str", bStr},
		"int":        builtinV{"int", bInt},
		"bool":       builtinV{"bool", bBool},
		"float":      builtinV{"float", bFloat},
		"len":        builtinV{"len", bLen},
		"print":      builtinV{"print", func(*interp, *call) (value, error) { return noneV{}, nil }},
		"sorted":     builtinV{"sorted", bSorted},
		"reversed":   builtinV{"reversed", bReversed},
		"range":      builtinV{"range", bRange},
		"enumerate":  builtinV{"enumerate", bEnumerate},
		"min":        builtinV{"min", bMinMax("<")},
		"max":        builtinV{"max", bMinMax(">")},
		"abs":        builtinV{"abs", bAbs},
		"zip":        builtinV{"zip", bZip},
		"any":        builtinV{"any", bAnyAll(true)},
		"all":        builtinV{"all", bAnyAll(false)},
		"isinstance": builtinV{"isinstance", unknownBuiltin("isinstance()")},
		"sum":        builtinV{"sum", bSum},
		"open":       builtinV{"open", unknownBuiltin("reading a file")},
		"getattr":    builtinV{"getattr", unknownBuiltin("getattr()")},
		"hasattr":    builtinV{"hasattr", unknownBuiltin("hasattr()")},
		"__file__":   unknownV{why: "the settings file's path"},
		"__name__":   strV{s: "settings"},
	}
	// Builtins whose results a settings file's lists rarely depend on:
	// known names, unknown values.
	for _, name := range []string{"type", "filter", "map", "dir", "vars", "globals", "locals", "callable", "id", "hash", "iter", "next", "repr", "format", "chr", "ord", "round", "divmod", "pow", "hex", "oct", "bin", "object", "property", "staticmethod", "classmethod", "super", "issubclass", "setattr", "delattr", "__import__", "compile", "eval", "exec", "input", "memoryview", "bytearray", "bytes", "complex", "slice"} {
		builtins[name] = builtinV{name, unknownBuiltin(name + "()")}
	}
}

func unknownBuiltin(what string) func(*interp, *call) (value, error) {
	return func(_ *interp, c *call) (value, error) { return unknownV{why: what, ln: c.ln}, nil }
}

func firstArg(c *call) (value, bool) {
	if len(c.args) == 0 {
		return nil, false
	}
	return c.args[0], true
}

// argItems returns the items of a builtin's first argument; when the
// argument is unknown it returns that value instead.
func (in *interp) argItems(c *call) ([]value, value, error) {
	v, _ := firstArg(c)
	if u, ok := v.(unknownV); ok {
		return nil, u, nil
	}
	if v == nil {
		return nil, nil, raise("TypeError", "expected an iterable argument")
	}
	items, err := in.iterate(v)
	return items, nil, err
}

func bList(in *interp, c *call) (value, error) {
	if len(c.args) == 0 {
		return &listV{[]value{}}, nil
	}
	items, u, err := in.argItems(c)
	if u != nil || err != nil {
		return u, err
	}
	return &listV{items}, nil
}

func bTuple(in *interp, c *call) (value, error) {
	if len(c.args) == 0 {
		return tupleV{}, nil
	}
	items, u, err := in.argItems(c)
	if u != nil || err != nil {
		return u, err
	}
	return tupleV{items}, nil
}

func bSet(in *interp, c *call) (value, error) {
	d := newDict(true, &in.budget)
	if len(c.args) == 0 {
		return d, nil
	}
	items, u, err := in.argItems(c)
	if u != nil || err != nil {
		return u, err
	}
	for _, it := range items {
		if !d.put(it, nil) {
			return unknownV{why: "a set of values that cannot be evaluated", ln: c.ln}, nil
		}
	}
	return d, nil
}

func bDict(in *interp, c *call) (value, error) {
	d := newDict(false, &in.budget)
	if v, ok := firstArg(c); ok {
		src, ok := v.(*dictV)
		if !ok || src.set {
			return unknownV{why: "dict() of a value that cannot be evaluated", ln: c.ln}, nil
		}
		d.update(src)
	}
	names := make([]string, 0, len(c.kw))
	for k := range c.kw {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		d.put(strV{s: k, ln: c.ln}, c.kw[k])
	}
	return d, nil
}

func bStr(_ *interp, c *call) (value, error) {
	v, ok := firstArg(c)
	if !ok {
		return strV{ln: c.ln, file: c.file}, nil
	}
	if s, ok := v.(strV); ok {
		return s, nil
	}
	if s, ok := pyStr(v); ok {
		return strV{s: s, ln: c.ln, file: c.file}, nil
	}
	return unknownV{why: "str() of a value that cannot be evaluated", ln: c.ln}, nil
}

func bInt(in *interp, c *call) (value, error) {
	v, ok := firstArg(c)
	if !ok {
		return intV(0), nil
	}
	switch x := v.(type) {
	case intV:
		return x, nil
	case boolV:
		n, _ := asInt(x)
		return intV(n), nil
	case floatV:
		return intV(int64(x)), nil
	case strV:
		if err := in.scan(len(x.s)); err != nil {
			return nil, err
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(x.s), "_", ""), 10, 64)
		if err != nil {
			return nil, raise("ValueError", "invalid literal for int() with base 10: %s", repr(x))
		}
		return intV(n), nil
	case unknownV:
		return x, nil
	}
	return nil, raise("TypeError", "int() argument must be a string or a number, not '%s'", typeName(v))
}

func bFloat(in *interp, c *call) (value, error) {
	v, ok := firstArg(c)
	if !ok {
		return floatV(0), nil
	}
	if n, ok := number(v); ok {
		return floatV(n), nil
	}
	if s, ok := v.(strV); ok {
		if err := in.scan(len(s.s)); err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(s.s), 64)
		if err != nil {
			return nil, raise("ValueError", "could not convert string to float: %s", repr(s))
		}
		return floatV(f), nil
	}
	return unknownV{why: "float() of a value that cannot be evaluated", ln: c.ln}, nil
}

func bBool(_ *interp, c *call) (value, error) {
	v, ok := firstArg(c)
	if !ok {
		return boolV(false), nil
	}
	t, known := truth(v)
	if !known {
		return v, nil
	}
	return boolV(t), nil
}

func bLen(in *interp, c *call) (value, error) {
	v, _ := firstArg(c)
	switch x := v.(type) {
	case strV:
		return intV(utf8.RuneCountInString(x.s)), in.scan(len(x.s))
	case *listV:
		return intV(len(x.items)), nil
	case tupleV:
		return intV(len(x.items)), nil
	case *dictV:
		return intV(len(x.keys)), nil
	case unknownV:
		return x, nil
	}
	return nil, raise("TypeError", "object of type '%s' has no len()", typeName(v))
}

func bSorted(in *interp, c *call) (value, error) {
	items, u, err := in.argItems(c)
	if u != nil || err != nil {
		return u, err
	}
	if len(c.kw) > 0 {
		if _, onlyReverse := c.kw["reverse"]; !onlyReverse || len(c.kw) > 1 {
			return unknownV{why: "sorted() with a key", ln: c.ln}, nil
		}
	}
	if err := in.sortValues(items); err != nil {
		return nil, err
	}
	if r, ok := c.kw["reverse"]; ok {
		if t, _ := truth(r); t {
			slices.Reverse(items)
		}
	}
	return &listV{items}, nil
}

// sortValues sorts as Python does the values it can order. Each
// comparison draws from the budget; once it is spent, the comparisons
// stop comparing and the sort finishes fast, for the tick after it to
// report.
func (in *interp) sortValues(items []value) error {
	var err error
	sort.SliceStable(items, func(i, j int) bool {
		if !in.add(1) {
			return false
		}
		a, b := items[i], items[j]
		if x, ok := a.(strV); ok {
			if y, ok := b.(strV); ok {
				return in.add(min(len(x.s), len(y.s))/bytesPerUnit) && x.s < y.s
			}
		}
		if x, ok := number(a); ok {
			if y, ok := number(b); ok {
				return x < y
			}
		}
		err = raise("TypeError", "'<' not supported between instances of '%s' and '%s'", typeName(a), typeName(b))
		return false
	})
	if err != nil {
		return err
	}
	return in.tick(0)
}

func bReversed(in *interp, c *call) (value, error) {
	items, u, err := in.argItems(c)
	if u != nil || err != nil {
		return u, err
	}
	slices.Reverse(items)
	return &listV{items}, nil
}

func bRange(in *interp, c *call) (value, error) {
	var nums []int64
	for _, a := range c.args {
		n, ok := asInt(a)
		if !ok {
			return unknownV{why: "range() of a value that cannot be evaluated", ln: c.ln}, nil
		}
		nums = append(nums, n)
	}
	start, stop, step := int64(0), int64(0), int64(1)
	switch len(nums) {
	case 1:
		stop = nums[0]
	case 2:
		start, stop = nums[0], nums[1]
	case 3:
		start, stop, step = nums[0], nums[1], nums[2]
	default:
		return nil, raise("TypeError", "range expected 1 to 3 arguments")
	}
	if step == 0 {
		return nil, raise("ValueError", "range() arg 3 must not be zero")
	}
	var out []value
	for i := start; (step > 0 && i < stop) || (step < 0 && i > stop); i += step {
		if err := in.grow(len(out), 1); err != nil {
			return nil, err
		}
		out = append(out, intV(i))
	}
	return &listV{out}, nil
}

func bEnumerate(in *interp, c *call) (value, error) {
	items, u, err := in.argItems(c)
	if u != nil || err != nil {
		return u, err
	}
	// Each element is a pair of its own, besides its slot.
	if err := in.alloc(2 * slotBytes * len(items)); err != nil {
		return nil, err
	}
	if err := in.grow(0, len(items)); err != nil {
		return nil, err
	}
	out := make([]value, len(items))
	for i, it := range items {
		out[i] = tupleV{[]value{intV(i), it}}
	}
	return &listV{out}, nil
}

// bMinMax is min (better "<") and max (better ">") of numbers or of
// strings.
func bMinMax(better string) func(*interp, *call) (value, error) {
	return func(in *interp, c *call) (value, error) {
		items := c.args
		if len(c.args) == 1 {
			var u value
			var err error
			if items, u, err = in.argItems(c); u != nil || err != nil {
				return u, err
			}
		}
		if _, ok := c.kw["key"]; ok {
			return unknownV{why: "min() or max() with a key", ln: c.ln}, nil
		}
		if len(items) == 0 {
			if def, ok := c.kw["default"]; ok {
				return def, nil
			}
			return nil, raise("ValueError", "arg is an empty sequence")
		}
		best := items[0]
		for _, it := range items[1:] {
			r, err := in.compareOne(better, it, best, c.ln, c.file)
			if err != nil {
				return nil, err
			}
			t, known := truth(r)
			if !known {
				return r, nil
			}
			if t {
				best = it
			}
		}
		if u, ok := best.(unknownV); ok {
			return u, nil
		}
		return best, nil
	}
}

func bAbs(_ *interp, c *call) (value, error) {
	v, _ := firstArg(c)
	switch x := v.(type) {
	case intV, boolV:
		n, _ := asInt(x)
		if n < 0 {
			return unary("-", intV(n))
		}
		return intV(n), nil
	case floatV:
		return floatV(math.Abs(float64(x))), nil
	case unknownV:
		return x, nil
	}
	return nil, raise("TypeError", "bad operand type for abs(): '%s'", typeName(v))
}

// bZip pairs the items of its arguments, up to the shortest.
func bZip(in *interp, c *call) (value, error) {
	var lists [][]value
	n := -1
	for _, a := range c.args {
		if u, ok := a.(unknownV); ok {
			return u, nil
		}
		items, err := in.iterate(a)
		if err != nil {
			return nil, err
		}
		lists = append(lists, items)
		if n < 0 || len(items) < n {
			n = len(items)
		}
	}
	n = max(n, 0)
	if err := in.grow(0, n*max(len(lists), 1)); err != nil {
		return nil, err
	}
	out := make([]value, n)
	for i := range out {
		t := make([]value, len(lists))
		for j, l := range lists {
			t[j] = l[i]
		}
		out[i] = tupleV{t}
	}
	return &listV{out}, nil
}

// bSum adds numbers (and lists, with a list start), as sum() does.
func bSum(in *interp, c *call) (value, error) {
	items, u, err := in.argItems(c)
	if u != nil || err != nil {
		return u, err
	}
	var total value = intV(0)
	if start, ok := c.arg(1, "start"); ok {
		total = start
	}
	for _, it := range items {
		if total, err = in.binop("+", total, it, c.ln); err != nil {
			return nil, err
		}
	}
	return total, nil
}

func bAnyAll(isAny bool) func(*interp, *call) (value, error) {
	return func(in *interp, c *call) (value, error) {
		items, u, err := in.argItems(c)
		if u != nil || err != nil {
			return u, err
		}
		for _, it := range items {
			t, ok := truth(it)
			if !ok {
				return it, nil
			}
			if t == isAny {
				return boolV(isAny), nil
			}
		}
		return boolV(!isAny), nil
	}
}

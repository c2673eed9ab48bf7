package settingspy

import (
	"errors"
	"path"
	"sort"
	"strconv"
	"strings"
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
		"any":        builtinV{"any", bAnyAll(true)},
		"all":        builtinV{"all", bAnyAll(false)},
		"isinstance": builtinV{"isinstance", unknownBuiltin("isinstance()")},
		"open":       builtinV{"open", unknownBuiltin("reading a file")},
		"getattr":    builtinV{"getattr", unknownBuiltin("getattr()")},
		"hasattr":    builtinV{"hasattr", unknownBuiltin("hasattr()")},
		"__file__":   unknownV{why: "the settings file's path"},
		"__name__":   strV{s: "settings"},
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
	d := newDict(true)
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
	d := newDict(false)
	if v, ok := firstArg(c); ok {
		src, ok := v.(*dictV)
		if !ok || src.set {
			return unknownV{why: "dict() of a value that cannot be evaluated", ln: c.ln}, nil
		}
		for i, k := range src.keys {
			d.put(k, src.vals[i])
		}
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

func bInt(_ *interp, c *call) (value, error) {
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

func bFloat(_ *interp, c *call) (value, error) {
	v, ok := firstArg(c)
	if !ok {
		return floatV(0), nil
	}
	if n, ok := number(v); ok {
		return floatV(n), nil
	}
	if s, ok := v.(strV); ok {
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

func bLen(_ *interp, c *call) (value, error) {
	v, _ := firstArg(c)
	switch x := v.(type) {
	case strV:
		return intV(len([]rune(x.s))), nil
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
	if err := sortValues(items); err != nil {
		return nil, err
	}
	if r, ok := c.kw["reverse"]; ok {
		if t, _ := truth(r); t {
			reverse(items)
		}
	}
	return &listV{items}, nil
}

func sortValues(items []value) error {
	var err error
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if x, ok := a.(strV); ok {
			if y, ok := b.(strV); ok {
				return x.s < y.s
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
	return err
}

func reverse(items []value) {
	for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
		items[i], items[j] = items[j], items[i]
	}
}

func bReversed(in *interp, c *call) (value, error) {
	items, u, err := in.argItems(c)
	if u != nil || err != nil {
		return u, err
	}
	reverse(items)
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
		out = append(out, intV(i))
		if err := in.grow(len(out)); err != nil {
			return nil, err
		}
	}
	return &listV{out}, nil
}

func bEnumerate(in *interp, c *call) (value, error) {
	items, u, err := in.argItems(c)
	if u != nil || err != nil {
		return u, err
	}
	out := make([]value, len(items))
	for i, it := range items {
		out[i] = tupleV{[]value{intV(i), it}}
	}
	return &listV{out}, nil
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

func (in *interp) getattr(x value, name string) (value, error) {
	switch o := x.(type) {
	case *moduleV:
		if v, ok := o.attrs[name]; ok {
			return v, nil
		}
		return nil, raise("AttributeError", "module '%s' has no attribute '%s'", o.name, name)
	case unknownV:
		return o, nil
	case strV, *listV, tupleV, *dictV, *envReader:
		return boundV{x, name}, nil
	case excV:
		return unknownV{why: "an exception's attribute"}, nil
	}
	return unknownV{why: "the attribute ." + name + " of a " + typeName(x)}, nil
}

// callMethod runs the methods of built-in types that settings files use
// to build lists; others evaluate to unknown.
func (in *interp) callMethod(recv value, name string, c *call) (value, error) {
	switch r := recv.(type) {
	case *listV:
		return in.listMethod(r, name, c)
	case tupleV:
		switch name {
		case "index", "count":
			return in.seqSearch(r.items, name, c)
		}
	case strV:
		return in.strMethod(r, name, c)
	case *dictV:
		return in.dictMethod(r, name, c)
	case *envReader:
		return r.get(in, c, name)
	}
	return unknownV{why: typeName(recv) + "." + name + "() is not modelled", ln: c.ln}, nil
}

func (in *interp) seqSearch(items []value, name string, c *call) (value, error) {
	x, ok := firstArg(c)
	if !ok {
		return nil, raise("TypeError", "%s() takes at least 1 argument", name)
	}
	count := 0
	for i, it := range items {
		eq, ok := equal(it, x, &in.steps)
		if !ok {
			return unknownV{why: "comparing with a value that cannot be evaluated", ln: c.ln}, nil
		}
		if eq {
			if name == "index" {
				return intV(i), nil
			}
			count++
		}
	}
	if name == "index" {
		return nil, raise("ValueError", "%s is not in list", repr(x))
	}
	return intV(count), nil
}

func (in *interp) listMethod(l *listV, name string, c *call) (value, error) {
	switch name {
	case "append":
		x, ok := firstArg(c)
		if !ok {
			return nil, raise("TypeError", "append() takes exactly one argument")
		}
		if err := in.grow(len(l.items) + 1); err != nil {
			return nil, err
		}
		l.items = append(l.items, x)
		return noneV{}, nil
	case "extend":
		x, ok := firstArg(c)
		if !ok {
			return nil, raise("TypeError", "extend() takes exactly one argument")
		}
		if u, isU := x.(unknownV); isU {
			return nil, unsupportedf("cannot evaluate what is added (%s)", u.why)
		}
		items, err := in.iterate(x)
		if err != nil {
			return nil, err
		}
		if err := in.grow(len(l.items) + len(items)); err != nil {
			return nil, err
		}
		l.items = append(l.items, items...)
		return noneV{}, nil
	case "insert":
		if len(c.args) != 2 {
			return nil, raise("TypeError", "insert expected 2 arguments")
		}
		i, ok := asInt(c.args[0])
		if !ok {
			if u, isU := c.args[0].(unknownV); isU {
				return nil, unsupportedf("cannot evaluate the insert position (%s)", u.why)
			}
			return nil, raise("TypeError", "an integer is required")
		}
		n := int64(len(l.items))
		if i < 0 {
			i = max(i+n, 0)
		}
		i = min(i, n)
		if err := in.grow(len(l.items) + 1); err != nil {
			return nil, err
		}
		if err := in.tick(len(l.items) - int(i)); err != nil {
			return nil, err
		}
		l.items = append(l.items[:i], append([]value{c.args[1]}, l.items[i:]...)...)
		return noneV{}, nil
	case "remove":
		x, _ := firstArg(c)
		for i, it := range l.items {
			eq, ok := equal(it, x, &in.steps)
			if !ok {
				return nil, unsupportedf("cannot evaluate what is removed")
			}
			if eq {
				l.items = append(l.items[:i:i], l.items[i+1:]...)
				return noneV{}, nil
			}
		}
		return nil, raise("ValueError", "list.remove(x): x not in list")
	case "index", "count":
		return in.seqSearch(l.items, name, c)
	case "pop":
		if len(l.items) == 0 {
			return nil, raise("IndexError", "pop from empty list")
		}
		i := len(l.items) - 1
		if len(c.args) > 0 {
			j, err := index(c.args[0], len(l.items))
			if err != nil {
				return nil, err
			}
			i = j
		}
		v := l.items[i]
		l.items = append(l.items[:i:i], l.items[i+1:]...)
		return v, in.tick(len(l.items) - i)
	case "copy":
		return &listV{append([]value{}, l.items...)}, in.tick(len(l.items))
	case "clear":
		l.items = nil
		return noneV{}, nil
	case "reverse":
		reverse(l.items)
		return noneV{}, nil
	case "sort":
		if len(c.kw) > 0 {
			return nil, unsupportedf("list.sort() with arguments is not modelled")
		}
		return noneV{}, sortValues(l.items)
	}
	return unknownV{why: "list." + name + "() is not modelled", ln: c.ln}, nil
}

func (in *interp) strMethod(s strV, name string, c *call) (value, error) {
	mk := func(x string) value { return strV{s: x, ln: s.ln, file: s.file} }
	argStr := func(i int) (string, bool) {
		if i >= len(c.args) {
			return "", false
		}
		a, ok := c.args[i].(strV)
		return a.s, ok
	}
	switch name {
	case "lower":
		return mk(strings.ToLower(s.s)), nil
	case "upper":
		return mk(strings.ToUpper(s.s)), nil
	case "strip", "lstrip", "rstrip":
		cut, ok := argStr(0)
		if !ok {
			cut = " \t\n\r\v\f"
		}
		switch name {
		case "strip":
			return mk(strings.Trim(s.s, cut)), nil
		case "lstrip":
			return mk(strings.TrimLeft(s.s, cut)), nil
		}
		return mk(strings.TrimRight(s.s, cut)), nil
	case "startswith", "endswith":
		var prefixes []string
		switch a := c.args[0:min(1, len(c.args))]; {
		case len(a) == 0:
			return nil, raise("TypeError", "%s() takes at least 1 argument", name)
		default:
			if t, ok := a[0].(tupleV); ok {
				for _, it := range t.items {
					if p, ok := it.(strV); ok {
						prefixes = append(prefixes, p.s)
					}
				}
			} else if p, ok := a[0].(strV); ok {
				prefixes = []string{p.s}
			} else {
				return unknownV{why: "a string test that cannot be evaluated", ln: c.ln}, nil
			}
		}
		for _, p := range prefixes {
			if name == "startswith" && strings.HasPrefix(s.s, p) || name == "endswith" && strings.HasSuffix(s.s, p) {
				return boolV(true), nil
			}
		}
		return boolV(false), nil
	case "split", "rsplit":
		sep, hasSep := argStr(0)
		var parts []string
		if hasSep {
			if sep == "" {
				return nil, raise("ValueError", "empty separator")
			}
			parts = strings.Split(s.s, sep)
		} else {
			parts = strings.Fields(s.s)
		}
		if len(c.args) > 1 || len(c.kw) > 0 {
			return unknownV{why: "split() with a limit", ln: c.ln}, nil
		}
		out := make([]value, len(parts))
		for i, p := range parts {
			out[i] = mk(p)
		}
		return &listV{out}, in.grow(len(out))
	case "join":
		items, u, err := in.argItems(c)
		if u != nil || err != nil {
			return u, err
		}
		parts := make([]string, len(items))
		for i, it := range items {
			p, ok := it.(strV)
			if !ok {
				return nil, raise("TypeError", "sequence item %d: expected str instance", i)
			}
			parts[i] = p.s
		}
		out := strings.Join(parts, s.s)
		if len(out) > maxStrLen {
			return nil, &fatal{msg: "a string grows too large"}
		}
		return mk(out), in.tick(len(out))
	case "replace":
		old, ok1 := argStr(0)
		nw, ok2 := argStr(1)
		if !ok1 || !ok2 || len(c.args) > 2 {
			return unknownV{why: "replace() with arguments that cannot be evaluated", ln: c.ln}, nil
		}
		out := strings.ReplaceAll(s.s, old, nw)
		if len(out) > maxStrLen {
			return nil, &fatal{msg: "a string grows too large"}
		}
		return mk(out), nil
	case "isdigit":
		return boolV(s.s != "" && strings.Trim(s.s, "0123456789") == ""), nil
	case "capitalize", "title", "casefold":
		if name == "casefold" {
			return mk(strings.ToLower(s.s)), nil
		}
	}
	return unknownV{why: "str." + name + "() is not modelled", ln: c.ln}, nil
}

func (in *interp) dictMethod(d *dictV, name string, c *call) (value, error) {
	if d.set {
		switch name {
		case "add":
			x, _ := firstArg(c)
			if !d.put(x, nil) {
				return nil, unsupportedf("cannot evaluate what is added to the set")
			}
			return noneV{}, nil
		}
		return unknownV{why: "set." + name + "() is not modelled", ln: c.ln}, nil
	}
	switch name {
	case "get":
		k, _ := firstArg(c)
		if u, ok := k.(unknownV); ok {
			return u, nil
		}
		if v, ok := d.get(k); ok {
			return v, nil
		}
		if def, ok := c.arg(1, "default"); ok {
			return def, nil
		}
		return noneV{}, nil
	case "setdefault":
		k, _ := firstArg(c)
		if v, ok := d.get(k); ok {
			return v, nil
		}
		def, ok := c.arg(1, "default")
		if !ok {
			def = noneV{}
		}
		if !d.put(k, def) {
			return nil, unsupportedf("cannot evaluate a dict key")
		}
		return def, nil
	case "keys":
		return &listV{append([]value{}, d.keys...)}, nil
	case "values":
		return &listV{append([]value{}, d.vals...)}, nil
	case "items":
		out := make([]value, len(d.keys))
		for i, k := range d.keys {
			out[i] = tupleV{[]value{k, d.vals[i]}}
		}
		return &listV{out}, nil
	case "update":
		if x, ok := firstArg(c); ok {
			src, ok := x.(*dictV)
			if !ok || src.set {
				return nil, unsupportedf("dict.update() of a value that cannot be evaluated")
			}
			for i, k := range src.keys {
				d.put(k, src.vals[i])
			}
		}
		for k, v := range c.kw {
			d.put(strV{s: k, ln: c.ln}, v)
		}
		return noneV{}, nil
	case "pop":
		k, _ := firstArg(c)
		if v, ok := d.get(k); ok {
			d.del(k)
			return v, in.tick(len(d.keys))
		}
		if def, ok := c.arg(1, "default"); ok {
			return def, nil
		}
		return nil, raise("KeyError", "%s", repr(k))
	case "copy":
		n := newDict(false)
		for i, k := range d.keys {
			n.put(k, d.vals[i])
		}
		return n, nil
	}
	return unknownV{why: "dict." + name + "() is not modelled", ln: c.ln}, nil
}

// module returns what `import name` binds: the modules the evaluator
// models (os, sys, environ, decouple), or an unknown value.
func (in *interp) module(name string, ln int) value {
	if m, ok := in.modules["\x00"+name]; ok {
		return m
	}
	m := in.newModule(name)
	if m == nil {
		return unknownV{why: "module " + name + " is not modelled", ln: ln}
	}
	in.modules["\x00"+name] = m
	return m
}

func (in *interp) newModule(name string) *moduleV {
	switch name {
	case "os":
		return in.osModule()
	case "os.path":
		return in.osModule().attrs["path"].(*moduleV)
	case "sys":
		return &moduleV{name: "sys", attrs: map[string]value{
			"argv": &listV{[]value{strV{s: "manage.py"}}},
			"path": &listV{},
		}}
	case "environ":
		return &moduleV{name: "environ", attrs: map[string]value{
			"Env": builtinV{"Env", newEnvReader},
		}}
	case "decouple":
		return &moduleV{name: "decouple", attrs: map[string]value{
			"config":              builtinV{"config", decoupleConfig},
			"Csv":                 builtinV{"Csv", decoupleCsv},
			"UndefinedValueError": excClassV{"UndefinedValueError"},
		}}
	case "django.core.exceptions":
		return &moduleV{name: name, attrs: map[string]value{
			"ImproperlyConfigured": excClassV{"ImproperlyConfigured"},
		}}
	}
	return nil
}

func (in *interp) osModule() *moduleV {
	if m, ok := in.modules["\x00os"]; ok {
		return m
	}
	environ := newDict(false)
	keys := make([]string, 0, len(in.opts.Env))
	for k := range in.opts.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		environ.put(strV{s: k}, strV{s: in.opts.Env[k]})
	}
	osPath := &moduleV{name: "os.path", attrs: map[string]value{
		"join":     builtinV{"join", osPathJoin},
		"dirname":  builtinV{"dirname", unknownBuiltin("a file system path")},
		"abspath":  builtinV{"abspath", unknownBuiltin("a file system path")},
		"basename": builtinV{"basename", unknownBuiltin("a file system path")},
		"realpath": builtinV{"realpath", unknownBuiltin("a file system path")},
		"exists":   builtinV{"exists", unknownBuiltin("whether a file exists")},
		"isfile":   builtinV{"isfile", unknownBuiltin("whether a file exists")},
		"isdir":    builtinV{"isdir", unknownBuiltin("whether a directory exists")},
		"sep":      strV{s: "/"},
	}}
	m := &moduleV{name: "os", attrs: map[string]value{
		"environ": environ,
		"path":    osPath,
		"sep":     strV{s: "/"},
		"getenv": builtinV{"getenv", func(_ *interp, c *call) (value, error) {
			k, _ := firstArg(c)
			if v, ok := environ.get(k); ok {
				return v, nil
			}
			if def, ok := c.arg(1, "default"); ok {
				return def, nil
			}
			return noneV{}, nil
		}},
	}}
	in.modules["\x00os"] = m
	return m
}

func osPathJoin(_ *interp, c *call) (value, error) {
	out := ""
	for _, a := range c.args {
		s, ok := a.(strV)
		if !ok {
			return unknownV{why: "a file system path", ln: c.ln}, nil
		}
		switch {
		case strings.HasPrefix(s.s, "/"), out == "":
			out = s.s
		case strings.HasSuffix(out, "/"):
			out += s.s
		default:
			out += "/" + s.s
		}
	}
	return strV{s: out, ln: c.ln, file: c.file}, nil
}

// fromImport runs `from X import ...`. Relative imports (and absolute ones
// naming a file beside this one) load the sibling file through
// Options.ReadSibling, once per parse, as Python caches modules.
func (in *interp) fromImport(f *frame, s *fromS) error {
	var mod value
	sibling := ""
	switch {
	case s.level == 1 && s.mod != "":
		sibling = s.mod
	case s.level == 1 && s.mod == "":
		for _, a := range s.names {
			m, err := in.sibling(a.name, s.ln)
			if err != nil {
				return err
			}
			bind := a.name
			if a.as != "" {
				bind = a.as
			}
			if err := in.setName(f, bind, m, s.ln); err != nil {
				return err
			}
		}
		return nil
	case s.level > 1:
		return raise("ImportError", "attempted relative import beyond the settings folder")
	default:
		mod = in.module(s.mod, s.ln)
		if _, unknown := mod.(unknownV); unknown && strings.Contains(s.mod, ".") && in.opts.ReadSibling != nil {
			last := s.mod[strings.LastIndexByte(s.mod, '.')+1:]
			if m, err := in.sibling(last, s.ln); err == nil {
				mod = m
			} else if _, isExc := err.(*pyExc); !isExc {
				return err
			}
		}
	}
	if sibling != "" {
		m, err := in.sibling(sibling, s.ln)
		if err != nil {
			return err
		}
		mod = m
	}
	if u, ok := mod.(unknownV); ok {
		if s.star {
			in.warn(f.file, s.ln, "cannot read %s; names it defines are unknown", s.mod)
			return nil
		}
		for _, a := range s.names {
			bind := a.name
			if a.as != "" {
				bind = a.as
			}
			if err := in.setName(f, bind, u, s.ln); err != nil {
				return err
			}
		}
		return nil
	}
	m := mod.(*moduleV)
	if s.star {
		return in.importStar(f, m, s.ln)
	}
	for _, a := range s.names {
		v, ok := m.attrs[a.name]
		if !ok {
			return raise("ImportError", "cannot import name '%s' from '%s'", a.name, m.name)
		}
		bind := a.name
		if a.as != "" {
			bind = a.as
		}
		if err := in.setName(f, bind, v, s.ln); err != nil {
			return err
		}
	}
	return nil
}

// importStar copies public names, or those in __all__, as Python does.
func (in *interp) importStar(f *frame, m *moduleV, ln int) error {
	var names []string
	if all, ok := m.attrs["__all__"]; ok {
		items, err := in.iterate(all)
		if err != nil {
			return err
		}
		for _, it := range items {
			if s, ok := it.(strV); ok {
				names = append(names, s.s)
			}
		}
	} else {
		for k := range m.attrs {
			if !strings.HasPrefix(k, "_") {
				names = append(names, k)
			}
		}
		sort.Strings(names)
	}
	for _, n := range names {
		v, ok := m.attrs[n]
		if !ok {
			return raise("AttributeError", "module '%s' has no attribute '%s'", m.name, n)
		}
		if err := in.setName(f, n, v, ln); err != nil {
			var u *unsupported
			if errors.As(err, &u) {
				continue
			}
			return err
		}
	}
	return nil
}

func (in *interp) sibling(name string, ln int) (*moduleV, error) {
	key := name + ".py"
	if m, ok := in.modules[key]; ok {
		return m, nil
	}
	if in.loading[key] {
		return nil, raise("ImportError", "cannot import %s: circular import", name)
	}
	if in.opts.ReadSibling == nil || path.Base(key) != key {
		return nil, raise("ModuleNotFoundError", "No module named '%s' (no sibling files available)", name)
	}
	if in.imports >= maxImportDepth {
		return nil, raise("ImportError", "imports nested too deeply")
	}
	src, err := in.opts.ReadSibling(key)
	if err != nil {
		return nil, raise("ModuleNotFoundError", "No module named '%s'", name)
	}
	if len(src) > maxInput {
		return nil, raise("ImportError", "%s is larger than 1 MiB", key)
	}
	toks, err := tokenize(string(src))
	if err != nil {
		msg := err.Error()
		if pe, ok := err.(*ParseError); ok {
			msg = pe.Msg
			in.warn(key, pe.Line, "%s", msg)
		}
		return nil, raise("SyntaxError", "%s: %s", key, msg)
	}
	body, _ := parseModule(toks)
	in.loading[key] = true
	in.imports++
	g := newScope(true)
	g.vars["DEBUG"] = in.debug
	g.vars["__name__"] = strV{s: name}
	fr := &frame{globals: g, locals: g, file: key}
	err = in.execModule(fr, body)
	in.imports--
	delete(in.loading, key)
	if err != nil {
		return nil, err
	}
	m := &moduleV{name: name, attrs: g.vars}
	in.modules[key] = m
	return m, nil
}

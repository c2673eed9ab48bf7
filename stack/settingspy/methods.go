package settingspy

import (
	"slices"
	"strings"
)

func (in *interp) getattr(x value, name string) (value, error) {
	switch o := x.(type) {
	case *moduleV:
		if v, ok := o.attr(name); ok {
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
		eq, ok := equal(it, x, &in.budget)
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
		if err := in.grow(len(l.items), 1); err != nil {
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
		return noneV{}, in.extend(l, x)
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
		if err := in.grow(len(l.items), 1); err != nil {
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
			eq, ok := equal(it, x, &in.budget)
			if !ok {
				return nil, unsupportedf("cannot evaluate what is removed")
			}
			if eq {
				l.items = append(l.items[:i:i], l.items[i+1:]...)
				return noneV{}, in.tick(len(l.items) - i)
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
		if err := in.grow(0, len(l.items)); err != nil {
			return nil, err
		}
		return &listV{append([]value{}, l.items...)}, nil
	case "clear":
		l.items = nil
		return noneV{}, nil
	case "reverse":
		slices.Reverse(l.items)
		return noneV{}, in.tick(len(l.items))
	case "sort":
		if len(c.kw) > 0 {
			return nil, unsupportedf("list.sort() with arguments is not modelled")
		}
		return noneV{}, in.sortValues(l.items)
	}
	return unknownV{why: "list." + name + "() is not modelled", ln: c.ln}, nil
}

// strMethod runs the str methods settings files use. Each draws from the
// budget for the bytes it reads and asks before it builds its result, so
// that a long string worked on in a loop runs the budget out instead of
// the CPU, and an oversized result is refused before it is allocated.
func (in *interp) strMethod(s strV, name string, c *call) (value, error) {
	mk := func(x string) (value, error) {
		return strV{s: x, ln: s.ln, file: s.file}, in.buildStr(len(x))
	}
	argStr := func(i int) (string, bool) {
		if i >= len(c.args) {
			return "", false
		}
		a, ok := c.args[i].(strV)
		return a.s, ok
	}
	switch name {
	case "lower", "upper", "casefold", "strip", "lstrip", "rstrip", "isdigit", "split", "rsplit":
		if err := in.scan(len(s.s)); err != nil {
			return nil, err
		}
	}
	switch name {
	case "lower", "casefold":
		return mk(strings.ToLower(s.s))
	case "upper":
		return mk(strings.ToUpper(s.s))
	case "strip", "lstrip", "rstrip":
		cut, ok := argStr(0)
		if !ok {
			cut = " \t\n\r\v\f"
		}
		switch name {
		case "strip":
			return mk(strings.Trim(s.s, cut))
		case "lstrip":
			return mk(strings.TrimLeft(s.s, cut))
		}
		return mk(strings.TrimRight(s.s, cut))
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
			if err := in.scan(len(p)); err != nil {
				return nil, err
			}
			if name == "startswith" && strings.HasPrefix(s.s, p) || name == "endswith" && strings.HasSuffix(s.s, p) {
				return boolV(true), nil
			}
		}
		return boolV(false), nil
	case "split", "rsplit":
		if len(c.args) > 1 || len(c.kw) > 0 {
			return unknownV{why: "split() with a limit", ln: c.ln}, nil
		}
		sep, hasSep := argStr(0)
		var parts []string
		if hasSep {
			if sep == "" {
				return nil, raise("ValueError", "empty separator")
			}
			if err := in.grow(0, strings.Count(s.s, sep)+1); err != nil {
				return nil, err
			}
			parts = strings.Split(s.s, sep)
		} else {
			parts = strings.Fields(s.s)
			if err := in.grow(0, len(parts)); err != nil {
				return nil, err
			}
		}
		out := make([]value, len(parts))
		for i, p := range parts {
			out[i] = strV{s: p, ln: s.ln, file: s.file}
		}
		return &listV{out}, nil
	case "join":
		items, u, err := in.argItems(c)
		if u != nil || err != nil {
			return u, err
		}
		parts := make([]string, len(items))
		size := len(s.s) * max(len(items)-1, 0)
		for i, it := range items {
			if u, ok := it.(unknownV); ok {
				return unknownV{why: "joining " + u.why, ln: c.ln}, nil
			}
			p, ok := it.(strV)
			if !ok {
				return nil, raise("TypeError", "sequence item %d: expected str instance", i)
			}
			parts[i] = p.s
			size += len(p.s)
		}
		if err := in.buildStr(size); err != nil {
			return nil, err
		}
		return strV{s: strings.Join(parts, s.s), ln: s.ln, file: s.file}, nil
	case "replace":
		old, ok1 := argStr(0)
		nw, ok2 := argStr(1)
		if !ok1 || !ok2 || len(c.args) > 2 {
			return unknownV{why: "replace() with arguments that cannot be evaluated", ln: c.ln}, nil
		}
		if err := in.scan(len(s.s)); err != nil {
			return nil, err
		}
		// Each match costs a search and a copy besides the bytes.
		n := strings.Count(s.s, old)
		if err := in.tick(n); err != nil {
			return nil, err
		}
		if err := in.buildStr(len(s.s) + n*(len(nw)-len(old))); err != nil {
			return nil, err
		}
		return strV{s: strings.ReplaceAll(s.s, old, nw), ln: s.ln, file: s.file}, nil
	case "isdigit":
		return boolV(s.s != "" && strings.Trim(s.s, "0123456789") == ""), nil
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
		v, ok := d.get(k)
		if !ok {
			v, ok = c.arg(1, "default")
		}
		if !ok {
			v = noneV{}
		}
		if d.environ {
			in.readEnv(k, v, c.ln, c.file)
		}
		return v, nil
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
		return &listV{append([]value{}, d.keys...)}, in.grow(0, len(d.keys))
	case "values":
		return &listV{append([]value{}, d.vals...)}, in.grow(0, len(d.keys))
	case "items":
		if err := in.grow(0, 2*len(d.keys)); err != nil {
			return nil, err
		}
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
			d.update(src)
		}
		for k, v := range c.kw {
			d.put(strV{s: k, ln: c.ln}, v)
		}
		return noneV{}, nil
	case "pop":
		k, _ := firstArg(c)
		if v, ok := d.get(k); ok {
			d.del(k)
			return v, nil
		}
		if def, ok := c.arg(1, "default"); ok {
			return def, nil
		}
		return nil, raise("KeyError", "%s", repr(k))
	case "copy":
		n := newDict(false, &in.budget)
		n.update(d)
		return n, nil
	}
	return unknownV{why: "dict." + name + "() is not modelled", ln: c.ln}, nil
}

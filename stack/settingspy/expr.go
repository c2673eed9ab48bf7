package settingspy

import (
	"strings"
	"unicode/utf8"
)

func (in *interp) eval(f *frame, e expr) (value, error) {
	v, err := in.eval1(f, e)
	switch x := v.(type) {
	case unknownV:
		// Messages name the line of the outermost expression that could
		// not be evaluated: the entry, not where its cause was defined.
		x.ln = e.exprLine()
		return x, err
	case strV:
		if x.ln == 0 {
			// Strings from the environment or a builtin take the line of
			// the lookup.
			x.ln, x.file = e.exprLine(), f.file
			return x, err
		}
	}
	return v, err
}

func (in *interp) eval1(f *frame, e expr) (value, error) {
	if err := in.tick(1); err != nil {
		return nil, err
	}
	switch e := e.(type) {
	case *constE:
		if s, ok := e.v.(strV); ok {
			s.file = f.file
			return s, nil
		}
		if u, ok := e.v.(unknownV); ok {
			u.ln = e.ln
			return u, nil
		}
		return e.v, nil
	case *unknownE:
		return unknownV{why: e.why, ln: e.ln}, nil
	case *nameE:
		return in.lookup(f, e.name, e.ln)
	case *seqE:
		items, err := in.evalItems(f, e.elts)
		if err != nil {
			return nil, err
		}
		if items == nil {
			return unknownV{why: "unpacking a value that cannot be evaluated", ln: e.ln}, nil
		}
		switch e.kind {
		case 'l':
			return &listV{items}, nil
		case 't':
			return tupleV{items}, nil
		}
		d := newDict(true, &in.budget)
		for _, it := range items {
			if !d.put(it, nil) {
				return unknownV{why: "a set of values that cannot be evaluated", ln: e.ln}, nil
			}
		}
		return d, nil
	case *dictE:
		return in.dictDisplay(f, e)
	case *starE:
		return nil, unsupportedf("a starred expression is not allowed here")
	case *binE:
		l, err := in.eval(f, e.l)
		if err != nil {
			return nil, err
		}
		r, err := in.eval(f, e.r)
		if err != nil {
			return nil, err
		}
		return in.binop(e.op, l, r, e.ln)
	case *unaryE:
		x, err := in.eval(f, e.x)
		if err != nil {
			return nil, err
		}
		return unary(e.op, x)
	case *boolE:
		var last value
		for _, x := range e.xs {
			v, t, known, err := in.test(f, x)
			if err != nil || !known {
				return v, err
			}
			last = v
			if t != e.and {
				return v, nil
			}
		}
		return last, nil
	case *cmpE:
		return in.compare(f, e)
	case *ifE:
		c, t, known, err := in.test(f, e.cond)
		if err != nil || !known {
			return c, err
		}
		if t {
			return in.eval(f, e.a)
		}
		return in.eval(f, e.b)
	case *callE:
		return in.callExpr(f, e)
	case *attrE:
		x, err := in.eval(f, e.x)
		if err != nil {
			return nil, err
		}
		return in.getattr(x, e.name)
	case *subE:
		x, err := in.eval(f, e.x)
		if err != nil {
			return nil, err
		}
		return in.getitem(f, x, e.idx)
	case *compE:
		return in.comprehension(f, e)
	case *sliceE:
		return nil, unsupportedf("a slice is not allowed here")
	}
	return nil, unsupportedf("unknown expression")
}

// test evaluates a condition for its truth. When the value cannot be
// known, known is false and v is the unknown value: each caller decides
// what an unknown condition means where it stands (skip the branch, give
// up on the loop, or pass the unknown on).
func (in *interp) test(f *frame, e expr) (v value, t, known bool, err error) {
	v, err = in.eval(f, e)
	if err != nil {
		return nil, false, false, err
	}
	t, known = truth(v)
	return v, t, known, nil
}

// evalItems evaluates display elements, expanding *iterables. It returns
// nil items (and no error) when a starred value is unknown.
func (in *interp) evalItems(f *frame, elts []expr) ([]value, error) {
	items := []value{}
	for _, x := range elts {
		if s, ok := x.(*starE); ok {
			v, err := in.eval(f, s.x)
			if err != nil {
				return nil, err
			}
			if _, u := v.(unknownV); u {
				return nil, nil
			}
			more, err := in.iterate(v)
			if err != nil {
				return nil, err
			}
			if err := in.grow(len(items), len(more)); err != nil {
				return nil, err
			}
			items = append(items, more...)
			continue
		}
		v, err := in.eval(f, x)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
	}
	return items, nil
}

func (in *interp) dictDisplay(f *frame, e *dictE) (value, error) {
	d := newDict(false, &in.budget)
	for i, kx := range e.keys {
		v, err := in.eval(f, e.vals[i])
		if err != nil {
			return nil, err
		}
		if kx == nil {
			src, ok := v.(*dictV)
			if !ok || src.set {
				return unknownV{why: "merging a mapping that cannot be evaluated", ln: e.ln}, nil
			}
			d.update(src)
			continue
		}
		k, err := in.eval(f, kx)
		if err != nil {
			return nil, err
		}
		if _, u := k.(unknownV); u {
			return unknownV{why: "a dict key that cannot be evaluated", ln: e.ln}, nil
		}
		if !d.put(k, v) {
			return nil, raise("TypeError", "unhashable type: '%s'", typeName(k))
		}
	}
	return d, nil
}

func (in *interp) iterate(v value) ([]value, error) {
	switch v := v.(type) {
	case *listV:
		return append([]value(nil), v.items...), in.grow(0, len(v.items))
	case tupleV:
		return append([]value(nil), v.items...), in.grow(0, len(v.items))
	case *dictV:
		return append([]value(nil), v.keys...), in.grow(0, len(v.keys))
	case strV:
		n := utf8.RuneCountInString(v.s)
		if err := in.grow(0, n); err != nil {
			return nil, err
		}
		// Each character is a string of its own, besides its slot.
		if err := in.alloc(2 * slotBytes * n); err != nil {
			return nil, err
		}
		out := make([]value, 0, n)
		for _, r := range v.s {
			out = append(out, strV{s: string(r), ln: v.ln, file: v.file})
		}
		return out, nil
	case unknownV:
		return nil, unsupportedf("cannot iterate over a value that cannot be evaluated (%s)", v.why)
	}
	return nil, raise("TypeError", "'%s' object is not iterable", typeName(v))
}

func (in *interp) compare(f *frame, e *cmpE) (value, error) {
	left, err := in.eval(f, e.first)
	if err != nil {
		return nil, err
	}
	for i, op := range e.ops {
		right, err := in.eval(f, e.rest[i])
		if err != nil {
			return nil, err
		}
		r, err := in.compareOne(op, left, right, e.ln, f.file)
		if err != nil {
			return nil, err
		}
		t, ok := truth(r)
		if !ok || !t {
			return r, nil
		}
		left = right
	}
	return boolV(true), nil
}

func (in *interp) compareOne(op string, a, b value, ln int, file string) (value, error) {
	if u, ok := a.(unknownV); ok {
		return u, nil
	}
	if u, ok := b.(unknownV); ok {
		return u, nil
	}
	switch op {
	case "==", "!=":
		eq, _ := equal(a, b, &in.budget)
		return boolV(eq == (op == "==")), nil
	case "is", "is not":
		var same bool
		switch x := a.(type) {
		case noneV, boolV, excClassV:
			same = a == b
		case *listV, *dictV, *moduleV, *funcV:
			same = a == b
		case intV, strV:
			same, _ = equal(x, b, &in.budget)
			same = same && typeName(a) == typeName(b)
		}
		return boolV(same == (op == "is")), nil
	case "in", "not in":
		found, err := in.contains(b, a, ln, file)
		if err != nil {
			return nil, err
		}
		if u, ok := found.(unknownV); ok {
			return u, nil
		}
		return boolV(bool(found.(boolV)) == (op == "in")), nil
	}
	if x, ok := number(a); ok {
		if y, ok := number(b); ok {
			return boolV(ordered(op, cmp3(x, y))), nil
		}
	}
	if x, ok := a.(strV); ok {
		if y, ok := b.(strV); ok {
			return boolV(ordered(op, strings.Compare(x.s, y.s))), in.scan(min(len(x.s), len(y.s)))
		}
	}
	return nil, raise("TypeError", "'%s' not supported between instances of '%s' and '%s'", op, typeName(a), typeName(b))
}

func (in *interp) contains(container, x value, ln int, file string) (value, error) {
	switch c := container.(type) {
	case strV:
		s, ok := x.(strV)
		if !ok {
			return nil, raise("TypeError", "'in <string>' requires string as left operand, not %s", typeName(x))
		}
		if err := in.scan(len(c.s) + len(s.s)); err != nil {
			return nil, err
		}
		return boolV(strings.Contains(c.s, s.s)), nil
	case *listV, tupleV:
		items, _ := seqItems(c)
		for _, it := range items {
			eq, ok := equal(it, x, &in.budget)
			if !ok {
				return unknownV{why: "comparing with a value that cannot be evaluated"}, nil
			}
			if eq {
				return boolV(true), nil
			}
		}
		return boolV(false), nil
	case *dictV:
		if _, ok := hashKey(x, &in.budget); !ok {
			return nil, raise("TypeError", "unhashable type: '%s'", typeName(x))
		}
		v, found := c.get(x)
		if c.environ {
			in.readEnv(x, v, ln, file)
		}
		return boolV(found), nil
	case unknownV:
		return c, nil
	}
	return nil, raise("TypeError", "argument of type '%s' is not iterable", typeName(container))
}

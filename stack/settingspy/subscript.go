package settingspy

import "math"

func index(iv value, n int) (int, error) {
	i, ok := asInt(iv)
	if !ok {
		if u, isU := iv.(unknownV); isU {
			return 0, unsupportedf("cannot evaluate an index (%s)", u.why)
		}
		return 0, raise("TypeError", "indices must be integers, not %s", typeName(iv))
	}
	if i < 0 {
		i += int64(n)
	}
	if i < 0 || i >= int64(n) {
		return 0, raise("IndexError", "index out of range")
	}
	return int(i), nil
}

func (in *interp) sliceBounds(f *frame, s *sliceE, n int) (int, int, int, error) {
	get := func(x expr) (int64, bool, error) {
		if x == nil {
			return 0, false, nil
		}
		v, err := in.eval(f, x)
		if err != nil {
			return 0, false, err
		}
		if _, ok := v.(noneV); ok {
			return 0, false, nil
		}
		i, ok := asInt(v)
		if !ok {
			if u, isU := v.(unknownV); isU {
				return 0, false, unsupportedf("cannot evaluate a slice bound (%s)", u.why)
			}
			return 0, false, raise("TypeError", "slice indices must be integers")
		}
		return i, true, nil
	}
	step, hasStep, err := get(s.step)
	if err != nil {
		return 0, 0, 0, err
	}
	if !hasStep {
		step = 1
	}
	if step == 0 {
		return 0, 0, 0, raise("ValueError", "slice step cannot be zero")
	}
	lo, hasLo, err := get(s.lo)
	if err != nil {
		return 0, 0, 0, err
	}
	hi, hasHi, err := get(s.hi)
	if err != nil {
		return 0, 0, 0, err
	}
	ln := int64(n)
	clamp := func(i int64, has bool, def int64) int64 {
		if !has {
			return def
		}
		if i < 0 {
			i += ln
		}
		if step > 0 {
			return max(0, min(i, ln))
		}
		return max(-1, min(i, ln-1))
	}
	if step > 0 {
		lo, hi = clamp(lo, hasLo, 0), clamp(hi, hasHi, ln)
	} else {
		lo, hi = clamp(lo, hasLo, ln-1), clamp(hi, hasHi, -1)
	}
	step = max(-math.MaxInt32, min(step, math.MaxInt32))
	return int(lo), int(hi), int(step), nil
}

// sliceLen is how many elements items[lo:hi:step] has, with bounds as
// sliceBounds gives them.
func sliceLen(lo, hi, step int) int {
	switch {
	case step > 0 && hi > lo:
		return (hi-lo-1)/step + 1
	case step < 0 && lo > hi:
		return (lo-hi-1)/(-step) + 1
	}
	return 0
}

func sliceItems[T any](items []T, lo, hi, step int) []T {
	out := make([]T, 0, sliceLen(lo, hi, step))
	if step > 0 {
		for i := lo; i < hi; i += step {
			out = append(out, items[i])
		}
	} else {
		for i := lo; i > hi; i += step {
			out = append(out, items[i])
		}
	}
	return out
}

func (in *interp) getitem(f *frame, x value, idxE expr) (value, error) {
	if sl, ok := idxE.(*sliceE); ok {
		var items []value
		switch c := x.(type) {
		case *listV:
			items = c.items
		case tupleV:
			items = c.items
		case strV:
			lo, hi, step, err := in.sliceBounds(f, sl, len(c.s))
			if err != nil {
				return nil, err
			}
			if err := in.buildStr(sliceLen(lo, hi, step)); err != nil {
				return nil, err
			}
			return strV{s: string(sliceItems([]byte(c.s), lo, hi, step)), ln: c.ln, file: c.file}, nil
		case unknownV:
			return c, nil
		default:
			return nil, raise("TypeError", "'%s' object is not subscriptable", typeName(x))
		}
		lo, hi, step, err := in.sliceBounds(f, sl, len(items))
		if err != nil {
			return nil, err
		}
		if err := in.grow(0, sliceLen(lo, hi, step)); err != nil {
			return nil, err
		}
		out := sliceItems(items, lo, hi, step)
		if _, ok := x.(tupleV); ok {
			return tupleV{out}, nil
		}
		return &listV{out}, nil
	}
	iv, err := in.eval(f, idxE)
	if err != nil {
		return nil, err
	}
	switch c := x.(type) {
	case *listV:
		i, err := index(iv, len(c.items))
		if err != nil {
			return nil, err
		}
		return c.items[i], nil
	case tupleV:
		i, err := index(iv, len(c.items))
		if err != nil {
			return nil, err
		}
		return c.items[i], nil
	case strV:
		i, err := index(iv, len(c.s))
		if err != nil {
			return nil, err
		}
		return strV{s: c.s[i : i+1], ln: c.ln, file: c.file}, nil
	case *dictV:
		if c.set {
			return nil, raise("TypeError", "'set' object is not subscriptable")
		}
		if u, ok := iv.(unknownV); ok {
			return u, nil
		}
		v, ok := c.get(iv)
		if c.environ {
			in.readEnv(iv, v, idxE.exprLine(), f.file)
		}
		if !ok {
			if _, hashable := hashKey(iv, &in.budget); !hashable {
				return nil, raise("TypeError", "unhashable type: '%s'", typeName(iv))
			}
			return nil, raise("KeyError", "%s", repr(iv))
		}
		return v, nil
	case unknownV:
		return c, nil
	}
	return nil, raise("TypeError", "'%s' object is not subscriptable", typeName(x))
}

package settingspy

func (in *interp) assign(f *frame, target expr, v value, ln int) error {
	switch t := target.(type) {
	case *nameE:
		return in.setName(f, t.name, v, ln)
	case *seqE:
		return in.unpack(f, t.elts, v, ln)
	case *subE:
		return in.setItem(f, t, v)
	case *attrE:
		obj, err := in.eval(f, t.x)
		if err != nil {
			return err
		}
		if m, ok := obj.(*moduleV); ok && m.attrs != nil {
			m.attrs[t.name] = v
		}
		// Attributes of other objects never hold the list.
		return nil
	}
	return unsupportedf("cannot assign to this target")
}

func (in *interp) unpack(f *frame, targets []expr, v value, ln int) error {
	if u, ok := v.(unknownV); ok {
		for _, t := range targets {
			if s, ok := t.(*starE); ok {
				t = s.x
			}
			if err := in.assign(f, t, u, ln); err != nil {
				return err
			}
		}
		return nil
	}
	items, err := in.iterate(v)
	if err != nil {
		return err
	}
	star := -1
	for i, t := range targets {
		if _, ok := t.(*starE); ok {
			star = i
		}
	}
	if star < 0 {
		if len(items) != len(targets) {
			return raise("ValueError", "cannot unpack %d values into %d names", len(items), len(targets))
		}
		for i, t := range targets {
			if err := in.assign(f, t, items[i], ln); err != nil {
				return err
			}
		}
		return nil
	}
	after := len(targets) - star - 1
	if len(items) < star+after {
		return raise("ValueError", "not enough values to unpack")
	}
	for i := 0; i < star; i++ {
		if err := in.assign(f, targets[i], items[i], ln); err != nil {
			return err
		}
	}
	if err := in.grow(0, len(items)-after-star); err != nil {
		return err
	}
	mid := append([]value(nil), items[star:len(items)-after]...)
	if err := in.assign(f, targets[star].(*starE).x, &listV{mid}, ln); err != nil {
		return err
	}
	for i := 0; i < after; i++ {
		if err := in.assign(f, targets[star+1+i], items[len(items)-after+i], ln); err != nil {
			return err
		}
	}
	return nil
}

func (in *interp) setItem(f *frame, t *subE, v value) error {
	obj, err := in.eval(f, t.x)
	if err != nil {
		return err
	}
	switch o := obj.(type) {
	case *listV:
		if sl, ok := t.idx.(*sliceE); ok {
			items, err := in.iterate(v)
			if err != nil {
				return err
			}
			return in.splice(f, o, sl, items)
		}
		i, err := in.evalIndex(f, t.idx, len(o.items))
		if err != nil {
			return err
		}
		o.items[i] = v
		return nil
	case *dictV:
		k, err := in.eval(f, t.idx)
		if err != nil {
			return err
		}
		if _, u := k.(unknownV); u {
			return unsupportedf("cannot evaluate a dict key")
		}
		if !o.put(k, v) {
			return raise("TypeError", "unhashable type: '%s'", typeName(k))
		}
		return nil
	case unknownV:
		return unsupportedf("cannot evaluate the container (%s)", o.why)
	}
	return raise("TypeError", "'%s' object does not support item assignment", typeName(obj))
}

func (in *interp) evalIndex(f *frame, x expr, n int) (int, error) {
	iv, err := in.eval(f, x)
	if err != nil {
		return 0, err
	}
	return index(iv, n)
}

// splice replaces a simple slice of a list (L[a:b] = items, del L[a:b]).
func (in *interp) splice(f *frame, o *listV, sl *sliceE, items []value) error {
	lo, hi, step, err := in.sliceBounds(f, sl, len(o.items))
	if err != nil {
		return err
	}
	if step != 1 {
		return unsupportedf("extended slice assignment is not supported")
	}
	hi = max(hi, lo)
	if err := in.grow(0, len(o.items)-(hi-lo)+len(items)); err != nil {
		return err
	}
	o.items = append(append(append([]value{}, o.items[:lo]...), items...), o.items[hi:]...)
	return nil
}

func (in *interp) del(f *frame, target expr) error {
	switch t := target.(type) {
	case *nameE:
		for _, sc := range []*scope{f.locals, f.globals} {
			if _, ok := sc.vars[t.name]; ok {
				if sc.module && t.name == "DEBUG" {
					return nil
				}
				delete(sc.vars, t.name)
				return nil
			}
		}
		return raise("NameError", "name '%s' is not defined", t.name)
	case *subE:
		obj, err := in.eval(f, t.x)
		if err != nil {
			return err
		}
		switch o := obj.(type) {
		case *listV:
			if sl, ok := t.idx.(*sliceE); ok {
				return in.splice(f, o, sl, nil)
			}
			i, err := in.evalIndex(f, t.idx, len(o.items))
			if err != nil {
				return err
			}
			o.items = append(o.items[:i:i], o.items[i+1:]...)
			return in.tick(len(o.items) - i)
		case *dictV:
			k, err := in.eval(f, t.idx)
			if err != nil {
				return err
			}
			if !o.del(k) {
				return raise("KeyError", "%s", repr(k))
			}
			return nil
		case unknownV:
			return unsupportedf("cannot evaluate the container (%s)", o.why)
		}
		return raise("TypeError", "'%s' object doesn't support item deletion", typeName(obj))
	case *seqE:
		for _, e := range t.elts {
			if err := in.del(f, e); err != nil {
				return err
			}
		}
		return nil
	}
	return unsupportedf("cannot delete this target")
}

// augAssign reads the target's value, works out the new one and stores
// it back through assign, as x op= y does for each kind of target.
func (in *interp) augAssign(f *frame, s *augS) error {
	rhs, err := in.eval(f, s.val)
	if err != nil {
		return err
	}
	var cur value
	switch t := s.target.(type) {
	case *nameE:
		cur, err = in.lookup(f, t.name, s.ln)
	case *subE:
		cur, err = in.eval(f, t)
	case *attrE:
		var obj value
		if obj, err = in.eval(f, t.x); err != nil {
			return err
		}
		if _, ok := obj.(*moduleV); !ok {
			return nil
		}
		cur, err = in.getattr(obj, t.name)
	default:
		return unsupportedf("cannot assign to this target")
	}
	if err != nil {
		return err
	}
	nv, err := in.inplace(cur, s.op, rhs, s.ln)
	if err != nil {
		return err
	}
	return in.assign(f, s.target, nv, s.ln)
}

// inplace is x op= y: lists change in place (every name bound to the
// list sees it), everything else rebinds.
func (in *interp) inplace(cur value, op string, rhs value, ln int) (value, error) {
	if l, ok := cur.(*listV); ok && op == "+" {
		if _, u := rhs.(unknownV); u {
			return rhs, nil
		}
		return l, in.extend(l, rhs)
	}
	return in.binop(op, cur, rhs, ln)
}

// extend is list.extend(x) and list += x: the list changes in place.
func (in *interp) extend(l *listV, x value) error {
	items, err := in.iterate(x)
	if err != nil {
		return err
	}
	if err := in.grow(len(l.items), len(items)); err != nil {
		return err
	}
	l.items = append(l.items, items...)
	return nil
}

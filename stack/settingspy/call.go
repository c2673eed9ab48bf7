package settingspy

import "fmt"

// define runs a def statement: the defaults are evaluated now, once, as
// in Python; the body when the function is called.
func (in *interp) define(f *frame, s *defS) error {
	if s.decorated {
		return in.setName(f, s.name, unknownV{why: "a decorated function", ln: s.ln}, s.ln)
	}
	fn := &funcV{def: s, globals: f.globals, file: f.file}
	for _, p := range s.params {
		var d value
		if p.def != nil {
			v, err := in.eval(f, p.def)
			if err != nil {
				return err
			}
			d = v
		}
		fn.defaults = append(fn.defaults, d)
	}
	return in.setName(f, s.name, fn, s.ln)
}

func (in *interp) callExpr(f *frame, e *callE) (value, error) {
	fn, err := in.eval(f, e.fn)
	if err != nil {
		return nil, err
	}
	c := &call{kw: map[string]value{}, ln: e.ln, file: f.file}
	for _, a := range e.args {
		v, err := in.eval(f, a.x)
		if err != nil {
			return nil, err
		}
		switch {
		case a.star == 1:
			if _, u := v.(unknownV); u {
				return v, nil
			}
			items, err := in.iterate(v)
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, items...)
		case a.star == 2:
			d, ok := v.(*dictV)
			if !ok || d.set {
				return unknownV{why: "keyword arguments that cannot be evaluated", ln: e.ln}, nil
			}
			if err := in.tick(len(d.keys)); err != nil {
				return nil, err
			}
			for i, k := range d.keys {
				ks, ok := k.(strV)
				if !ok {
					return nil, raise("TypeError", "keywords must be strings")
				}
				c.kw[ks.s] = d.vals[i]
			}
		case a.name != "":
			c.kw[a.name] = v
		default:
			c.args = append(c.args, v)
		}
	}
	v, err := in.callValue(fn, c)
	if pe, ok := err.(*pyExc); ok && pe.ln == 0 {
		pe.ln = e.ln
		pe.file = f.file
	}
	if u, ok := err.(*unsupported); ok && u.ln == 0 {
		u.ln = e.ln
	}
	return v, err
}

func (in *interp) callValue(fn value, c *call) (value, error) {
	switch fn := fn.(type) {
	case builtinV:
		return fn.fn(in, c)
	case boundV:
		return in.callMethod(fn.recv, fn.name, c)
	case *funcV:
		return in.callFunc(fn, c)
	case excClassV:
		msg := ""
		if len(c.args) > 0 {
			msg, _ = pyStr(c.args[0])
		}
		return excV{class: fn.name, msg: msg}, nil
	case *envReader:
		return fn.get(in, c, "")
	case unknownV:
		return unknownV{why: fn.why, ln: c.ln}, nil
	}
	return nil, raise("TypeError", "'%s' object is not callable", typeName(fn))
}

func (in *interp) callFunc(fn *funcV, c *call) (value, error) {
	if in.callDepth >= maxCallDepth {
		return nil, raise("RecursionError", "maximum recursion depth exceeded")
	}
	if err := in.tick(2 * allocUnits); err != nil {
		return nil, err
	}
	in.callDepth++
	defer func() { in.callDepth-- }()
	locals := &scope{vars: map[string]value{}}
	args := c.args
	used := map[string]bool{}
	for i, p := range fn.def.params {
		switch p.star {
		case 1:
			if err := in.grow(0, len(args)); err != nil {
				return nil, err
			}
			locals.vars[p.name] = tupleV{append([]value(nil), args...)}
			args = nil
			continue
		case 2:
			d := newDict(false, &in.budget)
			for k, v := range c.kw {
				if !used[k] {
					d.put(strV{s: k}, v)
				}
			}
			locals.vars[p.name] = d
			continue
		}
		if len(args) > 0 {
			locals.vars[p.name] = args[0]
			args = args[1:]
			continue
		}
		if v, ok := c.kw[p.name]; ok {
			locals.vars[p.name] = v
			used[p.name] = true
			continue
		}
		if fn.defaults[i] != nil {
			locals.vars[p.name] = fn.defaults[i]
			continue
		}
		return nil, raise("TypeError", "%s() missing required argument: '%s'", fn.def.name, p.name)
	}
	if len(args) > 0 {
		return nil, raise("TypeError", "%s() takes %d positional arguments", fn.def.name, len(fn.def.params))
	}
	fr := &frame{globals: fn.globals, locals: locals, global: map[string]bool{}, file: fn.file, fn: true}
	err := in.execBlock(fr, fn.def.body)
	switch err := err.(type) {
	case nil:
		return noneV{}, nil
	case returnSig:
		return err.v, nil
	case *unsupported:
		return unknownV{why: fmt.Sprintf("a call to %s() that cannot be evaluated: %s", fn.def.name, err.msg), ln: c.ln}, nil
	case breakSig, continueSig:
		return noneV{}, nil
	}
	return nil, err
}

package settingspy

import "errors"

func (in *interp) comprehension(f *frame, e *compE) (value, error) {
	inner := &frame{globals: f.globals, locals: &scope{vars: map[string]value{}, parent: f.locals}, global: f.global, file: f.file, fn: true}
	var out []value
	var keys []value
	var walk func(level int) error
	walk = func(level int) error {
		if level == len(e.gens) {
			v, err := in.eval(inner, e.elt)
			if err != nil {
				return err
			}
			if e.kind == 'd' {
				k, err := in.eval(inner, e.key)
				if err != nil {
					return err
				}
				keys = append(keys, k)
			}
			if err := in.grow(len(out), 1); err != nil {
				return err
			}
			out = append(out, v)
			return nil
		}
		g := e.gens[level]
		src := inner
		if level == 0 {
			src = f
		}
		it, err := in.eval(src, g.iter)
		if err != nil {
			return err
		}
		items, err := in.iterate(it)
		if err != nil {
			return err
		}
	next:
		for _, item := range items {
			if err := in.assign(inner, g.target, item, e.ln); err != nil {
				return err
			}
			for _, c := range g.ifs {
				v, t, known, err := in.test(inner, c)
				if err != nil {
					return err
				}
				if !known {
					return unsupportedf("cannot evaluate a comprehension condition (%s)", v.(unknownV).why)
				}
				if !t {
					continue next
				}
			}
			if err := walk(level + 1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(0); err != nil {
		var u *unsupported
		if errors.As(err, &u) {
			return unknownV{why: u.msg, ln: e.ln}, nil
		}
		return nil, err
	}
	switch e.kind {
	case 'l', 'g':
		return &listV{out}, nil
	case 's':
		d := newDict(true, &in.budget)
		for _, v := range out {
			if !d.put(v, nil) {
				return unknownV{why: "a set of values that cannot be evaluated", ln: e.ln}, nil
			}
		}
		return d, nil
	}
	d := newDict(false, &in.budget)
	for i, k := range keys {
		if !d.put(k, out[i]) {
			return unknownV{why: "a dict key that cannot be evaluated", ln: e.ln}, nil
		}
	}
	return d, nil
}

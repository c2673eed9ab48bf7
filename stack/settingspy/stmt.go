package settingspy

import "errors"

// execModule runs a module's statements. Unlike Python it goes on after an
// uncaught exception, so one failing lookup does not hide the list.
func (in *interp) execModule(f *frame, body []stmt) error {
	for _, s := range body {
		err := in.execBlock(f, []stmt{s})
		if err == nil {
			continue
		}
		var pe *pyExc
		var ft *fatal
		switch {
		case errors.As(err, &ft):
			return err
		case errors.As(err, &pe) && in.over() != nil:
			// The exception came from work the budget could not pay for
			// (a key not hashed, a comparison not finished): where it was
			// raised is where the file ran the budget out.
			ft := in.over().(*fatal)
			ft.ln = pe.ln
			return ft
		case errors.As(err, &pe):
			// Where it was raised, which may be inside a function another
			// file defines: the innermost execBlock has filled both in.
			in.warn(pe.file, pe.ln, "%s: %s (the environment is taken as empty); statement skipped", pe.class, pe.msg)
		}
	}
	return nil
}

func (in *interp) execBlock(f *frame, body []stmt) error {
	for _, s := range body {
		err := in.tick(1)
		if err == nil {
			err = in.exec(f, s)
		}
		if err == nil {
			continue
		}
		var u *unsupported
		if errors.As(err, &u) {
			if f.fn {
				return err
			}
			if s.base().mw {
				ln := u.ln
				if ln == 0 {
					ln = s.base().ln
				}
				in.warn(f.file, ln, "%s; statement skipped", u.msg)
			}
			continue
		}
		var pe *pyExc
		if errors.As(err, &pe) {
			if pe.ln == 0 {
				pe.ln = s.base().ln
			}
			if pe.file == "" {
				pe.file = f.file
			}
		}
		var ft *fatal
		if errors.As(err, &ft) && ft.ln == 0 {
			ft.ln = s.base().ln
		}
		return err
	}
	return nil
}

func (in *interp) exec(f *frame, s stmt) error {
	switch s := s.(type) {
	case *exprS:
		_, err := in.eval(f, s.x)
		return err
	case *assignS:
		v, err := in.eval(f, s.val)
		if err != nil {
			return err
		}
		for _, t := range s.targets {
			if err := in.assign(f, t, v, s.ln); err != nil {
				return err
			}
		}
		return nil
	case *augS:
		return in.augAssign(f, s)
	case *ifS:
		for i, c := range s.conds {
			v, t, known, err := in.test(f, c)
			var u *unsupported
			if errors.As(err, &u) {
				v, known, err = unknownV{why: u.msg}, false, nil
			}
			if err != nil {
				return err
			}
			if !known {
				if f.fn {
					return unsupportedf("cannot evaluate the condition (%s)", v.(unknownV).why)
				}
				if s.mw {
					in.warn(f.file, c.exprLine(), "cannot evaluate the condition (%s); taken as false", v.(unknownV).why)
				}
				continue
			}
			if t {
				return in.execBlock(f, s.bodies[i])
			}
		}
		return in.execBlock(f, s.els)
	case *forS:
		return in.forLoop(f, s)
	case *whileS:
		return in.whileLoop(f, s)
	case *tryS:
		return in.try(f, s)
	case *withS:
		return in.with(f, s)
	case *defS:
		return in.define(f, s)
	case *classS:
		return in.setName(f, s.name, unknownV{why: "a class", ln: s.ln}, s.ln)
	case *importS:
		return in.importNames(f, s)
	case *fromS:
		return in.fromImport(f, s)
	case *simpleS:
		switch s.kind {
		case "break":
			return breakSig{}
		case "continue":
			return continueSig{}
		}
		return nil
	case *returnS:
		if s.val == nil {
			return returnSig{noneV{}}
		}
		v, err := in.eval(f, s.val)
		if err != nil {
			return err
		}
		return returnSig{v}
	case *delS:
		for _, t := range s.targets {
			if err := in.del(f, t); err != nil {
				return err
			}
		}
		return nil
	case *globalS:
		if f.locals != f.globals {
			for _, n := range s.names {
				f.global[n] = true
			}
		}
		return nil
	case *raiseS:
		return in.raiseStmt(f, s)
	case *skipS:
		return &unsupported{msg: s.why, ln: s.ln}
	}
	return unsupportedf("unknown statement")
}

func (in *interp) forLoop(f *frame, s *forS) error {
	it, err := in.eval(f, s.iter)
	if err != nil {
		return err
	}
	items, err := in.iterate(it)
	if err != nil {
		return err
	}
	for _, item := range items {
		if err := in.assign(f, s.target, item, s.ln); err != nil {
			return err
		}
		err := in.execBlock(f, s.body)
		switch err.(type) {
		case nil, continueSig:
			continue
		case breakSig:
			return nil
		}
		return err
	}
	return in.execBlock(f, s.els)
}

func (in *interp) whileLoop(f *frame, s *whileS) error {
	for {
		if err := in.tick(1); err != nil {
			return err
		}
		v, t, known, err := in.test(f, s.cond)
		if err != nil {
			return err
		}
		if !known {
			return unsupportedf("cannot evaluate the loop condition (%s)", v.(unknownV).why)
		}
		if !t {
			return in.execBlock(f, s.els)
		}
		err = in.execBlock(f, s.body)
		switch err.(type) {
		case nil, continueSig:
			continue
		case breakSig:
			return nil
		}
		return err
	}
}

func (in *interp) try(f *frame, s *tryS) error {
	tests := len(s.handlers) > 0
	if tests {
		in.tries++
	}
	err := in.execBlock(f, s.body)
	if tests {
		in.tries--
	}
	var pe *pyExc
	if errors.As(err, &pe) {
		for _, h := range s.handlers {
			match, herr := in.handles(f, h, pe)
			if herr != nil {
				err = herr
				break
			}
			if !match {
				continue
			}
			if h.name != "" {
				if e := in.setName(f, h.name, excV{class: pe.class, msg: pe.msg}, s.ln); e != nil {
					return e
				}
			}
			prev := in.handling
			in.handling = pe
			err = in.execBlock(f, h.body)
			in.handling = prev
			break
		}
	} else if err == nil {
		err = in.execBlock(f, s.els)
	}
	if s.finally_ != nil {
		if ferr := in.execBlock(f, s.finally_); ferr != nil {
			return ferr
		}
	}
	return err
}

func (in *interp) handles(f *frame, h handler, pe *pyExc) (bool, error) {
	if h.typ == nil {
		return true, nil
	}
	t, err := in.eval(f, h.typ)
	if err != nil {
		return false, err
	}
	classes := []value{t}
	if tu, ok := t.(tupleV); ok {
		classes = tu.items
	}
	return catches(classes, pe), nil
}

// catches says one of classes is pe's class or a parent of it.
func catches(classes []value, pe *pyExc) bool {
	for _, c := range classes {
		if ec, ok := c.(excClassV); ok && excIsA(pe.class, ec.name) {
			return true
		}
	}
	return false
}

// with runs the body of `with suppress(...):` and swallows what it
// suppresses, as contextlib does. Other context managers (files, locks,
// transactions) do what the reader cannot, so their blocks are skipped.
func (in *interp) with(f *frame, s *withS) error {
	var classes []value
	for _, it := range s.items {
		v, err := in.eval(f, it.ctx)
		if err != nil {
			return err
		}
		sv, ok := v.(suppressV)
		if !ok || it.as != nil {
			return unsupportedf("with blocks are not run, except with contextlib.suppress(...)")
		}
		classes = append(classes, sv.classes...)
	}
	// Like a try block, it tests what its body imports.
	in.tries++
	err := in.execBlock(f, s.body)
	in.tries--
	var pe *pyExc
	if errors.As(err, &pe) && catches(classes, pe) {
		return nil
	}
	return err
}

func (in *interp) raiseStmt(f *frame, s *raiseS) error {
	if s.exc == nil {
		if in.handling != nil {
			return in.handling
		}
		return raise("RuntimeError", "No active exception to reraise")
	}
	v, err := in.eval(f, s.exc)
	if err != nil {
		return err
	}
	switch v := v.(type) {
	case excClassV:
		return raise(v.name, "")
	case excV:
		return &pyExc{class: v.class, msg: v.msg}
	}
	return raise("Exception", "raised %s", repr(v))
}

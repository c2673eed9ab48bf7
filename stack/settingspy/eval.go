package settingspy

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Work limits: a pasted file must not make the evaluator loop or allocate
// without bound. Real settings files need a few thousand steps.
const (
	maxSteps       = 1_000_000
	maxItems       = 100_000
	maxStrLen      = 1 << 20
	maxCallDepth   = 40
	maxImportDepth = 10
	maxWarnings    = 100
)

type scope struct {
	vars   map[string]value
	parent *scope // comprehension scopes see the scope they sit in
	// module marks a module namespace, where DEBUG is pinned to the
	// option and where the setting's last binding line is recorded.
	module bool
	binds  map[string]int
}

func newScope(module bool) *scope {
	return &scope{vars: map[string]value{}, module: module, binds: map[string]int{}}
}

type frame struct {
	globals *scope
	locals  *scope
	global  map[string]bool // names a function declared global
	file    string          // "" for the main file, else the sibling's file name
	fn      bool            // inside a function call: unsupported code makes the call unknown
}

type interp struct {
	opts      Options
	steps     int
	warnings  []string
	seen      map[string]bool
	modules   map[string]*moduleV
	loading   map[string]bool
	callDepth int
	imports   int
	handling  *pyExc // the exception an except block is handling, for bare raise
	debug     value
}

func (in *interp) tick(n int) error {
	in.steps += n
	if in.steps > maxSteps {
		return &fatal{msg: "the file takes too much work to evaluate"}
	}
	return nil
}

func (in *interp) warn(file string, ln int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	where := fmt.Sprintf("line %d: ", ln)
	if file != "" {
		where = fmt.Sprintf("%s line %d: ", file, ln)
	}
	w := where + msg
	if in.seen[w] || len(in.warnings) >= maxWarnings {
		return
	}
	in.seen[w] = true
	in.warnings = append(in.warnings, w)
}

func isSettingName(name string) bool { return name == "MIDDLEWARE" || name == "MIDDLEWARE_CLASSES" }

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
		if err := in.tick(1); err != nil {
			return err
		}
		err := in.exec(f, s)
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
			v, err := in.eval(f, c)
			if err != nil {
				var u *unsupported
				if !errors.As(err, &u) {
					return err
				}
				v = unknownV{why: u.msg}
			}
			t, ok := truth(v)
			if !ok {
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
		return unsupportedf("with blocks are not run")
	case *defS:
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
	case *classS:
		return in.setName(f, s.name, unknownV{why: "a class", ln: s.ln}, s.ln)
	case *importS:
		for _, a := range s.names {
			if a.as != "" {
				if err := in.setName(f, a.as, in.module(a.name, s.ln), s.ln); err != nil {
					return err
				}
				continue
			}
			first := strings.SplitN(a.name, ".", 2)[0]
			if err := in.setName(f, first, in.module(first, s.ln), s.ln); err != nil {
				return err
			}
		}
		return nil
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
		v, err := in.eval(f, s.cond)
		if err != nil {
			return err
		}
		t, ok := truth(v)
		if !ok {
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
	err := in.execBlock(f, s.body)
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
	for _, c := range classes {
		if ec, ok := c.(excClassV); ok && excIsA(pe.class, ec.name) {
			return true, nil
		}
	}
	return false, nil
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

// lookup finds a name as Python does for module code and simple functions:
// local (and enclosing comprehension) scopes, then globals, then builtins.
func (in *interp) lookup(f *frame, name string, ln int) (value, error) {
	if !f.global[name] {
		for sc := f.locals; sc != nil; sc = sc.parent {
			if v, ok := sc.vars[name]; ok {
				return v, nil
			}
		}
	}
	if v, ok := f.globals.vars[name]; ok {
		return v, nil
	}
	if v, ok := builtins[name]; ok {
		return v, nil
	}
	if _, ok := excParents[name]; ok {
		return excClassV{name}, nil
	}
	return nil, &pyExc{class: "NameError", msg: fmt.Sprintf("name '%s' is not defined", name), ln: ln}
}

func (in *interp) setName(f *frame, name string, v value, ln int) error {
	sc := f.locals
	if f.global[name] {
		sc = f.globals
	}
	if sc.module {
		if name == "DEBUG" {
			// --debug reads the file as if DEBUG were what the option says,
			// whatever the file computes.
			return nil
		}
		if u, ok := v.(unknownV); ok && isSettingName(name) {
			return &unsupported{msg: "cannot evaluate the new value of " + name + " (" + u.why + ")", ln: ln}
		}
		sc.binds[name] = ln
	}
	sc.vars[name] = v
	return nil
}

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
	if err := in.grow(len(o.items) - (hi - lo) + len(items)); err != nil {
		return err
	}
	if err := in.tick(len(o.items) + len(items)); err != nil {
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
			return nil
		case *dictV:
			k, err := in.eval(f, t.idx)
			if err != nil {
				return err
			}
			if err := in.tick(len(o.keys)); err != nil {
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

func (in *interp) augAssign(f *frame, s *augS) error {
	rhs, err := in.eval(f, s.val)
	if err != nil {
		return err
	}
	switch t := s.target.(type) {
	case *nameE:
		cur, err := in.lookup(f, t.name, s.ln)
		if err != nil {
			return err
		}
		nv, err := in.inplace(cur, s.op, rhs, s.ln, f.file)
		if err != nil {
			return err
		}
		return in.setName(f, t.name, nv, s.ln)
	case *subE:
		cur, err := in.eval(f, t)
		if err != nil {
			return err
		}
		nv, err := in.inplace(cur, s.op, rhs, s.ln, f.file)
		if err != nil {
			return err
		}
		return in.setItem(f, t, nv)
	case *attrE:
		obj, err := in.eval(f, t.x)
		if err != nil {
			return err
		}
		if _, ok := obj.(*moduleV); !ok {
			return nil
		}
		cur, err := in.getattr(obj, t.name)
		if err != nil {
			return err
		}
		nv, err := in.inplace(cur, s.op, rhs, s.ln, f.file)
		if err != nil {
			return err
		}
		return in.assign(f, t, nv, s.ln)
	}
	return unsupportedf("cannot assign to this target")
}

// inplace is x op= y: lists change in place (every name bound to the
// list sees it), everything else rebinds.
func (in *interp) inplace(cur value, op string, rhs value, ln int, file string) (value, error) {
	if l, ok := cur.(*listV); ok && op == "+" {
		if _, u := rhs.(unknownV); u {
			return rhs, nil
		}
		items, err := in.iterate(rhs)
		if err != nil {
			return nil, err
		}
		if err := in.grow(len(l.items) + len(items)); err != nil {
			return nil, err
		}
		l.items = append(l.items, items...)
		return l, nil
	}
	return in.binop(op, cur, rhs, ln, file)
}

// grow checks the size a list is about to reach; copying costs are
// counted where the copying happens.
func (in *interp) grow(n int) error {
	if n > maxItems {
		return &fatal{msg: "a list grows too large"}
	}
	return in.tick(1)
}

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
		if items == nil && hasStar(e.elts) {
			return unknownV{why: "unpacking a value that cannot be evaluated", ln: e.ln}, nil
		}
		switch e.kind {
		case 'l':
			return &listV{items}, nil
		case 't':
			return tupleV{items}, nil
		}
		d := newDict(true)
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
		return in.binop(e.op, l, r, e.ln, f.file)
	case *unaryE:
		x, err := in.eval(f, e.x)
		if err != nil {
			return nil, err
		}
		return unary(e.op, x)
	case *boolE:
		var last value
		for _, x := range e.xs {
			v, err := in.eval(f, x)
			if err != nil {
				return nil, err
			}
			t, ok := truth(v)
			if !ok {
				return v, nil
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
		c, err := in.eval(f, e.cond)
		if err != nil {
			return nil, err
		}
		t, ok := truth(c)
		if !ok {
			return c, nil
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

func hasStar(elts []expr) bool {
	for _, e := range elts {
		if _, ok := e.(*starE); ok {
			return true
		}
	}
	return false
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
			if err := in.grow(len(items) + len(more)); err != nil {
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
	d := newDict(false)
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
			for j, k := range src.keys {
				d.put(k, src.vals[j])
			}
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
		return append([]value(nil), v.items...), in.tick(len(v.items))
	case tupleV:
		return append([]value(nil), v.items...), in.tick(len(v.items))
	case *dictV:
		return append([]value(nil), v.keys...), in.tick(len(v.keys))
	case strV:
		var out []value
		for _, r := range v.s {
			out = append(out, strV{s: string(r), ln: v.ln, file: v.file})
		}
		return out, in.tick(len(out))
	case unknownV:
		return nil, unsupportedf("cannot iterate over a value that cannot be evaluated (%s)", v.why)
	}
	return nil, raise("TypeError", "'%s' object is not iterable", typeName(v))
}

func (in *interp) binop(op string, l, r value, ln int, file string) (value, error) {
	if u, ok := l.(unknownV); ok {
		return u, nil
	}
	if u, ok := r.(unknownV); ok {
		return u, nil
	}
	switch a := l.(type) {
	case strV:
		switch b := r.(type) {
		case strV:
			if op == "+" {
				if len(a.s)+len(b.s) > maxStrLen {
					return nil, &fatal{msg: "a string grows too large"}
				}
				return strV{s: a.s + b.s, ln: a.ln, file: a.file}, in.tick(len(a.s) + len(b.s))
			}
		case intV, boolV:
			if op == "*" {
				n, _ := asInt(b)
				return in.repeatStr(a, n)
			}
		}
		if op == "%" {
			return unknownV{why: "%-formatting", ln: ln}, nil
		}
	case *listV:
		switch b := r.(type) {
		case *listV:
			if op == "+" {
				if err := in.grow(len(a.items) + len(b.items)); err != nil {
					return nil, err
				}
				return &listV{append(append([]value{}, a.items...), b.items...)}, in.tick(len(a.items) + len(b.items))
			}
		case intV, boolV:
			if op == "*" {
				n, _ := asInt(b)
				items, err := in.repeat(a.items, n)
				return &listV{items}, err
			}
		}
	case tupleV:
		switch b := r.(type) {
		case tupleV:
			if op == "+" {
				if err := in.grow(len(a.items) + len(b.items)); err != nil {
					return nil, err
				}
				return tupleV{append(append([]value{}, a.items...), b.items...)}, in.tick(len(a.items) + len(b.items))
			}
		case intV, boolV:
			if op == "*" {
				n, _ := asInt(b)
				items, err := in.repeat(a.items, n)
				return tupleV{items}, err
			}
		}
	case *dictV:
		if b, ok := r.(*dictV); ok && op == "|" && a.set == b.set {
			d := newDict(a.set)
			for _, src := range []*dictV{a, b} {
				for i, k := range src.keys {
					var v value
					if !src.set {
						v = src.vals[i]
					}
					d.put(k, v)
				}
			}
			return d, in.tick(len(d.keys))
		}
	case intV, boolV:
		if _, ok := r.(strV); ok && op == "*" {
			n, _ := asInt(a)
			return in.repeatStr(r.(strV), n)
		}
		if lst, ok := r.(*listV); ok && op == "*" {
			n, _ := asInt(a)
			items, err := in.repeat(lst.items, n)
			return &listV{items}, err
		}
	}
	if x, ok := asInt(l); ok {
		if y, ok := asInt(r); ok {
			return intOp(op, x, y)
		}
	}
	if x, ok := number(l); ok {
		if y, ok := number(r); ok {
			return floatOp(op, x, y)
		}
	}
	return nil, raise("TypeError", "unsupported operand type(s) for %s: '%s' and '%s'", op, typeName(l), typeName(r))
}

func (in *interp) repeat(items []value, n int64) ([]value, error) {
	if n <= 0 || len(items) == 0 {
		return []value{}, nil
	}
	if n > maxItems || int64(len(items))*n > maxItems {
		return nil, &fatal{msg: "a list grows too large"}
	}
	out := make([]value, 0, int(n)*len(items))
	for i := int64(0); i < n; i++ {
		out = append(out, items...)
	}
	return out, in.tick(len(out))
}

func (in *interp) repeatStr(s strV, n int64) (value, error) {
	if n <= 0 {
		return strV{ln: s.ln, file: s.file}, nil
	}
	if n > maxStrLen || int64(len(s.s))*n > maxStrLen {
		return nil, &fatal{msg: "a string grows too large"}
	}
	out := strings.Repeat(s.s, int(n))
	return strV{s: out, ln: s.ln, file: s.file}, in.tick(len(out))
}

func intOp(op string, x, y int64) (value, error) {
	big := unknownV{why: "integer arithmetic beyond 64 bits"}
	switch op {
	case "+":
		r := x + y
		if (r > x) != (y > 0) {
			return big, nil
		}
		return intV(r), nil
	case "-":
		r := x - y
		if (r < x) != (y > 0) {
			return big, nil
		}
		return intV(r), nil
	case "*":
		if x != 0 && (x*y/x != y || x == -1 && y == math.MinInt64 || y == -1 && x == math.MinInt64) {
			return big, nil
		}
		return intV(x * y), nil
	case "//", "%":
		if y == 0 {
			return nil, raise("ZeroDivisionError", "integer division or modulo by zero")
		}
		if x == math.MinInt64 && y == -1 {
			return big, nil
		}
		q, m := x/y, x%y
		if m != 0 && (m < 0) != (y < 0) {
			q--
			m += y
		}
		if op == "//" {
			return intV(q), nil
		}
		return intV(m), nil
	case "/":
		if y == 0 {
			return nil, raise("ZeroDivisionError", "division by zero")
		}
		return floatV(float64(x) / float64(y)), nil
	case "**":
		if y < 0 {
			return floatV(math.Pow(float64(x), float64(y))), nil
		}
		r := int64(1)
		for i := int64(0); i < y; i++ {
			if r != 0 && (r*x/r != x) {
				return big, nil
			}
			r *= x
			if i > 64 && (x == 0 || x == 1 || x == -1) {
				if x == -1 && (y-i-1)%2 == 1 {
					r = -r
				}
				break
			}
		}
		return intV(r), nil
	case "|":
		return intV(x | y), nil
	case "&":
		return intV(x & y), nil
	case "^":
		return intV(x ^ y), nil
	case "<<":
		if y < 0 {
			return nil, raise("ValueError", "negative shift count")
		}
		if y >= 63 || x<<y>>y != x {
			return big, nil
		}
		return intV(x << y), nil
	case ">>":
		if y < 0 {
			return nil, raise("ValueError", "negative shift count")
		}
		if y >= 63 {
			if x < 0 {
				return intV(-1), nil
			}
			return intV(0), nil
		}
		return intV(x >> y), nil
	}
	return nil, raise("TypeError", "unsupported operand for int: %s", op)
}

func floatOp(op string, x, y float64) (value, error) {
	switch op {
	case "+":
		return floatV(x + y), nil
	case "-":
		return floatV(x - y), nil
	case "*":
		return floatV(x * y), nil
	case "/":
		if y == 0 {
			return nil, raise("ZeroDivisionError", "float division by zero")
		}
		return floatV(x / y), nil
	case "**":
		return floatV(math.Pow(x, y)), nil
	}
	return unknownV{why: "float arithmetic"}, nil
}

func unary(op string, x value) (value, error) {
	if u, ok := x.(unknownV); ok {
		return u, nil
	}
	if op == "not" {
		t, _ := truth(x)
		return boolV(!t), nil
	}
	if n, ok := asInt(x); ok {
		switch op {
		case "-":
			if n == math.MinInt64 {
				return unknownV{why: "integer arithmetic beyond 64 bits"}, nil
			}
			return intV(-n), nil
		case "+":
			return intV(n), nil
		case "~":
			return intV(^n), nil
		}
	}
	if fv, ok := x.(floatV); ok {
		switch op {
		case "-":
			return -fv, nil
		case "+":
			return fv, nil
		}
	}
	return nil, raise("TypeError", "bad operand type for unary %s: '%s'", op, typeName(x))
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
		r, err := in.compareOne(op, left, right)
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

func (in *interp) compareOne(op string, a, b value) (value, error) {
	if u, ok := a.(unknownV); ok {
		return u, nil
	}
	if u, ok := b.(unknownV); ok {
		return u, nil
	}
	switch op {
	case "==", "!=":
		eq, _ := equal(a, b, &in.steps)
		return boolV(eq == (op == "==")), nil
	case "is", "is not":
		var same bool
		switch x := a.(type) {
		case noneV, boolV, excClassV:
			same = a == b
		case *listV, *dictV, *moduleV, *funcV:
			same = a == b
		case intV, strV:
			same, _ = equal(x, b, &in.steps)
			same = same && typeName(a) == typeName(b)
		}
		return boolV(same == (op == "is")), nil
	case "in", "not in":
		found, err := in.contains(b, a)
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
			return boolV(ordered(op, strings.Compare(x.s, y.s))), nil
		}
	}
	return nil, raise("TypeError", "'%s' not supported between instances of '%s' and '%s'", op, typeName(a), typeName(b))
}

func cmp3(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func ordered(op string, c int) bool {
	switch op {
	case "<":
		return c < 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	}
	return c >= 0
}

func (in *interp) contains(container, x value) (value, error) {
	switch c := container.(type) {
	case strV:
		s, ok := x.(strV)
		if !ok {
			return nil, raise("TypeError", "'in <string>' requires string as left operand, not %s", typeName(x))
		}
		return boolV(strings.Contains(c.s, s.s)), nil
	case *listV, tupleV:
		items, _ := in.iterate(c)
		for _, it := range items {
			eq, ok := equal(it, x, &in.steps)
			if !ok {
				return unknownV{why: "comparing with a value that cannot be evaluated"}, nil
			}
			if eq {
				return boolV(true), nil
			}
		}
		return boolV(false), nil
	case *dictV:
		if _, ok := hashKey(x); !ok {
			return nil, raise("TypeError", "unhashable type: '%s'", typeName(x))
		}
		_, found := c.get(x)
		return boolV(found), nil
	case unknownV:
		return c, nil
	}
	return nil, raise("TypeError", "argument of type '%s' is not iterable", typeName(container))
}

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
	if step > math.MaxInt32 || step < -math.MaxInt32 {
		step = map[bool]int64{true: math.MaxInt32, false: -math.MaxInt32}[step > 0]
	}
	return int(lo), int(hi), int(step), nil
}

func sliceItems(items []value, lo, hi, step int) []value {
	out := []value{}
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
			var b strings.Builder
			for _, it := range sliceItems(bytesOf(c.s), lo, hi, step) {
				b.WriteByte(it.(byte))
			}
			return strV{s: b.String(), ln: c.ln, file: c.file}, nil
		case unknownV:
			return c, nil
		default:
			return nil, raise("TypeError", "'%s' object is not subscriptable", typeName(x))
		}
		lo, hi, step, err := in.sliceBounds(f, sl, len(items))
		if err != nil {
			return nil, err
		}
		out := sliceItems(items, lo, hi, step)
		if err := in.tick(len(out)); err != nil {
			return nil, err
		}
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
		if !ok {
			if _, hashable := hashKey(iv); !hashable {
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

func bytesOf(s string) []value {
	out := make([]value, len(s))
	for i := 0; i < len(s); i++ {
		out[i] = s[i]
	}
	return out
}

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
			out = append(out, v)
			return in.grow(len(out))
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
				v, err := in.eval(inner, c)
				if err != nil {
					return err
				}
				t, ok := truth(v)
				if !ok {
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
		d := newDict(true)
		for _, v := range out {
			if !d.put(v, nil) {
				return unknownV{why: "a set of values that cannot be evaluated", ln: e.ln}, nil
			}
		}
		return d, nil
	}
	d := newDict(false)
	for i, k := range keys {
		if !d.put(k, out[i]) {
			return unknownV{why: "a dict key that cannot be evaluated", ln: e.ln}, nil
		}
	}
	return d, nil
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
	in.callDepth++
	defer func() { in.callDepth-- }()
	locals := &scope{vars: map[string]value{}}
	args := c.args
	used := map[string]bool{}
	for i, p := range fn.def.params {
		switch p.star {
		case 1:
			locals.vars[p.name] = tupleV{append([]value(nil), args...)}
			args = nil
			continue
		case 2:
			d := newDict(false)
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

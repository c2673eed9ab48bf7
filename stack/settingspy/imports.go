package settingspy

import (
	"errors"
	"path"
	"sort"
	"strings"
)

// importNames runs `import a.b as c`: only the modules the evaluator
// models have attributes; the others are unknown values.
func (in *interp) importNames(f *frame, s *importS) error {
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
	if err := in.scan(len(src)); err != nil {
		return nil, err
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

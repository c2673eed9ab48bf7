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
		name, bind := a.name, a.as
		if bind == "" {
			name = strings.SplitN(a.name, ".", 2)[0]
			bind = name
		}
		m, err := in.outside(in.module(name, s.ln), a.name, s.ln, f.file)
		if err != nil {
			return err
		}
		if _, unknown := m.(unknownV); unknown {
			m = &moduleV{name: name, opaque: true}
		}
		if err := in.setName(f, bind, m, s.ln); err != nil {
			return err
		}
	}
	return nil
}

// outside decides an import of a module outside the project that the
// reader does not model (mod is then unknown). In a try block the import
// is what the block tests: it is taken as succeeding when the project
// names the package in its INSTALLED_APPS or MIDDLEWARE, so it is one of
// its dependencies, and as failing otherwise. Elsewhere it succeeds, as
// it must for the file to load at all. Both are assumptions.
func (in *interp) outside(mod value, name string, ln int, file string) (value, error) {
	if _, unknown := mod.(unknownV); !unknown || in.tries == 0 {
		return mod, nil
	}
	top := strings.SplitN(name, ".", 2)[0]
	if in.listed[top] {
		in.assume(Assumption{Kind: "import", Name: name, Value: "succeeds", Why: "the file lists " + top + " in its apps or middleware", Line: ln, File: file})
		return mod, nil
	}
	in.assume(Assumption{Kind: "import", Name: name, Value: "fails", Why: "the file does not list " + top + " in its apps or middleware", Line: ln, File: file})
	return nil, raise("ModuleNotFoundError", "No module named '%s'", top)
}

// listPackages adds to listed the top-level package of each string in a
// logical line that names a setting ending in APPS or MIDDLEWARE (or
// MIDDLEWARE_CLASSES): the packages the project depends on. Lines, not
// statements, so that a helper list (THIRD_PARTY_APPS = [...]) and an
// entry added in the try block that tests its import both count.
func listPackages(toks []token, listed map[string]bool) {
	start := 0
	for i, t := range toks {
		if t.kind != tNewline && t.kind != tEOF {
			continue
		}
		line := toks[start:i]
		start = i + 1
		names := false
		for _, lt := range line {
			if lt.kind == tName && (strings.HasSuffix(lt.text, "APPS") || strings.Contains(lt.text, "MIDDLEWARE")) {
				names = true
				break
			}
		}
		if !names {
			continue
		}
		for _, lt := range line {
			if lt.kind == tString && lt.str != "" {
				listed[strings.SplitN(lt.str, ".", 2)[0]] = true
			}
		}
	}
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
		m, err := in.outside(mod, s.mod, s.ln, f.file)
		if err != nil {
			return err
		}
		mod = m
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
	listPackages(toks, in.listed)
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

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

// fromImport runs `from X import ...` as Python resolves it: a relative
// import from the package of the module running it, an absolute one from
// the modules the reader models, else from the project's files (by its
// dotted path from the package root, or, with only sibling files, by its
// last name beside the parsed file), else from outside the project.
func (in *interp) fromImport(f *frame, s *fromS) error {
	var mod value
	switch {
	case s.level > 0:
		pkg, ok := f.pkg, true
		for range s.level - 1 {
			if pkg == "" {
				ok = false
				break
			}
			pkg = parent(pkg)
		}
		if !ok {
			return raise("ImportError", "attempted relative import beyond top-level package")
		}
		if s.mod == "" && !s.star {
			// from . import a, b: names the package's __init__.py
			// defines, else its modules a and b.
			var init *moduleV
			if pkg != "" {
				init, _ = in.projectModule(pkg, s.ln)
			}
			for _, a := range s.names {
				if init != nil {
					if v, ok := init.attrs[a.name]; ok {
						if err := in.setName(f, a.bound(), v, s.ln); err != nil {
							return err
						}
						continue
					}
				}
				m, err := in.projectModule(join(pkg, a.name), s.ln)
				if err != nil {
					return err
				}
				if err := in.setName(f, a.bound(), m, s.ln); err != nil {
					return err
				}
			}
			return nil
		}
		m, err := in.projectModule(join(pkg, s.mod), s.ln)
		if err != nil {
			return err
		}
		mod = m
	default:
		mod = in.module(s.mod, s.ln)
		if _, unknown := mod.(unknownV); unknown {
			name := s.mod
			if in.opts.ReadFile == nil {
				name = s.mod[strings.LastIndexByte(s.mod, '.')+1:]
			}
			if in.opts.ReadFile != nil || in.opts.ReadSibling != nil && strings.Contains(s.mod, ".") {
				if m, err := in.projectModule(name, s.ln); err == nil {
					mod = m
				} else if _, isExc := err.(*pyExc); !isExc {
					return err
				}
			}
		}
		m, err := in.outside(mod, s.mod, s.ln, f.file)
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
			if err := in.setName(f, a.bound(), u, s.ln); err != nil {
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
		v, ok := m.attr(a.name)
		if !ok && in.opts.ReadFile != nil {
			// A module of the package: Python imports it.
			if sub, err := in.projectModule(m.name+"."+a.name, s.ln); err == nil {
				v, ok = sub, true
			}
		}
		if !ok {
			return raise("ImportError", "cannot import name '%s' from '%s'", a.name, m.name)
		}
		if err := in.setName(f, a.bound(), v, s.ln); err != nil {
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

// projectModule imports a module of the project by its dotted name from
// the package root (with Options.ReadFile), or a file beside the parsed
// one (with Options.ReadSibling): once per parse, as Python caches
// modules, with cycles and depth cut off.
func (in *interp) projectModule(dotted string, ln int) (*moduleV, error) {
	key, shown, src, isPkg, err := in.findModule(dotted)
	if err != nil {
		return nil, err
	}
	if m, ok := in.modules[key]; ok {
		return m, nil
	}
	if in.loading[key] {
		return nil, raise("ImportError", "cannot import %s: circular import", dotted)
	}
	if len(in.loading) >= maxImportDepth {
		return nil, raise("ImportError", "imports nested too deeply")
	}
	if len(src) > maxInput {
		return nil, raise("ImportError", "%s is larger than 1 MiB", shown)
	}
	if err := in.scan(len(src)); err != nil {
		return nil, err
	}
	toks, err := tokenize(string(src))
	if err != nil {
		msg := err.Error()
		if pe, ok := err.(*ParseError); ok {
			msg = pe.Msg
			in.warn(shown, pe.Line, "%s", msg)
		}
		return nil, raise("SyntaxError", "%s: %s", shown, msg)
	}
	body := parseModule(toks)
	listPackages(toks, in.listed)
	in.loading[key] = true
	g := newScope(true)
	g.vars["DEBUG"] = boolV(in.opts.Debug)
	g.vars["__name__"] = strV{s: dotted}
	pkg := parent(dotted)
	if isPkg {
		pkg = dotted
	}
	fr := &frame{globals: g, locals: g, file: shown, pkg: pkg}
	err = in.execModule(fr, body)
	delete(in.loading, key)
	if err != nil {
		return nil, err
	}
	m := &moduleV{name: dotted, attrs: g.vars}
	in.modules[key] = m
	return m, nil
}

// findModule reads the file of a project module. key identifies it for
// the cache; shown names it in messages and entries, relative to the
// parsed file's folder as lint reports it ("base.py", "../__init__.py").
func (in *interp) findModule(dotted string) (key, shown string, src []byte, isPkg bool, err error) {
	notFound := raise("ModuleNotFoundError", "No module named '%s'", dotted)
	if dotted == "" || strings.Contains(dotted, "..") || strings.HasPrefix(dotted, ".") {
		return "", "", nil, false, notFound
	}
	if in.opts.ReadFile == nil {
		key = dotted + ".py"
		if in.opts.ReadSibling == nil || strings.Contains(dotted, ".") {
			return "", "", nil, false, raise("ModuleNotFoundError", "No module named '%s' (no sibling files available)", dotted)
		}
		src, err := in.opts.ReadSibling(key)
		if err != nil {
			return "", "", nil, false, notFound
		}
		return key, key, src, false, nil
	}
	base := strings.ReplaceAll(dotted, ".", "/")
	for _, c := range []struct {
		file  string
		isPkg bool
	}{{base + ".py", false}, {base + "/__init__.py", true}} {
		if src, err := in.opts.ReadFile(c.file); err == nil {
			return c.file, relPath(path.Dir(moduleFile(in.opts.Module)), c.file), src, c.isPkg, nil
		}
	}
	return "", "", nil, false, notFound
}

func join(pkg, name string) string {
	if pkg == "" || name == "" {
		return pkg + name
	}
	return pkg + "." + name
}

// parent is the package a dotted name sits in ("" at the root).
func parent(dotted string) string {
	if i := strings.LastIndexByte(dotted, '.'); i >= 0 {
		return dotted[:i]
	}
	return ""
}

// moduleFile is where a module's file is, from the root.
func moduleFile(dotted string) string { return strings.ReplaceAll(dotted, ".", "/") + ".py" }

// relPath is target seen from the folder dir, both slash paths from the
// root.
func relPath(dir, target string) string {
	if dir == "." {
		return target
	}
	d := strings.Split(dir, "/")
	t := strings.Split(target, "/")
	i := 0
	for i < len(d) && i < len(t)-1 && d[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(d)-i) + strings.Join(t[i:], "/")
}

package settingspy

import (
	"sort"
	"strings"
)

// module returns what `import name` binds: the modules the evaluator
// models (os, sys, environ, decouple), or an unknown value.
func (in *interp) module(name string, ln int) value {
	if m, ok := in.modules["\x00"+name]; ok {
		return m
	}
	m := in.newModule(name)
	if m == nil {
		return unknownV{why: "module " + name + " is not modelled", ln: ln}
	}
	m.modelled = true
	in.modules["\x00"+name] = m
	return m
}

// attr is a module's attribute as `m.name` and `from m import name` see
// it. What a modelled module leaves out is unknown (an exception class,
// in django.core.exceptions), what a project module lacks is missing.
func (m *moduleV) attr(name string) (value, bool) {
	switch v, ok := m.attrs[name]; {
	case ok:
		return v, true
	case m.opaque:
		return unknownV{why: "module " + m.name + " is not modelled"}, true
	case m.modelled && m.name == "django.core.exceptions":
		return excClassV{name}, true
	case m.modelled:
		return unknownV{why: m.name + "." + name + " is not modelled"}, true
	}
	return nil, false
}

func (in *interp) newModule(name string) *moduleV {
	switch name {
	case "os":
		return in.osModule()
	case "os.path":
		return in.osModule().attrs["path"].(*moduleV)
	case "sys":
		return &moduleV{name: "sys", attrs: map[string]value{
			"argv": &listV{[]value{strV{s: "manage.py"}}},
			"path": &listV{},
		}}
	case "environ":
		return &moduleV{name: "environ", attrs: map[string]value{
			"Env": builtinV{"Env", newEnvReader},
		}}
	case "decouple":
		return &moduleV{name: "decouple", attrs: map[string]value{
			"config":              builtinV{"config", decoupleConfig},
			"Csv":                 builtinV{"Csv", decoupleCsv},
			"UndefinedValueError": excClassV{"UndefinedValueError"},
		}}
	case "contextlib":
		return &moduleV{name: name, attrs: map[string]value{
			"suppress": builtinV{"suppress", func(_ *interp, c *call) (value, error) {
				return suppressV{classes: append([]value(nil), c.args...)}, nil
			}},
		}}
	case "django.core.exceptions":
		return &moduleV{name: name, attrs: map[string]value{
			"ImproperlyConfigured": excClassV{"ImproperlyConfigured"},
		}}
	}
	return nil
}

func (in *interp) osModule() *moduleV {
	if m, ok := in.modules["\x00os"]; ok {
		return m
	}
	environ := newDict(false, &in.budget)
	environ.environ = true
	keys := make([]string, 0, len(in.opts.Env))
	for k := range in.opts.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		environ.put(strV{s: k}, strV{s: in.opts.Env[k]})
	}
	osPath := &moduleV{name: "os.path", modelled: true, attrs: map[string]value{
		"join":     builtinV{"join", osPathJoin},
		"dirname":  builtinV{"dirname", unknownBuiltin("a file system path")},
		"abspath":  builtinV{"abspath", unknownBuiltin("a file system path")},
		"basename": builtinV{"basename", unknownBuiltin("a file system path")},
		"realpath": builtinV{"realpath", unknownBuiltin("a file system path")},
		"exists":   builtinV{"exists", unknownBuiltin("whether a file exists")},
		"isfile":   builtinV{"isfile", unknownBuiltin("whether a file exists")},
		"isdir":    builtinV{"isdir", unknownBuiltin("whether a directory exists")},
		"sep":      strV{s: "/"},
	}}
	m := &moduleV{name: "os", modelled: true, attrs: map[string]value{
		"environ": environ,
		"path":    osPath,
		"sep":     strV{s: "/"},
		"getenv": builtinV{"getenv", func(in *interp, c *call) (value, error) {
			k, _ := firstArg(c)
			v, ok := environ.get(k)
			if !ok {
				v, ok = c.arg(1, "default")
			}
			if !ok {
				v = noneV{}
			}
			in.readEnv(k, v, c.ln, c.file)
			return v, nil
		}},
	}}
	in.modules["\x00os"] = m
	return m
}

// osPathJoin is posixpath.join: an absolute part starts the path again.
func osPathJoin(in *interp, c *call) (value, error) {
	parts := make([]string, 0, len(c.args))
	size := 0
	for _, a := range c.args {
		s, ok := a.(strV)
		if !ok {
			return unknownV{why: "a file system path", ln: c.ln}, nil
		}
		if strings.HasPrefix(s.s, "/") {
			parts, size = parts[:0], 0
		}
		parts = append(parts, s.s)
		size += len(s.s) + 1
	}
	if err := in.buildStr(size); err != nil {
		return nil, err
	}
	var out strings.Builder
	for _, p := range parts {
		if out.Len() > 0 && !strings.HasSuffix(out.String(), "/") {
			out.WriteByte('/')
		}
		out.WriteString(p)
	}
	return strV{s: out.String(), ln: c.ln, file: c.file}, nil
}

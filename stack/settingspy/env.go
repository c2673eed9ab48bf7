package settingspy

import (
	"strconv"
	"strings"
)

// envReader models django-environ's Env: settings read the environment
// through it with defaults, and the environment is taken from Options.Env.
type envReader struct {
	scheme map[string]value
}

func newEnvReader(_ *interp, c *call) (value, error) {
	return &envReader{scheme: c.kw}, nil
}

func (in *interp) env(name string) (string, bool) {
	v, ok := in.opts.Env[name]
	return v, ok
}

var envTrue = map[string]bool{"true": true, "on": true, "ok": true, "y": true, "yes": true, "1": true}

// get is Env.__call__ (method "") and Env.str/bool/int/float/list.
func (r *envReader) get(in *interp, c *call, method string) (value, error) {
	switch method {
	case "read_env":
		// Reading a .env file is I/O a linter does not do; the file's
		// values would only add to the environment, taken as empty.
		return noneV{}, nil
	case "", "str", "bool", "int", "float", "list", "tuple":
	default:
		return unknownV{why: "Env." + method + "() is not modelled", ln: c.ln}, nil
	}
	nameV, _ := c.arg(0, "var")
	name, ok := nameV.(strV)
	if !ok {
		return unknownV{why: "an environment variable whose name cannot be evaluated", ln: c.ln}, nil
	}
	cast := method
	if cast == "" {
		if cv, ok := c.arg(1, "cast"); ok {
			cast = castName(cv)
		}
	}
	def, hasDef := c.kw["default"]
	if !hasDef && method == "" && len(c.args) > 2 {
		def, hasDef = c.args[2], true
	}
	if !hasDef && method != "" && len(c.args) > 1 {
		def, hasDef = c.args[1], true
	}
	if sch, ok := r.scheme[name.s]; ok {
		if t, ok := sch.(tupleV); ok && len(t.items) == 2 {
			if cast == "" {
				cast = castName(t.items[0])
			}
			if !hasDef {
				def, hasDef = t.items[1], true
			}
		} else if cast == "" {
			cast = castName(sch)
		}
	}
	raw, found := in.env(name.s)
	if !found {
		if !hasDef {
			in.readEnv(name, nil, c.ln, c.file)
			return nil, raise("ImproperlyConfigured", "Set the %s environment variable", name.s)
		}
		in.readEnv(name, def, c.ln, c.file)
		return def, nil
	}
	if cast == "" && hasDef {
		if _, isNone := def.(noneV); !isNone {
			cast = typeName(def)
		}
	}
	v, err := castEnv(raw, cast, c)
	if err == nil {
		in.readEnv(name, v, c.ln, c.file)
	}
	return v, err
}

func castName(v value) string {
	if b, ok := v.(builtinV); ok {
		return b.name
	}
	return "?"
}

func castEnv(raw, cast string, c *call) (value, error) {
	s := strV{s: raw, ln: c.ln, file: c.file}
	switch cast {
	case "", "str":
		return s, nil
	case "bool":
		if n, err := strconv.Atoi(raw); err == nil {
			return boolV(n != 0), nil
		}
		return boolV(envTrue[strings.ToLower(strings.TrimSpace(raw))]), nil
	case "int":
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
		if err != nil {
			return nil, raise("ValueError", "invalid literal for int() with base 10: %q", raw)
		}
		return intV(n), nil
	case "float":
		f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if err != nil {
			return nil, raise("ValueError", "could not convert string to float: %q", raw)
		}
		return floatV(f), nil
	case "list", "tuple":
		var items []value
		for _, p := range strings.Split(raw, ",") {
			if p != "" {
				items = append(items, strV{s: p, ln: c.ln, file: c.file})
			}
		}
		if cast == "tuple" {
			return tupleV{items}, nil
		}
		return &listV{items}, nil
	}
	return unknownV{why: "an environment value cast with " + cast, ln: c.ln}, nil
}

// decoupleCsv is python-decouple's Csv(): a cast that splits on commas.
func decoupleCsv(_ *interp, c *call) (value, error) {
	if len(c.args) > 0 || len(c.kw) > 0 {
		return unknownV{why: "Csv() with arguments", ln: c.ln}, nil
	}
	return builtinV{"Csv()", func(in *interp, cc *call) (value, error) {
		v, _ := firstArg(cc)
		if _, ok := v.(noneV); ok {
			return &listV{[]value{}}, nil
		}
		s, ok := v.(strV)
		if !ok {
			return unknownV{why: "Csv() of a value that cannot be evaluated", ln: cc.ln}, nil
		}
		if err := in.grow(0, strings.Count(s.s, ",")+1); err != nil {
			return nil, err
		}
		items := []value{}
		for _, p := range strings.Split(s.s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				items = append(items, strV{s: p, ln: s.ln, file: s.file})
			}
		}
		return &listV{items}, nil
	}}, nil
}

var decoupleBooleans = map[string]bool{"1": true, "yes": true, "true": true, "on": true, "0": false, "no": false, "false": false, "off": false, "": false}

// decoupleConfig is python-decouple's config(): unlike django-environ it
// applies the cast to the default too.
func decoupleConfig(in *interp, c *call) (value, error) {
	nameV, _ := c.arg(0, "option")
	name, ok := nameV.(strV)
	if !ok {
		return unknownV{why: "a config() name that cannot be evaluated", ln: c.ln}, nil
	}
	var v value
	if raw, found := in.env(name.s); found {
		v = strV{s: raw, ln: c.ln, file: c.file}
	} else if def, ok := c.arg(1, "default"); ok {
		v = def
	} else {
		in.readEnv(name, nil, c.ln, c.file)
		return nil, raise("UndefinedValueError", "%s not found. Declare it as envvar or define a default value.", name.s)
	}
	in.readEnv(name, v, c.ln, c.file)
	cast, ok := c.arg(2, "cast")
	if !ok {
		return v, nil
	}
	if b, ok := cast.(builtinV); ok && b.name == "bool" {
		text, known := pyStr(v)
		if !known {
			return unknownV{why: "config() of a value that cannot be evaluated", ln: c.ln}, nil
		}
		res, valid := decoupleBooleans[strings.ToLower(text)]
		if !valid {
			return nil, raise("ValueError", "Not a boolean: %s", text)
		}
		return boolV(res), nil
	}
	return in.callValue(cast, &call{args: []value{v}, kw: map[string]value{}, ln: c.ln, file: c.file})
}

package settingspy

import (
	"math"
	"strings"
)

func (in *interp) binop(op string, l, r value, ln int) (value, error) {
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
				if err := in.buildStr(len(a.s) + len(b.s)); err != nil {
					return nil, err
				}
				return strV{s: a.s + b.s, ln: a.ln, file: a.file}, nil
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
				items, err := in.concat(a.items, b.items)
				return &listV{items}, err
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
				items, err := in.concat(a.items, b.items)
				return tupleV{items}, err
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
			if err := in.grow(0, len(a.keys)+len(b.keys)); err != nil {
				return nil, err
			}
			d := newDict(a.set, &in.budget)
			d.update(a)
			d.update(b)
			return d, nil
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

// concat is a + b for lists and tuples: a new sequence.
func (in *interp) concat(a, b []value) ([]value, error) {
	if err := in.grow(0, len(a)+len(b)); err != nil {
		return nil, err
	}
	return append(append(make([]value, 0, len(a)+len(b)), a...), b...), nil
}

func (in *interp) repeat(items []value, n int64) ([]value, error) {
	if n <= 0 || len(items) == 0 {
		return []value{}, nil
	}
	if err := in.grow(0, int(min(n, maxItems+1))*len(items)); err != nil {
		return nil, err
	}
	out := make([]value, 0, int(n)*len(items))
	for i := int64(0); i < n; i++ {
		out = append(out, items...)
	}
	return out, nil
}

func (in *interp) repeatStr(s strV, n int64) (value, error) {
	if n <= 0 || s.s == "" {
		return strV{ln: s.ln, file: s.file}, nil
	}
	if err := in.buildStr(int(min(n, maxStrLen+1)) * len(s.s)); err != nil {
		return nil, err
	}
	out := strings.Repeat(s.s, int(n))
	return strV{s: out, ln: s.ln, file: s.file}, nil
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

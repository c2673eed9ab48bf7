package settingspy

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// testListStar reads a comma-separated list of expressions (with *x
// allowed); more than one, or a trailing comma, makes a tuple.
func (ps *parser) testListStar() expr {
	ln := ps.peek().line
	return ps.commaList(ln, ps.testOrStar(), ps.testOrStar, ps.exprEnds)
}

// commaList reads ", b, c" after a first element: more than one element,
// or a trailing comma (ends says what may follow one), makes a tuple.
func (ps *parser) commaList(ln int, first expr, one func() expr, ends func() bool) expr {
	if !ps.isOp(",") {
		return first
	}
	elts := []expr{first}
	for ps.isOp(",") {
		ps.next()
		if ends() {
			break
		}
		elts = append(elts, one())
	}
	return &seqE{pos{ln}, 't', elts}
}

// exprEnds says the next token cannot start an expression: the end of a
// tuple with a trailing comma.
func (ps *parser) exprEnds() bool {
	t := ps.peek()
	switch t.kind {
	case tNewline, tEOF, tIndent, tDedent:
		return true
	case tOp:
		switch t.text {
		case ")", "]", "}", "=", ":", ";", "+=", "-=", "*=", "|=":
			return true
		}
	case tName:
		return t.text == "in"
	}
	return false
}

func (ps *parser) testOrStar() expr {
	if ps.isOp("*") {
		ln := ps.next().line
		return &starE{pos{ln}, ps.expr()}
	}
	return ps.test()
}

// exprList reads loop and del targets: expressions without conditionals.
func (ps *parser) exprList() expr {
	ln := ps.peek().line
	one := func() expr {
		if ps.isOp("*") {
			l := ps.next().line
			return &starE{pos{l}, ps.expr()}
		}
		return ps.expr()
	}
	return ps.commaList(ln, one(), one, ps.exprEnds)
}

func (ps *parser) test() expr {
	ps.enter()
	defer ps.leave()
	if ps.isKw("lambda") {
		return ps.lambda()
	}
	x := ps.orTest()
	if ps.isKw("if") {
		ln := ps.next().line
		cond := ps.orTest()
		ps.expectKw("else")
		return &ifE{pos{ln}, cond, x, ps.test()}
	}
	return x
}

// lambda is parsed so that settings holding callbacks can be read; its
// value is unknown because nothing in a settings file calls it.
func (ps *parser) lambda() expr {
	ln := ps.next().line
	for !ps.isOp(":") {
		t := ps.next()
		if t.kind == tEOF || t.kind == tNewline {
			ps.fail("unterminated lambda")
		}
	}
	ps.next()
	ps.test()
	return &unknownE{pos{ln}, "a lambda"}
}

func (ps *parser) orTest() expr {
	x := ps.andTest()
	if !ps.isKw("or") {
		return x
	}
	b := &boolE{pos{x.exprLine()}, false, []expr{x}}
	for ps.isKw("or") {
		ps.next()
		b.xs = append(b.xs, ps.andTest())
	}
	return b
}

func (ps *parser) andTest() expr {
	x := ps.notTest()
	if !ps.isKw("and") {
		return x
	}
	b := &boolE{pos{x.exprLine()}, true, []expr{x}}
	for ps.isKw("and") {
		ps.next()
		b.xs = append(b.xs, ps.notTest())
	}
	return b
}

func (ps *parser) notTest() expr {
	if ps.isKw("not") {
		ln := ps.next().line
		ps.enter()
		defer ps.leave()
		return &unaryE{pos{ln}, "not", ps.notTest()}
	}
	return ps.comparison()
}

func (ps *parser) compOp() string {
	t := ps.peek()
	if t.kind == tOp {
		switch t.text {
		case "<", ">", "==", ">=", "<=", "!=":
			ps.next()
			return t.text
		}
		return ""
	}
	if t.kind != tName {
		return ""
	}
	switch t.text {
	case "in":
		ps.next()
		return "in"
	case "not":
		if n := ps.toks[ps.p+1]; n.kind == tName && n.text == "in" {
			ps.p += 2
			return "not in"
		}
	case "is":
		ps.next()
		if ps.isKw("not") {
			ps.next()
			return "is not"
		}
		return "is"
	}
	return ""
}

func (ps *parser) comparison() expr {
	x := ps.expr()
	op := ps.compOp()
	if op == "" {
		return x
	}
	c := &cmpE{pos: pos{x.exprLine()}, first: x}
	for op != "" {
		c.ops = append(c.ops, op)
		c.rest = append(c.rest, ps.expr())
		op = ps.compOp()
	}
	return c
}

var binLevels = [][]string{
	{"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"},
}

func (ps *parser) expr() expr { return ps.binary(0) }

func (ps *parser) binary(level int) expr {
	if level == len(binLevels) {
		return ps.factor()
	}
	x := ps.binary(level + 1)
	for {
		t := ps.peek()
		if t.kind != tOp || !slices.Contains(binLevels[level], t.text) {
			return x
		}
		ps.next()
		x = &binE{pos{t.line}, t.text, x, ps.binary(level + 1)}
	}
}

func (ps *parser) factor() expr {
	t := ps.peek()
	if t.kind == tOp && (t.text == "-" || t.text == "+" || t.text == "~") {
		ps.next()
		ps.enter()
		defer ps.leave()
		return &unaryE{pos{t.line}, t.text, ps.factor()}
	}
	return ps.power()
}

func (ps *parser) power() expr {
	if ps.isKw("await") {
		ps.fail("await is not supported")
	}
	x := ps.atomExpr()
	if ps.isOp("**") {
		ln := ps.next().line
		ps.enter()
		defer ps.leave()
		return &binE{pos{ln}, "**", x, ps.factor()}
	}
	return x
}

func (ps *parser) atomExpr() expr {
	x := ps.atom()
	depth := 0
	for {
		t := ps.peek()
		if t.kind != tOp {
			return x
		}
		switch t.text {
		case "(":
			ps.next()
			var args []arg
			if !ps.isOp(")") {
				args = ps.arglist()
			}
			ps.expectOp(")")
			x = &callE{pos{t.line}, x, args}
		case "[":
			ps.next()
			x = &subE{pos{t.line}, x, ps.subscripts()}
			ps.expectOp("]")
		case ".":
			ps.next()
			x = &attrE{pos{t.line}, x, ps.expectName()}
		default:
			return x
		}
		depth++
		if depth > maxNesting {
			ps.fail("expression too long")
		}
	}
}

func (ps *parser) arglist() []arg {
	var args []arg
	for {
		var a arg
		switch {
		case ps.isOp("*"):
			ps.next()
			a = arg{star: 1, x: ps.test()}
		case ps.isOp("**"):
			ps.next()
			a = arg{star: 2, x: ps.test()}
		default:
			t := ps.peek()
			if t.kind == tName && !keywords[t.text] && ps.toks[ps.p+1].kind == tOp && ps.toks[ps.p+1].text == "=" {
				ps.p += 2
				a = arg{name: t.text, x: ps.test()}
			} else {
				x := ps.test()
				if ps.isKw("for") {
					x = &compE{pos{x.exprLine()}, 'g', x, nil, ps.compFors()}
				}
				a = arg{x: x}
			}
		}
		args = append(args, a)
		if !ps.isOp(",") {
			return args
		}
		ps.next()
		if ps.isOp(")") {
			return args
		}
	}
}

func (ps *parser) subscripts() expr {
	ln := ps.peek().line
	return ps.commaList(ln, ps.subscript(), ps.subscript, func() bool { return ps.isOp("]") })
}

func (ps *parser) subscript() expr {
	ln := ps.peek().line
	var lo expr
	if !ps.isOp(":") {
		lo = ps.test()
		if !ps.isOp(":") {
			return lo
		}
	}
	s := &sliceE{pos: pos{ln}, lo: lo}
	ps.next()
	if !ps.isOp("]") && !ps.isOp(":") && !ps.isOp(",") {
		s.hi = ps.test()
	}
	if ps.isOp(":") {
		ps.next()
		if !ps.isOp("]") && !ps.isOp(",") {
			s.step = ps.test()
		}
	}
	return s
}

func (ps *parser) compFors() []compFor {
	var gens []compFor
	for ps.isKw("for") {
		ps.next()
		g := compFor{target: ps.exprList()}
		ps.expectKw("in")
		g.iter = ps.orTest()
		for ps.isKw("if") {
			ps.next()
			g.ifs = append(g.ifs, ps.orTestNoCond())
		}
		gens = append(gens, g)
	}
	return gens
}

func (ps *parser) orTestNoCond() expr {
	ps.enter()
	defer ps.leave()
	if ps.isKw("lambda") {
		return ps.lambda()
	}
	return ps.orTest()
}

func (ps *parser) atom() expr {
	ps.enter()
	defer ps.leave()
	t := ps.peek()
	switch t.kind {
	case tString:
		return ps.strings()
	case tNumber:
		ps.next()
		return &constE{pos{t.line}, parseNumber(t.text)}
	case tName:
		switch t.text {
		case "None":
			ps.next()
			return &constE{pos{t.line}, noneV{}}
		case "True", "False":
			ps.next()
			return &constE{pos{t.line}, boolV(t.text == "True")}
		}
		if keywords[t.text] {
			ps.fail("unexpected keyword '%s'", t.text)
		}
		ps.next()
		return &nameE{pos{t.line}, t.text}
	case tOp:
		switch t.text {
		case "(":
			ps.next()
			if ps.isOp(")") {
				ps.next()
				return &seqE{pos{t.line}, 't', nil}
			}
			if ps.isKw("yield") {
				ps.fail("yield is not supported")
			}
			first := ps.testOrStar()
			if ps.isKw("for") {
				c := &compE{pos{t.line}, 'g', first, nil, ps.compFors()}
				ps.expectOp(")")
				return c
			}
			if ps.isOp(")") {
				ps.next()
				if _, star := first.(*starE); star {
					ps.fail("cannot use starred expression here")
				}
				return first
			}
			elts := ps.restOfSeq(first, ")")
			return &seqE{pos{t.line}, 't', elts}
		case "[":
			ps.next()
			if ps.isOp("]") {
				ps.next()
				return &seqE{pos{t.line}, 'l', nil}
			}
			first := ps.testOrStar()
			if ps.isKw("for") {
				c := &compE{pos{t.line}, 'l', first, nil, ps.compFors()}
				ps.expectOp("]")
				return c
			}
			if ps.isOp("]") {
				ps.next()
				return &seqE{pos{t.line}, 'l', []expr{first}}
			}
			return &seqE{pos{t.line}, 'l', ps.restOfSeq(first, "]")}
		case "{":
			return ps.braces()
		case "...":
			ps.next()
			return &unknownE{pos{t.line}, "Ellipsis"}
		}
	}
	if t.kind == tNewline || t.kind == tEOF {
		ps.fail("unexpected end of line")
	}
	ps.fail("unexpected %q", t.text)
	return nil
}

// restOfSeq reads ", b, c]" after the first element of a display.
func (ps *parser) restOfSeq(first expr, closer string) []expr {
	elts := []expr{first}
	for ps.isOp(",") {
		ps.next()
		if ps.isOp(closer) {
			break
		}
		elts = append(elts, ps.testOrStar())
	}
	ps.expectOp(closer)
	return elts
}

func (ps *parser) braces() expr {
	ln := ps.next().line
	if ps.isOp("}") {
		ps.next()
		return &dictE{pos: pos{ln}}
	}
	if ps.isOp("**") {
		ps.next()
		d := &dictE{pos: pos{ln}, keys: []expr{nil}, vals: []expr{ps.expr()}}
		return ps.dictRest(d)
	}
	first := ps.testOrStar()
	if ps.isOp(":") {
		ps.next()
		v := ps.test()
		if ps.isKw("for") {
			c := &compE{pos{ln}, 'd', v, first, ps.compFors()}
			ps.expectOp("}")
			return c
		}
		return ps.dictRest(&dictE{pos: pos{ln}, keys: []expr{first}, vals: []expr{v}})
	}
	if ps.isKw("for") {
		c := &compE{pos{ln}, 's', first, nil, ps.compFors()}
		ps.expectOp("}")
		return c
	}
	if ps.isOp("}") {
		ps.next()
		return &seqE{pos{ln}, 's', []expr{first}}
	}
	return &seqE{pos{ln}, 's', ps.restOfSeq(first, "}")}
}

func (ps *parser) dictRest(d *dictE) expr {
	for ps.isOp(",") {
		ps.next()
		if ps.isOp("}") {
			break
		}
		if ps.isOp("**") {
			ps.next()
			d.keys = append(d.keys, nil)
			d.vals = append(d.vals, ps.expr())
			continue
		}
		k := ps.test()
		ps.expectOp(":")
		d.keys = append(d.keys, k)
		d.vals = append(d.vals, ps.test())
	}
	ps.expectOp("}")
	return d
}

// strings joins adjacent string literals, as Python does at compile time.
func (ps *parser) strings() expr {
	first := ps.next()
	s := first.str
	fields := first.fields
	for ps.peek().kind == tString {
		t := ps.next()
		s += t.str
		fields = fields || t.fields
		if len(s) > maxStrLen {
			ps.fail("string literal too long")
		}
	}
	if fields {
		return &unknownE{pos{first.line}, "an f-string with replacement fields"}
	}
	return &constE{pos{first.line}, strV{s: s, ln: first.line}}
}

func parseNumber(text string) value {
	clean := strings.ReplaceAll(text, "_", "")
	lower := strings.ToLower(clean)
	if strings.HasSuffix(lower, "j") {
		return unknownV{why: "a complex number"}
	}
	base := 10
	digits := clean
	switch {
	case strings.HasPrefix(lower, "0x"):
		base, digits = 16, clean[2:]
	case strings.HasPrefix(lower, "0o"):
		base, digits = 8, clean[2:]
	case strings.HasPrefix(lower, "0b"):
		base, digits = 2, clean[2:]
	}
	if base != 10 || !strings.ContainsAny(lower, ".e") {
		if n, err := strconv.ParseInt(digits, base, 64); err == nil {
			return intV(n)
		}
		return unknownV{why: "a number too large to evaluate"}
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsInf(f, 0) {
		return unknownV{why: "a number that cannot be read"}
	}
	return floatV(f)
}

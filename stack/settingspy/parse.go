package settingspy

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Nesting deeper than this is not a settings file; the cap keeps the
// recursive-descent parser's stack small whatever the input.
const maxNesting = 200

var keywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true,
	"async": true, "await": true, "break": true, "class": true, "continue": true,
	"def": true, "del": true, "elif": true, "else": true, "except": true,
	"finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true,
	"not": true, "or": true, "pass": true, "raise": true, "return": true,
	"try": true, "while": true, "with": true, "yield": true,
}

type parser struct {
	toks  []token
	p     int
	depth int
}

type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// parseModule reads a whole file. A statement it cannot read becomes a
// skipS, so one unusual line does not hide the MIDDLEWARE list.
func parseModule(toks []token) ([]stmt, error) {
	ps := &parser{toks: toks}
	body := ps.block(func() bool { return ps.peek().kind == tEOF })
	return body, nil
}

func (ps *parser) peek() token { return ps.toks[ps.p] }

func (ps *parser) next() token {
	t := ps.toks[ps.p]
	if t.kind != tEOF {
		ps.p++
	}
	return t
}

func (ps *parser) isOp(s string) bool {
	t := ps.peek()
	return t.kind == tOp && t.text == s
}

func (ps *parser) isKw(s string) bool {
	t := ps.peek()
	return t.kind == tName && t.text == s
}

func (ps *parser) fail(format string, args ...any) {
	panic(&syntaxError{line: ps.peek().line, msg: fmt.Sprintf(format, args...)})
}

func (ps *parser) expectOp(s string) {
	if !ps.isOp(s) {
		ps.fail("expected '%s'", s)
	}
	ps.next()
}

func (ps *parser) expectKw(s string) {
	if !ps.isKw(s) {
		ps.fail("expected '%s'", s)
	}
	ps.next()
}

func (ps *parser) expectName() string {
	t := ps.peek()
	if t.kind != tName || keywords[t.text] {
		ps.fail("expected a name")
	}
	ps.next()
	return t.text
}

func (ps *parser) enter() {
	ps.depth++
	if ps.depth > maxNesting {
		ps.fail("too deeply nested")
	}
}

func (ps *parser) leave() { ps.depth-- }

// block reads statements until end() says the block is over.
func (ps *parser) block(end func() bool) []stmt {
	var out []stmt
	for !end() {
		if ps.peek().kind == tEOF {
			break
		}
		out = append(out, ps.statement()...)
	}
	return out
}

// statement reads one logical line (or compound statement) and recovers
// from a syntax error by skipping it, together with its indented block.
func (ps *parser) statement() (out []stmt) {
	start := ps.p
	line := ps.peek().line
	depth := ps.depth
	defer func() {
		r := recover()
		if r == nil {
			mw := ps.mentionsMiddleware(start, ps.p)
			for _, s := range out {
				if !s.base().mw {
					s.base().mw = mw
				}
			}
			return
		}
		se, ok := r.(*syntaxError)
		if !ok {
			panic(r)
		}
		ps.depth = depth
		ps.p = start
		ps.skipStatement()
		out = []stmt{&skipS{stmtBase{ln: line, mw: ps.mentionsMiddleware(start, ps.p)}, "cannot read this statement: " + se.msg}}
	}()
	t := ps.peek()
	if t.kind == tIndent {
		ps.fail("unexpected indent")
	}
	if t.kind == tDedent {
		// A dedent where a statement should be: the block above ended
		// early; consuming it keeps the parser moving.
		ps.next()
		return nil
	}
	if t.kind == tOp && t.text == "@" {
		return []stmt{ps.decorated()}
	}
	if t.kind == tName {
		switch t.text {
		case "if":
			return []stmt{ps.ifStmt()}
		case "for":
			return []stmt{ps.forStmt()}
		case "while":
			return []stmt{ps.whileStmt()}
		case "try":
			return []stmt{ps.tryStmt()}
		case "with":
			return []stmt{ps.withStmt()}
		case "def":
			return []stmt{ps.defStmt()}
		case "class":
			return []stmt{ps.classStmt()}
		case "async":
			ps.fail("async statements are not supported")
		}
	}
	return ps.simpleStmts()
}

func (ps *parser) mentionsMiddleware(from, to int) bool {
	for i := from; i < to && i < len(ps.toks); i++ {
		if ps.toks[i].kind == tName && strings.Contains(ps.toks[i].text, "MIDDLEWARE") {
			return true
		}
	}
	return false
}

// skipStatement moves past the current logical line and, if an indented
// block follows, past that block.
func (ps *parser) skipStatement() {
	for {
		t := ps.next()
		if t.kind == tEOF || t.kind == tNewline {
			break
		}
		if t.kind == tIndent {
			ps.p--
			break
		}
	}
	if ps.peek().kind != tIndent {
		return
	}
	level := 0
	for {
		t := ps.next()
		switch t.kind {
		case tIndent:
			level++
		case tDedent:
			level--
		case tEOF:
			return
		}
		if level == 0 {
			return
		}
	}
}

func (ps *parser) simpleStmts() []stmt {
	var out []stmt
	for {
		out = append(out, ps.simpleStmt())
		if ps.isOp(";") {
			ps.next()
			if ps.peek().kind == tNewline || ps.peek().kind == tEOF {
				break
			}
			continue
		}
		break
	}
	t := ps.peek()
	if t.kind != tNewline && t.kind != tEOF {
		ps.fail("unexpected %q", t.text)
	}
	ps.next()
	return out
}

func (ps *parser) simpleStmt() stmt {
	t := ps.peek()
	b := stmtBase{ln: t.line}
	if t.kind == tName {
		switch t.text {
		case "pass", "break", "continue":
			ps.next()
			return &simpleS{b, t.text}
		case "assert":
			ps.next()
			ps.test()
			if ps.isOp(",") {
				ps.next()
				ps.test()
			}
			return &simpleS{b, "assert"}
		case "return":
			ps.next()
			var v expr
			if !ps.atStmtEnd() {
				v = ps.testListStar()
			}
			return &returnS{b, v}
		case "raise":
			ps.next()
			var v expr
			if !ps.atStmtEnd() {
				v = ps.test()
				if ps.isKw("from") {
					ps.next()
					ps.test()
				}
			}
			return &raiseS{b, v}
		case "global", "nonlocal":
			ps.next()
			names := []string{ps.expectName()}
			for ps.isOp(",") {
				ps.next()
				names = append(names, ps.expectName())
			}
			return &globalS{b, names}
		case "del":
			ps.next()
			x := ps.exprList()
			if tu, ok := x.(*seqE); ok && tu.kind == 't' {
				return &delS{b, tu.elts}
			}
			return &delS{b, []expr{x}}
		case "import":
			return ps.importStmt()
		case "from":
			return ps.fromStmt()
		}
	}
	first := ps.testListStar()
	switch {
	case ps.isOp("="):
		targets := []expr{first}
		var val expr
		for ps.isOp("=") {
			ps.next()
			val = ps.testListStar()
			targets = append(targets, val)
		}
		return &assignS{b, targets[:len(targets)-1], val}
	case ps.peek().kind == tOp && len(ps.peek().text) >= 2 && strings.HasSuffix(ps.peek().text, "=") &&
		!strings.Contains("== <= >= != :=", ps.peek().text):
		op := strings.TrimSuffix(ps.next().text, "=")
		return &augS{b, first, op, ps.testListStar()}
	case ps.isOp(":"):
		ps.next()
		ps.test()
		if ps.isOp("=") {
			ps.next()
			return &assignS{b, []expr{first}, ps.testListStar()}
		}
		return &simpleS{b, "pass"}
	}
	return &exprS{b, first}
}

func (ps *parser) atStmtEnd() bool {
	t := ps.peek()
	return t.kind == tNewline || t.kind == tEOF || t.kind == tOp && t.text == ";"
}

func (ps *parser) dotted() string {
	name := ps.expectName()
	for ps.isOp(".") {
		ps.next()
		name += "." + ps.expectName()
	}
	return name
}

func (ps *parser) importStmt() stmt {
	b := stmtBase{ln: ps.next().line}
	var names []alias
	for {
		a := alias{name: ps.dotted()}
		if ps.isKw("as") {
			ps.next()
			a.as = ps.expectName()
		}
		names = append(names, a)
		if !ps.isOp(",") {
			break
		}
		ps.next()
	}
	return &importS{b, names}
}

func (ps *parser) fromStmt() stmt {
	b := stmtBase{ln: ps.next().line}
	st := &fromS{stmtBase: b}
	for ps.isOp(".") || ps.isOp("...") {
		st.level += len(ps.next().text)
	}
	if !ps.isKw("import") {
		st.mod = ps.dotted()
	}
	ps.expectKw("import")
	if ps.isOp("*") {
		ps.next()
		st.star = true
		return st
	}
	paren := ps.isOp("(")
	if paren {
		ps.next()
	}
	for {
		a := alias{name: ps.expectName()}
		if ps.isKw("as") {
			ps.next()
			a.as = ps.expectName()
		}
		st.names = append(st.names, a)
		if !ps.isOp(",") {
			break
		}
		ps.next()
		if paren && ps.isOp(")") {
			break
		}
	}
	if paren {
		ps.expectOp(")")
	}
	return st
}

// suite reads the body after a compound statement's colon.
func (ps *parser) suite() []stmt {
	ps.expectOp(":")
	ps.enter()
	defer ps.leave()
	if ps.peek().kind != tNewline {
		return ps.simpleStmts()
	}
	ps.next()
	if ps.peek().kind != tIndent {
		ps.fail("expected an indented block")
	}
	ps.next()
	body := ps.block(func() bool { return ps.peek().kind == tDedent })
	if ps.peek().kind == tDedent {
		ps.next()
	}
	return body
}

func (ps *parser) ifStmt() stmt {
	st := &ifS{stmtBase: stmtBase{ln: ps.next().line}}
	st.conds = append(st.conds, ps.namedTest())
	st.bodies = append(st.bodies, ps.suite())
	for ps.isKw("elif") {
		ps.next()
		st.conds = append(st.conds, ps.namedTest())
		st.bodies = append(st.bodies, ps.suite())
	}
	if ps.isKw("else") {
		ps.next()
		st.els = ps.suite()
	}
	return st
}

func (ps *parser) namedTest() expr {
	x := ps.test()
	if ps.isOp(":=") {
		ps.fail("assignment expressions are not supported")
	}
	return x
}

func (ps *parser) forStmt() stmt {
	st := &forS{stmtBase: stmtBase{ln: ps.next().line}}
	st.target = ps.exprList()
	ps.expectKw("in")
	st.iter = ps.testListStar()
	st.body = ps.suite()
	if ps.isKw("else") {
		ps.next()
		st.els = ps.suite()
	}
	return st
}

func (ps *parser) whileStmt() stmt {
	st := &whileS{stmtBase: stmtBase{ln: ps.next().line}}
	st.cond = ps.namedTest()
	st.body = ps.suite()
	if ps.isKw("else") {
		ps.next()
		st.els = ps.suite()
	}
	return st
}

func (ps *parser) tryStmt() stmt {
	st := &tryS{stmtBase: stmtBase{ln: ps.next().line}}
	st.body = ps.suite()
	for ps.isKw("except") {
		ps.next()
		var h handler
		if !ps.isOp(":") {
			h.typ = ps.test()
			if ps.isKw("as") {
				ps.next()
				h.name = ps.expectName()
			} else if ps.isOp(",") {
				ps.fail("Python 2 except syntax is not supported")
			}
		}
		h.body = ps.suite()
		st.handlers = append(st.handlers, h)
	}
	if ps.isKw("else") {
		ps.next()
		st.els = ps.suite()
	}
	if ps.isKw("finally") {
		ps.next()
		st.finally_ = ps.suite()
	}
	if len(st.handlers) == 0 && st.finally_ == nil {
		ps.fail("try without except or finally")
	}
	return st
}

func (ps *parser) withStmt() stmt {
	st := &withS{stmtBase: stmtBase{ln: ps.next().line}}
	for {
		ps.test()
		if ps.isKw("as") {
			ps.next()
			ps.expr()
		}
		if !ps.isOp(",") {
			break
		}
		ps.next()
	}
	st.body = ps.suite()
	return st
}

func (ps *parser) decorated() stmt {
	for ps.isOp("@") {
		ps.next()
		ps.test()
		if ps.peek().kind != tNewline {
			ps.fail("expected a new line after a decorator")
		}
		ps.next()
	}
	var st stmt
	switch {
	case ps.isKw("def"):
		d := ps.defStmt().(*defS)
		d.decorated = true
		st = d
	case ps.isKw("class"):
		st = ps.classStmt()
	default:
		ps.fail("expected def or class after a decorator")
	}
	return st
}

func (ps *parser) defStmt() stmt {
	st := &defS{stmtBase: stmtBase{ln: ps.next().line}}
	st.name = ps.expectName()
	ps.expectOp("(")
	for !ps.isOp(")") {
		var p param
		switch {
		case ps.isOp("*"):
			ps.next()
			p.star = 1
			if ps.isOp(",") {
				// A bare * only marks keyword-only parameters.
				ps.next()
				continue
			}
		case ps.isOp("**"):
			ps.next()
			p.star = 2
		case ps.isOp("/"):
			ps.next()
			if ps.isOp(",") {
				ps.next()
			}
			continue
		}
		p.name = ps.expectName()
		if ps.isOp(":") {
			ps.next()
			ps.test()
		}
		if ps.isOp("=") {
			ps.next()
			p.def = ps.test()
		}
		st.params = append(st.params, p)
		if !ps.isOp(",") {
			break
		}
		ps.next()
	}
	ps.expectOp(")")
	if ps.isOp("->") {
		ps.next()
		ps.test()
	}
	st.body = ps.suite()
	return st
}

func (ps *parser) classStmt() stmt {
	st := &classS{stmtBase: stmtBase{ln: ps.next().line}}
	st.name = ps.expectName()
	if ps.isOp("(") {
		ps.next()
		if !ps.isOp(")") {
			ps.arglist()
		}
		ps.expectOp(")")
	}
	ps.suite()
	return st
}

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
		if t.kind != tOp || !contains(binLevels[level], t.text) {
			return x
		}
		ps.next()
		x = &binE{pos{t.line}, t.text, x, ps.binary(level + 1)}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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

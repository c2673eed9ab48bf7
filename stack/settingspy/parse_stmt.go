package settingspy

import "strings"

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
		it := withItem{ctx: ps.test()}
		if ps.isKw("as") {
			ps.next()
			it.as = ps.expr()
		}
		st.items = append(st.items, it)
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

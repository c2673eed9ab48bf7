package settingspy

import "fmt"

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
func parseModule(toks []token) []stmt {
	ps := &parser{toks: toks}
	return ps.block(func() bool { return ps.peek().kind == tEOF })
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

package settingspy

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tNewline
	tIndent
	tDedent
	tName
	tNumber
	tString
	tOp
)

type token struct {
	kind tokKind
	text string // name, operator or number as written
	str  string // decoded value of a string literal
	// fields marks an f-string with replacement fields: its value is not
	// known without running code, so it evaluates to "unknown".
	fields bool
	line   int
}

// Python refuses more than 100 levels of indentation; nesting beyond that
// is not a settings file, and the cap keeps the parser's recursion bounded.
const maxIndentLevels = 100

type lexer struct {
	s       string
	i       int
	line    int
	toks    []token
	indents []int
	parens  []parenOpen
}

type parenOpen struct {
	ch   byte
	line int
}

func tokenize(src string) ([]token, error) {
	lx := &lexer{s: strings.TrimPrefix(src, "\ufeff"), line: 1, indents: []int{0}}
	if err := lx.run(); err != nil {
		return nil, err
	}
	return lx.toks, nil
}

func (lx *lexer) emit(kind tokKind, text string) {
	lx.toks = append(lx.toks, token{kind: kind, text: text, line: lx.line})
}

func (lx *lexer) errorf(line int, format string, args ...any) error {
	return &ParseError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (lx *lexer) run() error {
	atLineStart := true
	for lx.i < len(lx.s) {
		if atLineStart && len(lx.parens) == 0 {
			done, err := lx.indentation()
			if err != nil {
				return err
			}
			if done {
				atLineStart = false
			}
			continue
		}
		c := lx.s[lx.i]
		switch {
		case c == ' ' || c == '\t' || c == '\f':
			lx.i++
		case c == '#':
			for lx.i < len(lx.s) && lx.s[lx.i] != '\n' && lx.s[lx.i] != '\r' {
				lx.i++
			}
		case c == '\n' || c == '\r':
			lx.newline()
			if len(lx.parens) == 0 {
				lx.toks = append(lx.toks, token{kind: tNewline, line: lx.line - 1})
				atLineStart = true
			}
		case c == '\\':
			lx.i++
			if lx.i < len(lx.s) && (lx.s[lx.i] == '\n' || lx.s[lx.i] == '\r') {
				lx.newline()
				continue
			}
			if lx.i >= len(lx.s) {
				return lx.errorf(lx.line, "unexpected end of file after line continuation")
			}
			return lx.errorf(lx.line, "unexpected character after line continuation character")
		case c == '"' || c == '\'':
			if err := lx.str(""); err != nil {
				return err
			}
		case c >= '0' && c <= '9' || c == '.' && lx.i+1 < len(lx.s) && lx.s[lx.i+1] >= '0' && lx.s[lx.i+1] <= '9':
			lx.number()
		case isNameStart(lx.s, lx.i):
			if err := lx.name(); err != nil {
				return err
			}
		default:
			if err := lx.op(); err != nil {
				return err
			}
		}
	}
	if len(lx.parens) > 0 {
		p := lx.parens[len(lx.parens)-1]
		return lx.errorf(p.line, "'%c' was never closed", p.ch)
	}
	if n := len(lx.toks); n > 0 && lx.toks[n-1].kind != tNewline && lx.toks[n-1].kind != tDedent {
		lx.emit(tNewline, "")
	}
	for len(lx.indents) > 1 {
		lx.indents = lx.indents[:len(lx.indents)-1]
		lx.emit(tDedent, "")
	}
	lx.emit(tEOF, "")
	return nil
}

func (lx *lexer) newline() {
	if lx.s[lx.i] == '\r' && lx.i+1 < len(lx.s) && lx.s[lx.i+1] == '\n' {
		lx.i++
	}
	lx.i++
	lx.line++
}

// indentation measures the indentation of a new logical line and emits
// INDENT/DEDENT. It reports done=false when the line was blank or a
// comment, which Python ignores for indentation.
func (lx *lexer) indentation() (bool, error) {
	col := 0
	j := lx.i
	for j < len(lx.s) {
		switch lx.s[j] {
		case ' ':
			col++
		case '\t':
			col = (col/8 + 1) * 8
		case '\f':
			col = 0
		default:
			goto measured
		}
		j++
	}
measured:
	lx.i = j
	if j >= len(lx.s) {
		return true, nil
	}
	if c := lx.s[j]; c == '#' || c == '\n' || c == '\r' {
		for lx.i < len(lx.s) && lx.s[lx.i] != '\n' && lx.s[lx.i] != '\r' {
			lx.i++
		}
		if lx.i < len(lx.s) {
			lx.newline()
		}
		return false, nil
	}
	top := lx.indents[len(lx.indents)-1]
	switch {
	case col > top:
		if len(lx.indents) > maxIndentLevels {
			return false, lx.errorf(lx.line, "too many levels of indentation")
		}
		lx.indents = append(lx.indents, col)
		lx.emit(tIndent, "")
	case col < top:
		for col < lx.indents[len(lx.indents)-1] {
			lx.indents = lx.indents[:len(lx.indents)-1]
			lx.emit(tDedent, "")
		}
		if col != lx.indents[len(lx.indents)-1] {
			return false, lx.errorf(lx.line, "unindent does not match any outer indentation level")
		}
	}
	return true, nil
}

func isNameStart(s string, i int) bool {
	c := s[i]
	if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return true
	}
	if c < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func (lx *lexer) name() error {
	start := lx.i
	for lx.i < len(lx.s) {
		c := lx.s[lx.i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			lx.i++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeRuneInString(lx.s[lx.i:])
		if r == utf8.RuneError && size <= 1 {
			return lx.errorf(lx.line, "invalid UTF-8 in source")
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r) {
			break
		}
		lx.i += size
	}
	word := lx.s[start:lx.i]
	if lx.i < len(lx.s) && (lx.s[lx.i] == '"' || lx.s[lx.i] == '\'') && isStringPrefix(word) {
		return lx.str(word)
	}
	lx.emit(tName, word)
	return nil
}

func isStringPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

func (lx *lexer) number() {
	start := lx.i
	s := lx.s
	if s[lx.i] == '0' && lx.i+1 < len(s) && strings.ContainsRune("xXoObB", rune(s[lx.i+1])) {
		lx.i += 2
		for lx.i < len(s) && (isAlnum(s[lx.i]) || s[lx.i] == '_') {
			lx.i++
		}
	} else {
		for lx.i < len(s) {
			c := s[lx.i]
			switch {
			case c >= '0' && c <= '9' || c == '_' || c == '.':
				lx.i++
			case (c == 'e' || c == 'E') && lx.i+1 < len(s):
				lx.i++
				if s[lx.i] == '+' || s[lx.i] == '-' {
					lx.i++
				}
			case c == 'j' || c == 'J':
				lx.i++
				goto done
			default:
				goto done
			}
		}
	}
done:
	lx.emit(tNumber, s[start:lx.i])
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

var ops3 = []string{"**=", "//=", ">>=", "<<=", "..."}
var ops2 = []string{"**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "->", ":="}

func (lx *lexer) op() error {
	rest := lx.s[lx.i:]
	for _, group := range [][]string{ops3, ops2} {
		for _, o := range group {
			if strings.HasPrefix(rest, o) {
				lx.emit(tOp, o)
				lx.i += len(o)
				return nil
			}
		}
	}
	c := rest[0]
	switch c {
	case '(', '[', '{':
		lx.parens = append(lx.parens, parenOpen{c, lx.line})
	case ')', ']', '}':
		want := map[byte]byte{')': '(', ']': '[', '}': '{'}[c]
		if len(lx.parens) == 0 || lx.parens[len(lx.parens)-1].ch != want {
			return lx.errorf(lx.line, "unmatched '%c'", c)
		}
		lx.parens = lx.parens[:len(lx.parens)-1]
	case '+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', ',', ':', ';', '.', '=':
	default:
		r, _ := utf8.DecodeRuneInString(rest)
		return lx.errorf(lx.line, "invalid character %q", r)
	}
	lx.emit(tOp, string(c))
	lx.i++
	return nil
}

// str lexes a string literal whose prefix (r, b, f, ...) was already read.
func (lx *lexer) str(prefix string) error {
	p := strings.ToLower(prefix)
	raw := strings.Contains(p, "r")
	fstr := strings.Contains(p, "f")
	bytesLit := strings.Contains(p, "b")
	startLine := lx.line
	q := lx.s[lx.i]
	triple := strings.HasPrefix(lx.s[lx.i:], strings.Repeat(string(q), 3))
	if triple {
		lx.i += 3
	} else {
		lx.i++
	}
	var b strings.Builder
	for {
		if lx.i >= len(lx.s) {
			if triple {
				return lx.errorf(startLine, "unterminated triple-quoted string literal")
			}
			return lx.errorf(startLine, "unterminated string literal")
		}
		c := lx.s[lx.i]
		if c == q {
			if !triple {
				lx.i++
				break
			}
			if strings.HasPrefix(lx.s[lx.i:], strings.Repeat(string(q), 3)) {
				lx.i += 3
				break
			}
		}
		if c == '\n' || c == '\r' {
			if !triple {
				return lx.errorf(startLine, "unterminated string literal")
			}
			if c == '\r' && lx.i+1 < len(lx.s) && lx.s[lx.i+1] == '\n' {
				lx.i++
			}
			lx.i++
			lx.line++
			b.WriteByte('\n')
			continue
		}
		if c != '\\' {
			b.WriteByte(c)
			lx.i++
			continue
		}
		// A backslash: raw strings keep it (and the next character, which
		// cannot end the string); others decode the escape.
		if lx.i+1 >= len(lx.s) {
			lx.i++
			continue
		}
		next := lx.s[lx.i+1]
		if next == '\n' || next == '\r' {
			lx.i++
			if raw {
				b.WriteByte('\\')
				b.WriteByte('\n')
			}
			lx.newline()
			continue
		}
		if raw {
			b.WriteByte('\\')
			b.WriteByte(next)
			lx.i += 2
			continue
		}
		lx.i += 2
		lx.escape(&b, next, bytesLit)
	}
	val := b.String()
	tok := token{kind: tString, str: val, line: startLine}
	if fstr {
		tok.str, tok.fields = fstringLiteral(val)
	}
	lx.toks = append(lx.toks, tok)
	return nil
}

func (lx *lexer) escape(b *strings.Builder, c byte, bytesLit bool) {
	simple := map[byte]string{'\\': "\\", '\'': "'", '"': "\"", 'a': "\a", 'b': "\b", 'f': "\f", 'n': "\n", 'r': "\r", 't': "\t", 'v': "\v"}
	if s, ok := simple[c]; ok {
		b.WriteString(s)
		return
	}
	hexLen := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
	if bytesLit && c != 'x' {
		hexLen = 0
	}
	if hexLen > 0 && lx.i+hexLen <= len(lx.s) {
		if n, err := strconv.ParseUint(lx.s[lx.i:lx.i+hexLen], 16, 32); err == nil {
			lx.i += hexLen
			if c == 'x' && bytesLit {
				b.WriteByte(byte(n))
			} else if utf8.ValidRune(rune(n)) {
				b.WriteRune(rune(n))
			}
			return
		}
	}
	if c >= '0' && c <= '7' {
		n := int(c - '0')
		for k := 0; k < 2 && lx.i < len(lx.s) && lx.s[lx.i] >= '0' && lx.s[lx.i] <= '7'; k++ {
			n = n*8 + int(lx.s[lx.i]-'0')
			lx.i++
		}
		b.WriteRune(rune(n))
		return
	}
	// Python keeps unknown escapes (and \N{...} here) as written.
	b.WriteByte('\\')
	b.WriteByte(c)
}

// fstringLiteral undoes {{ and }} and reports whether the f-string has
// replacement fields, whose value only running code would know.
func fstringLiteral(s string) (string, bool) {
	var b strings.Builder
	fields := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == '{' || c == '}') && i+1 < len(s) && s[i+1] == c {
			b.WriteByte(c)
			i++
			continue
		}
		if c == '{' {
			fields = true
		}
		b.WriteByte(c)
	}
	return b.String(), fields
}

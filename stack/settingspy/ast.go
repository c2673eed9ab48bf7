package settingspy

// The syntax tree of the Python subset: enough of expressions and
// statements to run what settings files do to build their lists.

type expr interface{ exprLine() int }

type pos struct{ ln int }

func (p pos) exprLine() int { return p.ln }

type (
	nameE struct {
		pos
		name string
	}
	constE struct {
		pos
		v value
	}
	// unknownE is syntax the evaluator parses but does not run (lambda,
	// f-strings with fields): its value is unknown.
	unknownE struct {
		pos
		why string
	}
	seqE struct {
		pos
		kind byte // 'l' list, 't' tuple, 's' set
		elts []expr
	}
	dictE struct {
		pos
		keys []expr // nil key: **mapping
		vals []expr
	}
	starE struct {
		pos
		x expr
	}
	binE struct {
		pos
		op   string
		l, r expr
	}
	unaryE struct {
		pos
		op string // "-", "+", "~", "not"
		x  expr
	}
	boolE struct {
		pos
		and bool
		xs  []expr
	}
	cmpE struct {
		pos
		first expr
		ops   []string // "==", "in", "not in", "is", "is not", ...
		rest  []expr
	}
	ifE struct {
		pos
		cond, a, b expr
	}
	callE struct {
		pos
		fn   expr
		args []arg
	}
	attrE struct {
		pos
		x    expr
		name string
	}
	subE struct {
		pos
		x, idx expr
	}
	sliceE struct {
		pos
		lo, hi, step expr
	}
	compE struct {
		pos
		kind byte // 'l', 'g', 's', 'd'
		elt  expr
		key  expr // dict comprehensions
		gens []compFor
	}
)

type arg struct {
	name string // keyword argument
	star int    // 1: *iterable, 2: **mapping
	x    expr
}

type compFor struct {
	target expr
	iter   expr
	ifs    []expr
}

type stmt interface{ base() *stmtBase }

type stmtBase struct {
	ln int
	// mw says the statement mentions a name containing MIDDLEWARE, so a
	// failure to run it may change the list and deserves a warning.
	mw bool
}

func (b *stmtBase) base() *stmtBase { return b }

type (
	exprS struct {
		stmtBase
		x expr
	}
	assignS struct {
		stmtBase
		targets []expr
		val     expr
	}
	augS struct {
		stmtBase
		target expr
		op     string
		val    expr
	}
	ifS struct {
		stmtBase
		conds  []expr
		bodies [][]stmt
		els    []stmt
	}
	forS struct {
		stmtBase
		target    expr
		iter      expr
		body, els []stmt
	}
	whileS struct {
		stmtBase
		cond      expr
		body, els []stmt
	}
	tryS struct {
		stmtBase
		body          []stmt
		handlers      []handler
		els, finally_ []stmt
	}
	withS struct {
		stmtBase
		items []withItem
		body  []stmt
	}
	defS struct {
		stmtBase
		name      string
		params    []param
		body      []stmt
		decorated bool
	}
	classS struct {
		stmtBase
		name string
	}
	importS struct {
		stmtBase
		names []alias
	}
	fromS struct {
		stmtBase
		level int
		mod   string
		names []alias
		star  bool
	}
	simpleS struct {
		stmtBase
		kind string // "pass", "break", "continue", "assert"
	}
	returnS struct {
		stmtBase
		val expr
	}
	delS struct {
		stmtBase
		targets []expr
	}
	globalS struct {
		stmtBase
		names []string
	}
	raiseS struct {
		stmtBase
		exc expr
	}
	// skipS is a statement the parser could not read; running it only
	// records a warning.
	skipS struct {
		stmtBase
		why string
	}
)

type handler struct {
	typ  expr // nil: bare except
	name string
	body []stmt
}

type withItem struct {
	ctx expr
	as  expr // nil: no "as"
}

type param struct {
	name string
	def  expr
	star int // 1: *args, 2: **kwargs
}

type alias struct {
	name, as string
}

// bound is the name an import binds.
func (a alias) bound() string {
	if a.as != "" {
		return a.as
	}
	return a.name
}

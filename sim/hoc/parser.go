package hoc

import "fmt"

// parser builds the syntax tree of one source (a file or an execute
// string) from its tokens.
type parser struct {
	toks  []token
	i     int
	depth int // open parentheses and brackets: newlines inside are skipped
	inTpl bool
}

// parse returns the statements of src.
func parse(file, src string) ([]stmt, error) {
	toks, err := lex(file, src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	var list []stmt
	for {
		p.skipSeps()
		if p.peek().kind == tEOF {
			return list, nil
		}
		s, err := p.stmt()
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
}

func (p *parser) peek() token {
	if p.depth > 0 {
		for p.toks[p.i].kind == tNewline {
			p.i++
		}
	}
	return p.toks[p.i]
}

func (p *parser) next() token {
	t := p.peek()
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) isOp(s string) bool {
	t := p.peek()
	return t.kind == tOp && t.text == s
}

func (p *parser) isKw(s string) bool {
	t := p.peek()
	return t.kind == tIdent && t.text == s
}

func (p *parser) expect(s string) (token, error) {
	t := p.next()
	if t.kind != tOp || t.text != s {
		return t, errorf(t.pos, "expected %q, found %v", s, t)
	}
	return t, nil
}

func (p *parser) expectIdent(what string) (token, error) {
	t := p.next()
	if t.kind != tIdent {
		return t, errorf(t.pos, "expected %s, found %v", what, t)
	}
	if keywords[t.text] {
		return t, errorf(t.pos, "expected %s, found keyword %s", what, t.text)
	}
	return t, nil
}

// skipSeps skips newlines and semicolons.
func (p *parser) skipSeps() {
	for {
		t := p.toks[p.i]
		if t.kind == tNewline || (t.kind == tOp && t.text == ";") {
			p.i++
			continue
		}
		return
	}
}

func (p *parser) skipNewlines() {
	for p.toks[p.i].kind == tNewline {
		p.i++
	}
}

// keywords are the words that begin statements or may not be names.
var keywords = map[string]bool{
	"if": true, "else": true, "while": true, "for": true, "forsec": true, "forall": true,
	"ifsec": true, "access": true, "create": true, "connect": true, "insert": true,
	"uninsert": true, "objref": true, "objectvar": true, "strdef": true, "double": true,
	"public": true, "external": true, "local": true, "localobj": true, "return": true,
	"break": true, "continue": true, "iterator_statement": true, "print": true,
	"proc": true, "func": true, "obfunc": true, "iterator": true, "begintemplate": true,
	"endtemplate": true, "new": true, "stop": true,
}

// unsupported are hoc keywords this interpreter refuses, with a reason.
var unsupported = map[string]string{
	"help": "help", "parallel": "parallel", "eqn": "eqn (kinetic equations in hoc)",
	"depvar": "depvar", "setpointer": "setpointer", "debug": "debug", "em": "em",
	"while_true": "", "until": "until", "stop": "stop",
}

func (p *parser) stmt() (stmt, error) {
	t := p.peek()
	if t.kind == tOp && t.text == "{" {
		return p.block()
	}
	if t.kind == tOp && t.text == "}" {
		return nil, errorf(t.pos, "unbalanced braces: } without {")
	}
	if t.kind == tIdent {
		if why, bad := unsupported[t.text]; bad {
			if why == "" {
				why = t.text
			}
			return nil, errorf(t.pos, "hoc construct %q is not supported", why)
		}
		if keywords[t.text] {
			return p.keywordStmt()
		}
	}
	x, err := p.expr()
	if err != nil {
		return nil, err
	}
	// A section reference followed, on the same line, by a statement is
	// a section statement: soma area(.5), axon[0] { ... }.
	if isRef(x) {
		n := p.toks[p.i]
		if n.kind == tIdent || n.kind == tArg || (n.kind == tOp && n.text == "{") {
			body, err := p.stmt()
			if err != nil {
				return nil, err
			}
			return &secStmt{pos: t.pos, sec: x, body: body}, nil
		}
	}
	if err := p.endOfStmt(); err != nil {
		return nil, err
	}
	return &exprStmt{pos: t.pos, x: x}, nil
}

// endOfStmt checks that an expression statement is followed by a
// separator or by something that begins another statement.
func (p *parser) endOfStmt() error {
	t := p.toks[p.i]
	switch {
	case t.kind == tNewline || t.kind == tEOF || t.kind == tIdent || t.kind == tArg:
		return nil
	case t.kind == tOp && (t.text == ";" || t.text == "}" || t.text == "{"):
		return nil
	}
	return errorf(t.pos, "unexpected %v after expression", t)
}

// isRef reports whether x is a reference: a name, argument, index or
// member chain without a call at its end.
func isRef(x expr) bool {
	switch x := x.(type) {
	case *ident:
		return !keywords[x.name]
	case *argRef:
		return true
	case *indexExpr:
		return isRef(x.x) || isCallChain(x.x)
	case *memberExpr:
		return true
	}
	return false
}

func isCallChain(x expr) bool {
	_, ok := x.(*callExpr)
	return ok
}

func (p *parser) block() (*blockStmt, error) {
	open, err := p.expect("{")
	if err != nil {
		return nil, err
	}
	saved := p.depth
	p.depth = 0
	defer func() { p.depth = saved }()
	b := &blockStmt{pos: open.pos}
	for {
		p.skipSeps()
		t := p.peek()
		if t.kind == tEOF {
			return nil, errorf(open.pos, "unbalanced braces: { without }")
		}
		if t.kind == tOp && t.text == "}" {
			p.next()
			return b, nil
		}
		s, err := p.stmt()
		if err != nil {
			return nil, err
		}
		b.list = append(b.list, s)
	}
}

// body parses the statement governed by a control statement, which may
// begin on the next line.
func (p *parser) body() (stmt, error) {
	p.skipNewlines()
	if p.peek().kind == tEOF {
		return nil, errorf(p.peek().pos, "expected a statement, found end of file")
	}
	return p.stmt()
}

func (p *parser) parenExpr() (expr, error) {
	if _, err := p.expect("("); err != nil {
		return nil, err
	}
	return p.parenRest()
}

// parenRest parses the expression and the ')' after a '('.
func (p *parser) parenRest() (expr, error) {
	p.depth++
	x, err := p.expr()
	p.depth--
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	return x, nil
}

func (p *parser) names(kind string) ([]declName, error) {
	var out []declName
	for {
		t, err := p.expectIdent("a name after " + kind)
		if err != nil {
			return nil, err
		}
		d := declName{pos: t.pos, name: t.text}
		for p.toks[p.i].kind == tOp && p.toks[p.i].text == "[" {
			p.next()
			p.depth++
			x, err := p.expr()
			p.depth--
			if err != nil {
				return nil, err
			}
			if _, err := p.expect("]"); err != nil {
				return nil, err
			}
			d.dims = append(d.dims, x)
		}
		out = append(out, d)
		if p.toks[p.i].kind == tOp && p.toks[p.i].text == "," {
			p.next()
			p.skipNewlines()
			continue
		}
		return out, nil
	}
}

func (p *parser) keywordStmt() (stmt, error) {
	t := p.next()
	switch t.text {
	case "if":
		cond, err := p.parenExpr()
		if err != nil {
			return nil, err
		}
		then, err := p.body()
		if err != nil {
			return nil, err
		}
		s := &ifStmt{pos: t.pos, cond: cond, then: then}
		save := p.i
		p.skipSeps()
		if p.isKw("else") {
			p.next()
			if s.els_, err = p.body(); err != nil {
				return nil, err
			}
		} else {
			p.i = save
		}
		return s, nil
	case "else":
		return nil, errorf(t.pos, "else without if")
	case "while":
		cond, err := p.parenExpr()
		if err != nil {
			return nil, err
		}
		body, err := p.body()
		if err != nil {
			return nil, err
		}
		return &whileStmt{pos: t.pos, cond: cond, body: body}, nil
	case "for":
		return p.forStmt(t)
	case "forsec", "ifsec":
		list, err := p.postfix()
		if err != nil {
			return nil, err
		}
		body, err := p.body()
		if err != nil {
			return nil, err
		}
		if t.text == "ifsec" {
			return &ifsecStmt{pos: t.pos, pat: list, body: body}, nil
		}
		return &forsecStmt{pos: t.pos, list: list, body: body}, nil
	case "forall":
		body, err := p.body()
		if err != nil {
			return nil, err
		}
		return &forallStmt{pos: t.pos, body: body}, nil
	case "access":
		x, err := p.postfix()
		if err != nil {
			return nil, err
		}
		return &accessStmt{pos: t.pos, sec: x}, nil
	case "create":
		names, err := p.names("create")
		if err != nil {
			return nil, err
		}
		return &createStmt{pos: t.pos, names: names}, nil
	case "connect":
		c, err := p.postfix()
		if err != nil {
			return nil, err
		}
		call, ok := c.(*callExpr)
		if !ok || len(call.args) != 1 || call.ranged {
			return nil, errorf(c.exprPos(), "connect: expected child(x), found %s", describe(c))
		}
		if _, err := p.expect(","); err != nil {
			return nil, err
		}
		parent, err := p.expr()
		if err != nil {
			return nil, err
		}
		return &connectStmt{pos: t.pos, child: call.fn, childX: call.args[0], parent: parent}, nil
	case "insert", "uninsert":
		n, err := p.expectIdent("a mechanism name")
		if err != nil {
			return nil, err
		}
		return &insertStmt{pos: t.pos, name: n.text, remove: t.text == "uninsert"}, nil
	case "objref", "objectvar", "strdef", "double", "public", "external", "local", "localobj":
		names, err := p.names(t.text)
		if err != nil {
			return nil, err
		}
		kind := t.text
		if kind == "objectvar" {
			kind = "objref"
		}
		return &declStmt{pos: t.pos, kind: kind, names: names}, nil
	case "return":
		s := &returnStmt{pos: t.pos}
		n := p.toks[p.i]
		if n.kind == tNewline || n.kind == tEOF || (n.kind == tOp && (n.text == "}" || n.text == ";")) {
			return s, nil
		}
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		s.x = x
		return s, nil
	case "break", "continue":
		return &breakStmt{pos: t.pos, cont: t.text == "continue"}, nil
	case "iterator_statement":
		return &iterStmt{pos: t.pos}, nil
	case "print":
		s := &printStmt{pos: t.pos}
		for {
			x, err := p.expr()
			if err != nil {
				return nil, err
			}
			s.args = append(s.args, x)
			if p.toks[p.i].kind == tOp && p.toks[p.i].text == "," {
				p.next()
				continue
			}
			return s, nil
		}
	case "proc", "func", "obfunc", "iterator":
		n, err := p.expectIdent("a name after " + t.text)
		if err != nil {
			return nil, err
		}
		if _, err := p.expect("("); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
		p.skipNewlines()
		b, err := p.block()
		if err != nil {
			return nil, err
		}
		return &funcDef{pos: t.pos, kind: t.text, name: n.text, body: b}, nil
	case "begintemplate":
		if p.inTpl {
			return nil, errorf(t.pos, "begintemplate inside a template")
		}
		n, err := p.expectIdent("a template name")
		if err != nil {
			return nil, err
		}
		p.inTpl = true
		defer func() { p.inTpl = false }()
		td := &templateDef{pos: t.pos, name: n.text}
		for {
			p.skipSeps()
			u := p.peek()
			if u.kind == tEOF {
				return nil, errorf(t.pos, "begintemplate %s without endtemplate", n.text)
			}
			if u.kind == tIdent && u.text == "endtemplate" {
				p.next()
				e, err := p.expectIdent("the template name after endtemplate")
				if err != nil {
					return nil, err
				}
				if e.text != n.text {
					return nil, errorf(e.pos, "endtemplate %s closes begintemplate %s", e.text, n.text)
				}
				return td, nil
			}
			s, err := p.stmt()
			if err != nil {
				return nil, err
			}
			td.body = append(td.body, s)
		}
	case "endtemplate":
		return nil, errorf(t.pos, "endtemplate without begintemplate")
	case "new":
		p.i--
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		return &exprStmt{pos: t.pos, x: x}, nil
	}
	return nil, errorf(t.pos, "hoc construct %q is not supported", t.text)
}

func (p *parser) forStmt(t token) (stmt, error) {
	// for (x) / for (x, 0): segments of the current section.
	if p.isOp("(") {
		p.next()
		p.depth++
		v, err := p.postfix()
		if err != nil {
			p.depth--
			return nil, err
		}
		noEnds := false
		if p.isOp(",") {
			p.next()
			z, err := p.expr()
			if err != nil {
				p.depth--
				return nil, err
			}
			n, ok := z.(*numLit)
			if !ok || n.v != 0 {
				p.depth--
				return nil, errorf(z.exprPos(), "for (x, e): only for (x, 0) is supported")
			}
			noEnds = true
		}
		p.depth--
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
		body, err := p.body()
		if err != nil {
			return nil, err
		}
		return &forSegStmt{pos: t.pos, v: v, noEnds: noEnds, body: body}, nil
	}
	v, err := p.postfix()
	if err != nil {
		return nil, err
	}
	if call, ok := v.(*callExpr); ok {
		body, err := p.body()
		if err != nil {
			return nil, err
		}
		return &forIterStmt{pos: t.pos, call: call, body: body}, nil
	}
	if _, err := p.expect("="); err != nil {
		return nil, err
	}
	from, err := p.expr()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(","); err != nil {
		return nil, err
	}
	to, err := p.expr()
	if err != nil {
		return nil, err
	}
	body, err := p.body()
	if err != nil {
		return nil, err
	}
	return &forStmt{pos: t.pos, v: v, from: from, to: to, body: body}, nil
}

func (p *parser) expr() (expr, error) {
	lhs, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	t := p.toks[p.i]
	if p.depth > 0 {
		t = p.peek()
	}
	if t.kind == tOp {
		switch t.text {
		case "=", "+=", "-=", "*=", "/=":
			p.next()
			if !isRef(lhs) && !isCallChain(lhs) {
				return nil, errorf(t.pos, "cannot assign to %s", describe(lhs))
			}
			a := &assignExpr{pos: lhs.exprPos(), op: t.text, lhs: lhs}
			if c, ok := lhs.(*callExpr); ok && c.ranged {
				if t.text != "=" {
					return nil, errorf(t.pos, "range assignment diam(a:b) needs =")
				}
				if a.rhs, err = p.binary(0); err != nil {
					return nil, err
				}
				if _, err := p.expect(":"); err != nil {
					return nil, err
				}
				if a.rhs2, err = p.binary(0); err != nil {
					return nil, err
				}
				return a, nil
			}
			if a.rhs, err = p.expr(); err != nil {
				return nil, err
			}
			return a, nil
		}
	}
	return lhs, nil
}

var precedence = map[string]int{
	"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
	"+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
}

func (p *parser) binary(minPrec int) (expr, error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.toks[p.i]
		if p.depth > 0 {
			t = p.peek()
		}
		prec, ok := precedence[t.text]
		if t.kind != tOp || !ok || prec <= minPrec {
			return x, nil
		}
		p.next()
		if p.depth == 0 {
			p.skipNewlines()
		}
		y, err := p.binary(prec)
		if err != nil {
			return nil, err
		}
		x = &binaryExpr{pos: t.pos, op: t.text, x: x, y: y}
	}
}

func (p *parser) unary() (expr, error) {
	t := p.peek()
	if t.kind == tOp && (t.text == "-" || t.text == "!" || t.text == "+") {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if t.text == "+" {
			return x, nil
		}
		return &unaryExpr{pos: t.pos, op: t.text, x: x}, nil
	}
	return p.power()
}

func (p *parser) power() (expr, error) {
	x, err := p.postfix()
	if err != nil {
		return nil, err
	}
	t := p.toks[p.i]
	if p.depth > 0 {
		t = p.peek()
	}
	if t.kind == tOp && t.text == "^" {
		p.next()
		y, err := p.unary() // right associative, binds tighter than unary minus on its left
		if err != nil {
			return nil, err
		}
		return &binaryExpr{pos: t.pos, op: "^", x: x, y: y}, nil
	}
	return x, nil
}

func (p *parser) postfix() (expr, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.toks[p.i]
		if p.depth > 0 {
			t = p.peek()
		}
		if t.kind != tOp {
			return x, nil
		}
		switch t.text {
		case "[":
			p.next()
			p.depth++
			idx, err := p.expr()
			p.depth--
			if err != nil {
				return nil, err
			}
			if _, err := p.expect("]"); err != nil {
				return nil, err
			}
			x = &indexExpr{pos: t.pos, x: x, idx: idx}
		case "(":
			p.next()
			p.depth++
			c := &callExpr{pos: t.pos, fn: x}
			if !p.isOp(")") {
				for {
					a, err := p.expr()
					if err != nil {
						p.depth--
						return nil, err
					}
					c.args = append(c.args, a)
					if len(c.args) == 1 && p.isOp(":") {
						p.next()
						b, err := p.expr()
						if err != nil {
							p.depth--
							return nil, err
						}
						c.args = append(c.args, b)
						c.ranged = true
						break
					}
					if !p.isOp(",") {
						break
					}
					p.next()
				}
			}
			p.depth--
			if _, err := p.expect(")"); err != nil {
				return nil, err
			}
			x = c
		case ".":
			p.next()
			n := p.next()
			if n.kind != tIdent {
				return nil, errorf(n.pos, "expected a member name after '.', found %v", n)
			}
			x = &memberExpr{pos: n.pos, x: x, name: n.text}
		default:
			return x, nil
		}
	}
}

func (p *parser) primary() (expr, error) {
	t := p.next()
	switch t.kind {
	case tNumber:
		return &numLit{pos: t.pos, v: t.num}, nil
	case tString:
		return &strLit{pos: t.pos, s: t.text}, nil
	case tArg:
		return &argRef{pos: t.pos, kind: t.text, n: int(t.num)}, nil
	case tIdent:
		if t.text == "new" {
			n, err := p.expectIdent("a class name after new")
			if err != nil {
				return nil, err
			}
			ne := &newExpr{pos: t.pos, name: n.text}
			if _, err := p.expect("("); err != nil {
				return nil, err
			}
			p.depth++
			if !p.isOp(")") {
				for {
					a, err := p.expr()
					if err != nil {
						p.depth--
						return nil, err
					}
					ne.args = append(ne.args, a)
					if !p.isOp(",") {
						break
					}
					p.next()
				}
			}
			p.depth--
			if _, err := p.expect(")"); err != nil {
				return nil, err
			}
			return ne, nil
		}
		if keywords[t.text] {
			return nil, errorf(t.pos, "unexpected keyword %s in an expression", t.text)
		}
		return &ident{pos: t.pos, name: t.text}, nil
	case tOp:
		switch t.text {
		case "(":
			return p.parenRest()
		case "&":
			x, err := p.postfix()
			if err != nil {
				return nil, err
			}
			return &addrExpr{pos: t.pos, x: x}, nil
		}
	}
	return nil, errorf(t.pos, "unexpected %v", t)
}

// describe names an expression for messages.
func describe(x expr) string {
	switch x := x.(type) {
	case *ident:
		return x.name
	case *numLit:
		return fmt.Sprint(x.v)
	case *strLit:
		return fmt.Sprintf("%q", x.s)
	case *argRef:
		if x.n == 0 {
			return "$" + x.kind + "i"
		}
		return fmt.Sprintf("$%s%d", x.kind, x.n)
	case *indexExpr:
		return describe(x.x) + "[...]"
	case *callExpr:
		return describe(x.fn) + "(...)"
	case *memberExpr:
		return describe(x.x) + "." + x.name
	case *newExpr:
		return "new " + x.name + "(...)"
	}
	return "an expression"
}

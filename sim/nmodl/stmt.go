package nmodl

import (
	"fmt"
	"strconv"
)

// body parses { statements }.
func (p *parser) body() ([]Stmt, error) {
	if err := p.expectOp("{"); err != nil {
		return nil, err
	}
	var out []Stmt
	for !p.isOp("}") {
		if p.tok.kind == tEOF {
			return nil, p.unexpected("\"}\"")
		}
		s, err := p.stmt()
		if err != nil {
			return nil, err
		}
		if s != nil {
			out = append(out, s)
		}
	}
	return out, p.next()
}

// stmt parses one statement.
func (p *parser) stmt() (Stmt, error) {
	t := p.tok
	switch t.kind {
	case tVerbatim:
		p.f.Verbatims = append(p.f.Verbatims, Verbatim{Pos: t.pos, Text: t.text, In: p.in})
		return &VerbatimStmt{Pos: t.pos, Text: t.text}, p.next()
	case tPrime:
		if err := p.next(); err != nil {
			return nil, err
		}
		if err := p.expectOp("="); err != nil {
			return nil, err
		}
		rhs, err := p.expr()
		if err != nil {
			return nil, err
		}
		return &Assign{Pos: t.pos, LHS: &Ident{Pos: t.pos, Name: t.text}, Deriv: t.n, RHS: rhs}, nil
	case tOp:
		switch t.text {
		case "{":
			body, err := p.body()
			return &Nested{Pos: t.pos, Body: body}, err
		case "~":
			return p.reaction()
		}
		return nil, p.unexpected("a statement")
	case tName:
	default:
		return nil, p.unexpected("a statement")
	}
	switch t.text {
	case "UNITSON", "UNITSOFF", "MUTEXLOCK", "MUTEXUNLOCK":
		p.unitsFlag()
		return &Keyword{Pos: t.pos, Word: t.text}, p.next()
	case "LOCAL":
		return p.local()
	case "if":
		return p.ifStmt()
	case "while":
		if err := p.next(); err != nil {
			return nil, err
		}
		cond, err := p.parenExpr()
		if err != nil {
			return nil, err
		}
		body, err := p.body()
		return &While{Pos: t.pos, Cond: cond, Body: body}, err
	case "FROM":
		return p.from()
	case "SOLVE":
		return p.solve()
	case "TABLE":
		return p.table()
	case "CONSERVE":
		if err := p.next(); err != nil {
			return nil, err
		}
		lhs, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp("="); err != nil {
			return nil, err
		}
		rhs, err := p.expr()
		return &Conserve{Pos: t.pos, LHS: lhs, RHS: rhs}, err
	case "COMPARTMENT", "LONGITUDINAL_DIFFUSION":
		return p.compartment()
	case "CONDUCTANCE":
		// CONDUCTANCE g [USEION ion]: the conductance of a current.
		if err := p.next(); err != nil {
			return nil, err
		}
		s := &Conductance{Pos: t.pos}
		var err error
		if s.Name, _, err = p.name("the conductance's name"); err != nil {
			return nil, err
		}
		if p.isWord("USEION") {
			if err := p.next(); err != nil {
				return nil, err
			}
			if s.Ion, _, err = p.name("an ion"); err != nil {
				return nil, err
			}
		}
		return s, nil
	case "WATCH":
		return p.watch()
	case "INITIAL":
		if err := p.next(); err != nil {
			return nil, err
		}
		body, err := p.body()
		return &Nested{Pos: t.pos, Kind: "INITIAL", Body: body}, err
	case "PROTECT":
		if err := p.next(); err != nil {
			return nil, err
		}
		s, err := p.stmt()
		if err != nil {
			return nil, err
		}
		return &Nested{Pos: t.pos, Kind: "PROTECT", Body: []Stmt{s}}, nil
	case "else":
		return nil, p.errorf(t.pos, "else without if")
	}
	// An assignment or a call.
	if err := p.next(); err != nil {
		return nil, err
	}
	var lhs Expr = &Ident{Pos: t.pos, Name: t.text}
	switch {
	case p.isOp("("):
		args, err := p.args()
		if err != nil {
			return nil, err
		}
		return &ExprStmt{Pos: t.pos, X: &Call{Pos: t.pos, Name: t.text, Args: args}}, nil
	case p.isOp("["):
		if err := p.next(); err != nil {
			return nil, err
		}
		idx, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp("]"); err != nil {
			return nil, err
		}
		lhs = &IndexExpr{Pos: t.pos, Name: t.text, Index: idx}
	}
	if !p.isOp("=") {
		return nil, p.unexpected(fmt.Sprintf("\"=\" or \"(\" after %q", t.text))
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	rhs, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &Assign{Pos: t.pos, LHS: lhs, RHS: rhs}, nil
}

// parenExpr parses ( expr ).
func (p *parser) parenExpr() (Expr, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	return e, p.expectOp(")")
}

func (p *parser) ifStmt() (Stmt, error) {
	s := &If{Pos: p.tok.pos}
	if err := p.next(); err != nil {
		return nil, err
	}
	var err error
	if s.Cond, err = p.parenExpr(); err != nil {
		return nil, err
	}
	if s.Then, err = p.body(); err != nil {
		return nil, err
	}
	if !p.isWord("else") {
		return s, nil
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.isWord("if") {
		e, err := p.ifStmt()
		if err != nil {
			return nil, err
		}
		s.Else = []Stmt{e}
		return s, nil
	}
	s.Else, err = p.body()
	return s, err
}

func (p *parser) local() (Stmt, error) {
	s := &Local{Pos: p.tok.pos}
	if err := p.next(); err != nil {
		return nil, err
	}
	for {
		n, pos, err := p.name("a LOCAL name")
		if err != nil {
			return nil, err
		}
		d := Decl{Pos: pos, Name: n}
		if p.isOp("[") {
			if err := p.next(); err != nil {
				return nil, err
			}
			if p.tok.kind == tNumber {
				d.Size, _ = strconv.Atoi(p.tok.text)
			} else if p.tok.kind == tName {
				d.SizeName = p.tok.text
			} else {
				return nil, p.unexpected("an array size")
			}
			if err := p.next(); err != nil {
				return nil, err
			}
			if err := p.expectOp("]"); err != nil {
				return nil, err
			}
		}
		s.Names = append(s.Names, d)
		if !p.isOp(",") {
			return s, nil
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
}

func (p *parser) from() (Stmt, error) {
	s := &From{Pos: p.tok.pos}
	if err := p.next(); err != nil {
		return nil, err
	}
	var err error
	if s.Var, _, err = p.name("the loop variable"); err != nil {
		return nil, err
	}
	if err := p.expectOp("="); err != nil {
		return nil, err
	}
	if s.Lo, err = p.expr(); err != nil {
		return nil, err
	}
	if !p.isWord("TO") {
		return nil, p.unexpected("TO")
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if s.Hi, err = p.expr(); err != nil {
		return nil, err
	}
	if p.isWord("BY") {
		if err := p.next(); err != nil {
			return nil, err
		}
		if s.By, err = p.expr(); err != nil {
			return nil, err
		}
	}
	s.Body, err = p.body()
	return s, err
}

func (p *parser) solve() (Stmt, error) {
	s := &Solve{Pos: p.tok.pos}
	if err := p.next(); err != nil {
		return nil, err
	}
	var err error
	if s.Name, _, err = p.name("the block to SOLVE"); err != nil {
		return nil, err
	}
	for {
		switch {
		case p.isWord("METHOD"):
			if err := p.next(); err != nil {
				return nil, err
			}
			if s.Method, _, err = p.name("a method (cnexp, derivimplicit, euler, sparse, ...)"); err != nil {
				return nil, err
			}
		case p.isWord("STEADYSTATE"):
			if err := p.next(); err != nil {
				return nil, err
			}
			if s.SteadyState, _, err = p.name("a steady-state method"); err != nil {
				return nil, err
			}
		case p.isWord("IFERROR"):
			if err := p.next(); err != nil {
				return nil, err
			}
			if _, err := p.body(); err != nil {
				return nil, err
			}
		default:
			return s, nil
		}
	}
}

func (p *parser) table() (Stmt, error) {
	s := &Table{Pos: p.tok.pos}
	if err := p.next(); err != nil {
		return nil, err
	}
	var err error
	if p.tok.kind == tName && !p.isWord("DEPEND") && !p.isWord("FROM") {
		if s.Names, err = p.names("a tabulated name"); err != nil {
			return nil, err
		}
	}
	if p.isWord("DEPEND") {
		if err := p.next(); err != nil {
			return nil, err
		}
		if s.Depend, err = p.names("a name the table depends on"); err != nil {
			return nil, err
		}
	}
	if !p.isWord("FROM") {
		return nil, p.unexpected("FROM")
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if s.From, err = p.expr(); err != nil {
		return nil, err
	}
	if !p.isWord("TO") {
		return nil, p.unexpected("TO")
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if s.To, err = p.expr(); err != nil {
		return nil, err
	}
	if !p.isWord("WITH") {
		return nil, p.unexpected("WITH")
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind != tNumber {
		return nil, p.unexpected("the number of table intervals")
	}
	if s.With, err = strconv.Atoi(p.tok.text); err != nil || s.With < 1 {
		return nil, p.errorf(p.tok.pos, "TABLE ... WITH %s: want a positive integer", p.tok.text)
	}
	return s, p.next()
}

// compartment parses COMPARTMENT [i,] volume { names } (and
// LONGITUDINAL_DIFFUSION).
func (p *parser) compartment() (Stmt, error) {
	s := &Compartment{Pos: p.tok.pos, Kind: p.tok.text}
	if err := p.next(); err != nil {
		return nil, err
	}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.isOp(",") {
		id, ok := e.(*Ident)
		if !ok {
			return nil, p.errorf(e.exprPos(), "%s: the index before \",\" must be a name", s.Kind)
		}
		s.Index = id.Name
		if err := p.next(); err != nil {
			return nil, err
		}
		if e, err = p.expr(); err != nil {
			return nil, err
		}
	}
	s.Volume = e
	if err := p.expectOp("{"); err != nil {
		return nil, err
	}
	for !p.isOp("}") {
		n, _, err := p.name("a species name or \"}\"")
		if err != nil {
			return nil, err
		}
		s.Names = append(s.Names, n)
	}
	return s, p.next()
}

func (p *parser) watch() (Stmt, error) {
	s := &Watch{Pos: p.tok.pos}
	if err := p.next(); err != nil {
		return nil, err
	}
	var err error
	if s.Cond, err = p.parenExpr(); err != nil {
		return nil, err
	}
	s.Flag, err = p.expr()
	return s, err
}

// reaction parses ~ terms (<->|->) terms (rates) or ~ terms << (flux).
func (p *parser) reaction() (Stmt, error) {
	s := &Reaction{Pos: p.tok.pos}
	if err := p.next(); err != nil {
		return nil, err
	}
	var err error
	if s.LHS, err = p.terms(); err != nil {
		return nil, err
	}
	if !(p.isOp("<->") || p.isOp("->") || p.isOp("<<")) {
		return nil, p.unexpected("\"<->\", \"->\" or \"<<\"")
	}
	s.Op = p.tok.text
	if err := p.next(); err != nil {
		return nil, err
	}
	if s.Op != "<<" {
		if s.RHS, err = p.terms(); err != nil {
			return nil, err
		}
	}
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		s.Rates = append(s.Rates, e)
		if !p.isOp(",") {
			break
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	want := 1
	if s.Op == "<->" {
		want = 2
	}
	if len(s.Rates) != want {
		return nil, p.errorf(s.Pos, "reaction %s takes %d rate(s), got %d", s.Op, want, len(s.Rates))
	}
	return s, p.expectOp(")")
}

// terms parses [coef] name[\[index\]] {+ ...}.
func (p *parser) terms() ([]Term, error) {
	var out []Term
	for {
		t := Term{Pos: p.tok.pos, Coef: 1}
		if p.tok.kind == tNumber {
			c, err := strconv.Atoi(p.tok.text)
			if err != nil || c < 1 {
				return nil, p.errorf(p.tok.pos, "stoichiometric coefficient %s: want a positive integer", p.tok.text)
			}
			t.Coef = c
			if err := p.next(); err != nil {
				return nil, err
			}
		}
		n, _, err := p.name("a species")
		if err != nil {
			return nil, err
		}
		t.Name = n
		if p.isOp("[") {
			if err := p.next(); err != nil {
				return nil, err
			}
			if t.Index, err = p.expr(); err != nil {
				return nil, err
			}
			if err := p.expectOp("]"); err != nil {
				return nil, err
			}
		}
		out = append(out, t)
		if !p.isOp("+") {
			return out, nil
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
}

// args parses (expr, ...), the current token being "(".
func (p *parser) args() ([]Expr, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	var out []Expr
	for !p.isOp(")") {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		if p.isOp(",") {
			if err := p.next(); err != nil {
				return nil, err
			}
		} else if !p.isOp(")") {
			return nil, p.unexpected("\",\" or \")\"")
		}
	}
	return out, p.next()
}

// Expressions, loosest first: ||, &&, comparisons, + -, * /, unary - !,
// ^ (right-associative), primaries.

func (p *parser) expr() (Expr, error) { return p.binary(0) }

var levels = [][]string{
	{"||"},
	{"&&"},
	{"==", "!=", "<", ">", "<=", ">="},
	{"+", "-"},
	{"*", "/"},
}

func (p *parser) binary(level int) (Expr, error) {
	if level == len(levels) {
		return p.unary()
	}
	x, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		op, ok := p.levelOp(level)
		if !ok {
			return x, nil
		}
		pos := p.tok.pos
		if err := p.next(); err != nil {
			return nil, err
		}
		y, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		x = &Binary{Pos: pos, Op: op, X: x, Y: y}
	}
}

func (p *parser) levelOp(level int) (string, bool) {
	if p.tok.kind != tOp {
		return "", false
	}
	for _, op := range levels[level] {
		if p.tok.text == op {
			return op, true
		}
	}
	return "", false
}

func (p *parser) unary() (Expr, error) {
	if p.isOp("-") || p.isOp("!") || p.isOp("+") {
		t := p.tok
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if t.text == "+" {
			return x, nil
		}
		return &Unary{Pos: t.pos, Op: t.text, X: x}, nil
	}
	return p.power()
}

func (p *parser) power() (Expr, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	if !p.isOp("^") {
		return x, nil
	}
	pos := p.tok.pos
	if err := p.next(); err != nil {
		return nil, err
	}
	y, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &Binary{Pos: pos, Op: "^", X: x, Y: y}, nil
}

func (p *parser) primary() (Expr, error) {
	t := p.tok
	switch t.kind {
	case tNumber:
		v, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, p.errorf(t.pos, "number %s: %v", t.text, err)
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		n := &Num{Pos: t.pos, Text: t.text, Value: v}
		if p.isOp("(") { // a unit after a number: 10 (degC)
			if n.Units, err = p.units(); err != nil {
				return nil, err
			}
		}
		return n, nil
	case tString:
		return &StringLit{Pos: t.pos, Text: t.text}, p.next()
	case tPrime:
		return &Ident{Pos: t.pos, Name: t.text, Primes: t.n}, p.next()
	case tName:
		if err := p.next(); err != nil {
			return nil, err
		}
		switch {
		case p.isOp("("):
			args, err := p.args()
			if err != nil {
				return nil, err
			}
			return &Call{Pos: t.pos, Name: t.text, Args: args}, nil
		case p.isOp("["):
			if err := p.next(); err != nil {
				return nil, err
			}
			idx, err := p.expr()
			if err != nil {
				return nil, err
			}
			return &IndexExpr{Pos: t.pos, Name: t.text, Index: idx}, p.expectOp("]")
		}
		return &Ident{Pos: t.pos, Name: t.text}, nil
	case tOp:
		if t.text == "(" {
			e, err := p.parenExpr()
			if n, ok := e.(*Num); ok && err == nil && n.Units == "" {
				n.Paren = true // (1000)
			}
			return e, err
		}
	}
	return nil, p.unexpected("an expression")
}

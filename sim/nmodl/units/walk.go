package units

import (
	"strings"

	"github.com/golgi-sim/golgi/sim/nmodl"
)

// walkStmts calls fs on every statement of body, nested ones included,
// and fe on every expression and subexpression (either may be nil).
func walkStmts(body []nmodl.Stmt, fs func(nmodl.Stmt), fe func(nmodl.Expr)) {
	ex := func(es ...nmodl.Expr) {
		if fe == nil {
			return
		}
		for _, e := range es {
			walkExpr(e, fe)
		}
	}
	for _, s := range body {
		if fs != nil {
			fs(s)
		}
		switch s := s.(type) {
		case *nmodl.Assign:
			ex(s.LHS, s.RHS)
		case *nmodl.ExprStmt:
			ex(s.X)
		case *nmodl.If:
			ex(s.Cond)
			walkStmts(s.Then, fs, fe)
			walkStmts(s.Else, fs, fe)
		case *nmodl.While:
			ex(s.Cond)
			walkStmts(s.Body, fs, fe)
		case *nmodl.From:
			ex(s.Lo, s.Hi, s.By)
			walkStmts(s.Body, fs, fe)
		case *nmodl.Table:
			ex(s.From, s.To)
		case *nmodl.Reaction:
			for _, t := range append(append([]nmodl.Term{}, s.LHS...), s.RHS...) {
				ex(t.Index)
			}
			ex(s.Rates...)
		case *nmodl.Conserve:
			ex(s.LHS, s.RHS)
		case *nmodl.Compartment:
			ex(s.Volume)
		case *nmodl.Watch:
			ex(s.Cond, s.Flag)
		case *nmodl.Nested:
			walkStmts(s.Body, fs, fe)
		}
	}
}

func walkExpr(e nmodl.Expr, fe func(nmodl.Expr)) {
	if e == nil {
		return
	}
	fe(e)
	switch e := e.(type) {
	case *nmodl.IndexExpr:
		walkExpr(e.Index, fe)
	case *nmodl.Call:
		for _, a := range e.Args {
			walkExpr(a, fe)
		}
	case *nmodl.Unary:
		walkExpr(e.X, fe)
	case *nmodl.Binary:
		walkExpr(e.X, fe)
		walkExpr(e.Y, fe)
	}
}

// end returns the position of the last token of e that the syntax tree
// keeps (the closing parentheses are not kept): where modlunit reports
// an error in e.
func end(e nmodl.Expr) nmodl.Pos {
	var p nmodl.Pos
	walkExpr(e, func(x nmodl.Expr) {
		var q nmodl.Pos
		switch x := x.(type) {
		case *nmodl.Num:
			q = x.Pos
		case *nmodl.Ident:
			q = x.Pos
		case *nmodl.IndexExpr:
			q = x.Pos
		case *nmodl.Call:
			q = x.Pos
		case *nmodl.StringLit:
			q = x.Pos
		default:
			return
		}
		if before(p, q) {
			p = q
		}
	})
	return p
}

// precedence of the binary operators, loosest first (the parser's).
var precedence = map[string]int{"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 3, ">": 3, "<=": 3, ">=": 3, "+": 4, "-": 4, "*": 5, "/": 5, "^": 7}

// exprString writes e as NMODL with only the parentheses it needs.
func exprString(e nmodl.Expr) string {
	var b strings.Builder
	writeExpr(&b, e, 0)
	return b.String()
}

func writeExpr(b *strings.Builder, e nmodl.Expr, outer int) {
	switch e := e.(type) {
	case *nmodl.Num:
		switch {
		case e.Paren:
			b.WriteString("(" + e.Text + ")")
		case e.Units != "":
			b.WriteString(e.Text + " (" + e.Units + ")")
		default:
			b.WriteString(e.Text)
		}
	case *nmodl.Ident:
		b.WriteString(e.Name + strings.Repeat("'", e.Primes))
	case *nmodl.IndexExpr:
		b.WriteString(e.Name + "[")
		writeExpr(b, e.Index, 0)
		b.WriteByte(']')
	case *nmodl.StringLit:
		b.WriteString(`"` + e.Text + `"`)
	case *nmodl.Call:
		b.WriteString(e.Name + "(")
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a, 0)
		}
		b.WriteByte(')')
	case *nmodl.Unary:
		if outer > 6 {
			b.WriteByte('(')
		}
		b.WriteString(e.Op)
		writeExpr(b, e.X, 6)
		if outer > 6 {
			b.WriteByte(')')
		}
	case *nmodl.Binary:
		p := precedence[e.Op]
		paren := p < outer
		if paren {
			b.WriteByte('(')
		}
		l, r := p, p+1 // left-associative
		if e.Op == "^" {
			l, r = p+1, p
		}
		writeExpr(b, e.X, l)
		if p <= 4 {
			b.WriteString(" " + e.Op + " ")
		} else {
			b.WriteString(e.Op)
		}
		writeExpr(b, e.Y, r)
		if paren {
			b.WriteByte(')')
		}
	}
}

// stmtString writes an assignment as NMODL.
func stmtString(s *nmodl.Assign) string {
	return exprString(s.LHS) + strings.Repeat("'", s.Deriv) + " = " + exprString(s.RHS)
}

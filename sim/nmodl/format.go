package nmodl

import (
	"strings"
)

// ExprString formats an expression with every operation in parentheses,
// as the parser grouped it: -a^2*b is "((-(a^2))*b)".
func ExprString(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case *Num:
		b.WriteString(e.Text)
	case *Ident:
		b.WriteString(e.Name)
		b.WriteString(strings.Repeat("'", e.Primes))
	case *IndexExpr:
		b.WriteString(e.Name)
		b.WriteByte('[')
		writeExpr(b, e.Index)
		b.WriteByte(']')
	case *Call:
		b.WriteString(e.Name)
		b.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteByte(')')
	case *Unary:
		b.WriteString("(" + e.Op)
		writeExpr(b, e.X)
		b.WriteByte(')')
	case *Binary:
		b.WriteByte('(')
		writeExpr(b, e.X)
		b.WriteString(e.Op)
		writeExpr(b, e.Y)
		b.WriteByte(')')
	case *StringLit:
		b.WriteString(`"` + e.Text + `"`)
	case nil:
		b.WriteString("<nil>")
	}
}

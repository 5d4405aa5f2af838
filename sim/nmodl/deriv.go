package nmodl

// Symbolic work for cnexp: the derivative of an expression with respect
// to a variable and the expression at that variable = 0, with only the
// simplifications nocmodl makes (0 and 1 dropped), so that the generated
// update has the form of NEURON's.

func isNum(e Expr, v float64) bool {
	n, ok := e.(*Num)
	return ok && n.Value == v
}

func num(v float64, text string) *Num { return &Num{Value: v, Text: text} }

// dependsOn reports whether e mentions the name x.
func dependsOn(e Expr, x string) bool {
	switch e := e.(type) {
	case *Ident:
		return e.Name == x
	case *IndexExpr:
		return e.Name == x || dependsOn(e.Index, x)
	case *Call:
		for _, a := range e.Args {
			if dependsOn(a, x) {
				return true
			}
		}
	case *Unary:
		return dependsOn(e.X, x)
	case *Binary:
		return dependsOn(e.X, x) || dependsOn(e.Y, x)
	}
	return false
}

// derivative returns d e / d x, or ok false when e is not differentiable
// by these rules (a call of a function of x other than exp).
func derivative(e Expr, x string) (Expr, bool) {
	if !dependsOn(e, x) {
		return num(0, "0.0"), true
	}
	switch e := e.(type) {
	case *Ident:
		return num(1, "1.0"), true
	case *Unary:
		d, ok := derivative(e.X, x)
		if !ok {
			return nil, false
		}
		if isNum(d, 0) {
			return d, true
		}
		return &Unary{Op: "-", X: d}, true
	case *Binary:
		dx, ok1 := derivative(e.X, x)
		dy, ok2 := derivative(e.Y, x)
		if !ok1 || !ok2 {
			return nil, false
		}
		switch e.Op {
		case "+", "-":
			switch {
			case isNum(dy, 0):
				return dx, true
			case isNum(dx, 0):
				if e.Op == "-" {
					return &Unary{Op: "-", X: dy}, true
				}
				return dy, true
			}
			return &Binary{Op: e.Op, X: dx, Y: dy}, true
		case "*":
			var a, b Expr
			if !isNum(dx, 0) {
				a = mul(dx, e.Y)
			}
			if !isNum(dy, 0) {
				b = mul(e.X, dy)
			}
			switch {
			case a == nil:
				return b, true
			case b == nil:
				return a, true
			}
			return &Binary{Op: "+", X: a, Y: b}, true
		case "/":
			if isNum(dy, 0) {
				return &Binary{Op: "/", X: dx, Y: e.Y}, true
			}
			num := &Binary{Op: "-", X: mul(dx, e.Y), Y: mul(e.X, dy)}
			return &Binary{Op: "/", X: num, Y: &Binary{Op: "*", X: e.Y, Y: e.Y}}, true
		}
	case *Call:
		if e.Name == "exp" && len(e.Args) == 1 {
			d, ok := derivative(e.Args[0], x)
			if !ok {
				return nil, false
			}
			return mul(e, d), true
		}
	}
	return nil, false
}

// mul is a*b without a factor 1.
func mul(a, b Expr) Expr {
	switch {
	case isNum(a, 1):
		return b
	case isNum(b, 1):
		return a
	}
	return &Binary{Op: "*", X: a, Y: b}
}

// atZero returns e with x replaced by 0, dropping the terms that vanish.
func atZero(e Expr, x string) Expr {
	if !dependsOn(e, x) {
		return e
	}
	switch e := e.(type) {
	case *Ident:
		return num(0, "0.0")
	case *Unary:
		y := atZero(e.X, x)
		if isNum(y, 0) {
			return y
		}
		return &Unary{Op: e.Op, X: y}
	case *Binary:
		a, b := atZero(e.X, x), atZero(e.Y, x)
		switch e.Op {
		case "+":
			if isNum(a, 0) {
				return b
			}
			if isNum(b, 0) {
				return a
			}
		case "-":
			if isNum(b, 0) {
				return a
			}
			if isNum(a, 0) {
				return &Unary{Op: "-", X: b}
			}
		case "*":
			if isNum(a, 0) || isNum(b, 0) {
				return num(0, "0.0")
			}
		case "/":
			if isNum(a, 0) {
				return a
			}
		}
		return &Binary{Op: e.Op, X: a, Y: b}
	case *Call:
		args := make([]Expr, len(e.Args))
		for i, a := range e.Args {
			args[i] = atZero(a, x)
		}
		return &Call{Pos: e.Pos, Name: e.Name, Args: args}
	}
	return e
}

func isNumExpr(e Expr) bool {
	_, ok := e.(*Num)
	return ok
}

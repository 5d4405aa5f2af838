package nmodl

import (
	"math"
	"strconv"
)

// foldFuncs are the pure functions constValue evaluates: the same Go
// functions the generated code would call at run time, so that folding
// changes no result.
var foldFuncs = map[string]func(...float64) float64{
	"exp":   func(a ...float64) float64 { return math.Exp(a[0]) },
	"log":   func(a ...float64) float64 { return math.Log(a[0]) },
	"log10": func(a ...float64) float64 { return math.Log10(a[0]) },
	"sqrt":  func(a ...float64) float64 { return math.Sqrt(a[0]) },
	"fabs":  func(a ...float64) float64 { return math.Abs(a[0]) },
	"pow":   func(a ...float64) float64 { return math.Pow(a[0], a[1]) },
}

var foldArity = map[string]int{"exp": 1, "log": 1, "log10": 1, "sqrt": 1, "fabs": 1, "pow": 2}

// constValue returns the value of e when it is made of numbers alone
// (arithmetic, ^ and the pure functions of foldFuncs), evaluated step by
// step in float64 as NEURON's C evaluates it (Go's compiler would
// evaluate a constant expression exactly and round once, which can
// differ in the last bit), and whether it is such an expression with a
// finite value.
func constValue(e Expr) (float64, bool) {
	var v float64
	switch e := e.(type) {
	case *Num:
		x, err := strconv.ParseFloat(e.Text, 64)
		if err != nil {
			return 0, false
		}
		v = x
	case *Unary:
		if e.Op != "-" {
			return 0, false
		}
		x, ok := constValue(e.X)
		if !ok {
			return 0, false
		}
		v = -x
	case *Binary:
		x, ok := constValue(e.X)
		if !ok {
			return 0, false
		}
		y, ok := constValue(e.Y)
		if !ok {
			return 0, false
		}
		switch e.Op {
		case "+":
			v = x + y
		case "-":
			v = x - y
		case "*":
			v = x * y
		case "/":
			v = x / y
		case "^":
			v = math.Pow(x, y)
		default:
			return 0, false
		}
	case *Call:
		f, ok := foldFuncs[e.Name]
		if !ok || len(e.Args) != foldArity[e.Name] {
			return 0, false
		}
		args := make([]float64, len(e.Args))
		for i, a := range e.Args {
			if args[i], ok = constValue(a); !ok {
				return 0, false
			}
		}
		v = f(args...)
	default:
		return 0, false
	}
	// A Go constant has no NaN, infinity or negative zero.
	if math.IsNaN(v) || math.IsInf(v, 0) || (v == 0 && math.Signbit(v)) {
		return 0, false
	}
	return v, true
}

package nmodl

import (
	"math"
	"testing"
)

// TestConstValue checks which expressions the generator replaces by
// their values: numbers alone, evaluated step by step in float64.
func TestConstValue(t *testing.T) {
	tenth, fifth := 0.1, 0.2 // variables: float64 arithmetic, not Go's exact constants
	for _, tc := range []struct {
		expr string
		want float64
		ok   bool
	}{
		{"2.3^((34 - 21)/10)", math.Pow(2.3, 13.0/10), true},
		{"pow(2.3, (34 - 21)/10)", math.Pow(2.3, 13.0/10), true},
		{"exp(-1.5)*2 + fabs(-3)", math.Exp(-1.5)*2 + 3, true},
		{"0.1 + 0.2", tenth + fifth, true}, // 0.30000000000000004, as C computes it; Go's constant would be 0.3
		{"-(5)", -5, true},
		{"log(10)/sqrt(2)", math.Log(10) / math.Sqrt(2), true},
		{"v + 1", 0, false},
		{"exp(v)", 0, false},
		{"1/0", 0, false},      // infinite: left to run time
		{"-(0)", 0, false},     // negative zero: no Go constant
		{"rates(1)", 0, false}, // a PROCEDURE or FUNCTION of the file
		{"exprelr(0)", 0, false},
		{"1 < 2", 0, false},
	} {
		src := "NEURON { SUFFIX t RANGE x }\nASSIGNED { x v }\nBREAKPOINT { x = " + tc.expr + " }\n"
		f, err := Parse("t.mod", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		var rhs Expr
		for _, b := range f.Blocks {
			if b.Kind == "BREAKPOINT" {
				rhs = b.Body[0].(*Assign).RHS
			}
		}
		got, ok := constValue(rhs)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("%s: %v %v, want %v %v", tc.expr, got, ok, tc.want, tc.ok)
		}
	}
}

package gridcells

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestVelocityToDC compares S(v) with the values SPEC.md section 7.2
// gives (scipy's BSpline of the original's spline_params.json), each
// within half a unit of the last digit SPEC.md prints.
func TestVelocityToDC(t *testing.T) {
	s, err := VelocityToDC()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-2.6355e-3", "-2.4113e-3", "-1.9284e-3", "-1.1526e-3", "-4.279e-4", "3.267e-4",
		"1.0962e-3", "2.2952e-3", "3.9929e-3", "6.0818e-3", "9.0532e-3", "1.8709e-2"}
	for v, ws := range want {
		w, _ := strconv.ParseFloat(ws, 64)
		mant, exp, _ := strings.Cut(strings.TrimPrefix(ws, "-"), "e")
		e, _ := strconv.Atoi(exp)
		tol := 0.5 * math.Pow(10, float64(e-(len(mant)-2)))
		got := s.At(float64(v))
		if math.Abs(got-w) > tol {
			t.Errorf("S(%d) = %.6g nA, want %s (tolerance %.1g)", v, got, ws, tol)
		}
	}
	// Extrapolated beyond the last knot (11.09): SPEC gives S(12) = 37.6.
	if got := s.At(12); math.Abs(got-37.6) > 0.05 {
		t.Errorf("S(12) = %g nA, want about 37.6 (extrapolated)", got)
	}
	if !math.IsNaN(s.At(math.NaN())) {
		t.Error("S(NaN) is not NaN")
	}
}

// TestBSplineLinear checks de Boor against a hand-computed degree-1
// spline (the piecewise-linear interpolant of its coefficients) and a
// constant degree-3 spline, with extrapolation.
func TestBSplineLinear(t *testing.T) {
	lin := BSpline{T: []float64{0, 0, 1, 2, 3, 3}, C: []float64{1, 3, 2, 5}, K: 1}
	for _, c := range []struct{ x, want float64 }{
		{0, 1}, {0.5, 2}, {1, 3}, {1.5, 2.5}, {2, 2}, {3, 5}, {-1, -1}, {4, 8},
	} {
		if got := lin.At(c.x); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("linear spline at %g = %g, want %g", c.x, got, c.want)
		}
	}
	cst := BSpline{T: []float64{0, 0, 0, 0, 0.5, 1, 1, 1, 1}, C: []float64{2, 2, 2, 2, 2}, K: 3}
	for _, x := range []float64{-0.5, 0, 0.25, 0.5, 0.9, 1, 2} {
		if got := cst.At(x); math.Abs(got-2) > 1e-12 {
			t.Errorf("constant spline at %g = %g, want 2", x, got)
		}
	}
	if err := (&BSpline{T: []float64{0, 1}, C: []float64{1}, K: 3}).check(); err == nil {
		t.Error("too few knots: no error")
	}
}

package hoc

import (
	"fmt"
	"testing"
)

// TestForSegXs compares the values of for (x, 0) and for (x) with NEURON
// 8.2.2's (printed with %.17g; `create s`, s.nseg = n, `s for (x, 0)
// v.append(x)`): the centres accumulate dx, so that with 5 segments the
// second and fifth are 0.30000000000000004 and 0.89999999999999991, and
// with 7 the fourth is 0.49999999999999994, not (i + 0.5)/nseg. The BBP
// templates hash the printed x into StochKv3's stream ids.
func TestForSegXs(t *testing.T) {
	for _, c := range []struct {
		nseg int
		want string // for (x, 0)
	}{
		{1, "[0.5]"},
		{3, "[0.16666666666666666 0.5 0.83333333333333326]"},
		{5, "[0.10000000000000001 0.30000000000000004 0.5 0.69999999999999996 0.89999999999999991]"},
		{7, "[0.071428571428571425 0.21428571428571427 0.3571428571428571 0.49999999999999994 0.64285714285714279 0.78571428571428559 0.92857142857142838]"},
		{9, "[0.055555555555555552 0.16666666666666666 0.27777777777777779 0.3888888888888889 0.5 0.61111111111111116 0.72222222222222232 0.83333333333333348 0.94444444444444464]"},
	} {
		got := fmtXs(forSegXs(c.nseg, false))
		if got != c.want {
			t.Errorf("nseg %d: for (x, 0) %s, NEURON %s", c.nseg, got, c.want)
		}
		// for (x): 0, the same centres, 1.
		want := "[0 " + c.want[1:len(c.want)-1] + " 1]"
		if got := fmtXs(forSegXs(c.nseg, true)); got != want {
			t.Errorf("nseg %d: for (x) %s, NEURON %s", c.nseg, got, want)
		}
	}
}

func fmtXs(xs []float64) string {
	s := "["
	for i, x := range xs {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%.17g", x)
	}
	return s + "]"
}

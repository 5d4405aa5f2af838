package random123

import (
	"math"
	"testing"
)

// TestLog checks Log's special values, its agreement with math.Log to 1
// ulp over many arguments, and correct rounding where glibc's log (and
// math.Log) do not round to nearest: the expected values are ln x
// computed to 50 digits (Python's decimal) and rounded.
func TestLog(t *testing.T) {
	for _, x := range []float64{0, -1, math.Inf(1), math.NaN(), 1} {
		got, want := Log(x), math.Log(x)
		if !(got == want || math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Log(%g) = %g, want %g", x, got, want)
		}
	}
	for _, tc := range []struct{ x, want float64 }{
		{0.7111917696952796, -0.3408131672688638},  // ln = -0.340813167268863764867...
		{0.5699993338763802, -0.5621200867921534},  // ln = -0.562120086792153472593...
		{0.18663503411537152, -1.6786002583772601}, // ln = -1.678600258377260234727...
		{math.E, 1},
		{0.5, -math.Ln2},
		{1024, 10 * math.Ln2},
	} {
		if got := Log(tc.x); got != tc.want {
			t.Errorf("Log(%.17g) = %.17g, want %.17g", tc.x, got, tc.want)
		}
	}
	s := NewStream(1, 2, 3, 0)
	for i := 0; i < 100000; i++ {
		x := math.Ldexp(s.Float64(), int(s.Uint32()%2000)-1000)
		got, want := Log(x), math.Log(x)
		if math.Abs(got-want) > math.Abs(want)*0x1p-52 {
			t.Fatalf("Log(%.17g) = %.17g, math.Log %.17g: more than 1 ulp apart", x, got, want)
		}
	}
}

package hoc

import "testing"

// TestDefineShapeTranslates checks define_shape as NEURON's
// nrn_define_shape: a child section with 3-D points is moved so that its
// first point lies at its parent's connection point (on the line from
// the parent's first to its last point), its length unchanged, and
// grandchildren follow; pt3dconst(1) keeps the points where they are.
func TestDefineShapeTranslates(t *testing.T) {
	const src = `
create a, b, c
a { pt3dadd(0, 0, 0, 2) pt3dadd(10, 0, 0, 2) }
b { pt3dadd(0, 5, 0, 1) pt3dadd(0, 15, 0, 1) }
c { pt3dadd(7, 7, 1, 1) pt3dadd(7, 9, 1, 1) }
connect b(0), a(0.3)
connect c(0), b(1)
`
	for _, tc := range []struct {
		name, extra string
		want        map[string]float64
	}{
		{"translated", "define_shape()\n", map[string]float64{"bx": 3, "by": 0, "bl": 10, "cx": 3, "cy": 10, "cz": 0, "cl": 2}},
		{"pt3dconst", "pt3dconst(1)\ndefine_shape()\n", map[string]float64{"bx": 0, "by": 5, "bl": 10, "cx": 7, "cy": 7, "cz": 1, "cl": 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := New(nil)
			if err := in.Exec("ds.hoc", src+tc.extra+"b { bx = x3d(0) by = y3d(0) bl = L }\nc { cx = x3d(0) cy = y3d(0) cz = z3d(0) cl = L }\n"); err != nil {
				t.Fatal(err)
			}
			for k, want := range tc.want {
				sym, ok := in.globals[k]
				if !ok || len(sym.nums) != 1 {
					t.Fatalf("no variable %s", k)
				}
				if got := sym.nums[0]; got != want {
					t.Errorf("%s = %g, want %g", k, got, want)
				}
			}
		})
	}
}

package sonatacommon

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/internal/nmodlref"
	"github.com/golgi-sim/golgi/sim/mech"
)

// TestAgainstNEURON runs every translated mechanism of the package under
// the voltage-clamp family and the current-clamp step of
// sim/nmodl/testdata/neuron and compares every recorded variable with
// NEURON 8.2's, at nmodlref.Tolerance.
func TestAgainstNEURON(t *testing.T) {
	nmodlref.ComparePackage(t, "NMODL_STATUS.md")
}

// TestMembraneCurrentSourceIsIClamp drives a passive compartment with
// MembraneCurrentSource (a membrane current of -amp during [del, del +
// dur)) and with NEURON's IClamp of the same amplitude and times: the
// potentials must agree (the .mod file says it is IClamp as a membrane
// current).
func TestMembraneCurrentSourceIsIClamp(t *testing.T) {
	run := func(withSource bool) []float64 {
		c := nmodlref.IClamp(0.1)
		if withSource {
			c.IClamp = nil
			m, err := mech.New("MembraneCurrentSource", 1)
			if err != nil {
				t.Fatal(err)
			}
			m.Var("amp")[0], m.Var("del")[0], m.Var("dur")[0] = 0.1, 10, 80
			if err := c.Insert(m); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.Init(); err != nil {
			t.Fatal(err)
		}
		var v []float64
		for range 4000 {
			c.Step()
			v = append(v, c.Env().V[0])
		}
		return v
	}
	a, b := run(true), run(false)
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			t.Fatalf("step %d: v = %.12g with MembraneCurrentSource, %.12g with IClamp", i+1, a[i], b[i])
		}
	}
	if a[2000] < -69 {
		t.Errorf("v = %g at 50 ms: the source did not depolarise", a[2000])
	}
}

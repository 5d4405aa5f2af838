package neocortexv5

import (
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

// TestCalciumCombination runs Ca_HVA, Ca_LVAst and CaDynamics_E2 with pas
// under a 0.3 nA step, as NEURON's calcium_combo: v, cai, eca and ica
// (total and each channel's) within nmodlref.Tolerance.
func TestCalciumCombination(t *testing.T) {
	tr, err := nmodlref.ReadTrace("calcium_combo.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	c := nmodlref.IClamp(0.3)
	for _, name := range []string{"Ca_HVA", "Ca_LVAst", "CaDynamics_E2"} {
		m, err := mech.New(name, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Insert(m); err != nil {
			t.Fatal(err)
		}
	}
	diffs, err := nmodlref.Run(tr, 0, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"v", "cai", "eca", "ica", "ica_Ca_HVA", "ica_Ca_LVAst"} {
		d, ok := diffs[col]
		if !ok {
			t.Errorf("column %s not compared (columns %v)", col, tr.Header)
			continue
		}
		if !(d.Rel <= nmodlref.Tolerance) {
			t.Errorf("%s = %.17g at t = %.3f ms, NEURON %.17g (relative %.3g)", col, d.Got, d.T, d.Want, d.Rel)
		}
		t.Logf("%s: largest difference %.3g", col, d.Rel)
	}
}

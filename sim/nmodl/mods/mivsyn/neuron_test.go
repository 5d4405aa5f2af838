package mivsyn

import (
	"testing"

	"github.com/golgi-sim/golgi/internal/nmodlref"
)

// TestAgainstNEURON runs every translated mechanism of the package under
// the voltage-clamp family and the current-clamp step of
// sim/nmodl/testdata/neuron and compares every recorded variable with
// NEURON 8.2's, at nmodlref.Tolerance.
func TestAgainstNEURON(t *testing.T) {
	nmodlref.ComparePackage(t, "NMODL_STATUS.md")
}

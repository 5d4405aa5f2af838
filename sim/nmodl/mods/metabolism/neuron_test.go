package metabolism

import (
	"testing"

	"github.com/golgi-sim/golgi/internal/nmodlref"
)

// TestAgainstNEURON runs every translated mechanism of the package under
// the voltage-clamp family and the current-clamp step of
// sim/nmodl/testdata/neuron and compares every recorded variable with
// NEURON 8.2's, at nmodlref.Tolerance.
func TestAgainstNEURON(t *testing.T) {
	entries, err := nmodlref.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	mechs, err := nmodlref.Translated("NMODL_STATUS.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mechs {
		e, ok := nmodlref.EntryOf(entries, m[0])
		if !ok || len(e.Files) == 0 {
			t.Errorf("%s: no NEURON traces for %s", m[1], m[0])
			continue
		}
		t.Run(m[1], func(t *testing.T) {
			t.Logf("largest difference %.3g", nmodlref.CompareEntry(t, e, m[1]))
		})
	}
}

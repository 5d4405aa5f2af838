package kinmod

import (
	"testing"

	"github.com/golgi-sim/golgi/internal/nmodlref"
)

// TestAgainstNEURON runs kin3 and kinca under the voltage-clamp family
// (-90 to +40 mV) and the current-clamp step of sim/nmodl/testdata/neuron
// and compares every recorded variable (v, the ion's current,
// concentration and reversal potential, each STATE and RANGE variable)
// with NEURON 8.2.2 running the same .mod files, at nmodlref.Tolerance
// (1e-6 relative).
func TestAgainstNEURON(t *testing.T) {
	entries, err := nmodlref.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"kin3", "kinca"} {
		t.Run(name, func(t *testing.T) {
			e, ok := nmodlref.EntryOf(entries, "sim/nmodl/testdata/kinetic/"+name+"_golgi.mod")
			if !ok || len(e.Files) == 0 {
				t.Fatalf("no NEURON traces of %s", name)
			}
			t.Logf("largest difference %.3g", nmodlref.CompareEntry(t, e, name))
		})
	}
}

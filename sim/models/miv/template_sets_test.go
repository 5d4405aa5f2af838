package miv

import (
	"testing"

	"github.com/golgi-sim/golgi/sim/mech"
	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/neocortexv5" // a mechanism Ca of another model, as golgi links it
)

// TestTemplateOtherModelsLinked builds PVBasketCell in a program that
// also links another model's mechanism Ca (neocortexv5, as the golgi
// command does): the template's cao_iconc_Ca = ... (a HOC variable, no
// mechanism iconc_Ca exists in MiV's sets) must not split as a variable
// of that Ca, which the cell does not insert.
func TestTemplateOtherModelsLinked(t *testing.T) {
	if len(mech.Sets("Ca")) == 0 {
		t.Fatal("neocortexv5 registers no mechanism Ca: the test tests nothing")
	}
	c := buildCase(t, "PVBC", "PVBasketCell")
	if got := len(c.Morph.Morphology.Sections); got != 5 {
		t.Errorf("%d sections, want 5", got)
	}
}

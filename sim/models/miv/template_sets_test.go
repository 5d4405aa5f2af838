package miv

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/morph"
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

// TestInterfaceTemplates builds each cell from the templates of
// 3-interface-api (which read the neurotree through Vector.from_python)
// and of 1-construction (Python arrays indexed directly) on the same
// tree: the cells must be the same (sections, types, parents, nseg,
// 3-D points, passive properties and mechanisms with their parameters
// at every segment).
func TestInterfaceTemplates(t *testing.T) {
	dir := refdata.Require(t, "miv/cases")
	for _, c := range []struct{ pop, template string }{{"PYR", "PoolosPyramidalCell"}, {"PVBC", "PVBasketCell"}, {"OLM", "OLMCell"}} {
		tr, err := ReadSWCFile(filepath.Join(dir, "1-construction", "datasets", c.pop+".swc"))
		if err != nil {
			t.Fatal(err)
		}
		var cells [2]*Cell
		for i, td := range []string{filepath.Join(dir, "1-construction", "templates"), filepath.Join(dir, "3-interface-api", "simulation", "templates")} {
			tp, err := LoadTemplate(td, c.template)
			if err != nil {
				t.Fatal(err)
			}
			if cells[i], err = tp.Build(10, tr); err != nil {
				t.Fatalf("%s: %v", td, err)
			}
		}
		a, b := cells[0].Morph, cells[1].Morph
		if !reflect.DeepEqual(a.Morphology.Sections, b.Morphology.Sections) || !reflect.DeepEqual(a.Passive, b.Passive) ||
			!reflect.DeepEqual(a.Mechanisms, b.Mechanisms) || len(a.Inserts) != len(b.Inserts) || a.VInitMV != b.VInitMV {
			t.Errorf("%s: the interface-api template builds another cell", c.template)
		}
		for i, ia := range a.Inserts {
			ib := b.Inserts[i]
			if ia.Mech != ib.Mech || !reflect.DeepEqual(ia.Params, ib.Params) || (ia.ParamsAt == nil) != (ib.ParamsAt == nil) {
				t.Fatalf("%s: insert %d: %s, %s", c.template, i, ia.Mech, ib.Mech)
			}
			if ia.ParamsAt == nil {
				continue
			}
			for _, s := range a.Morphology.Sections {
				for k := range s.Nseg {
					seg := morph.Segment{Section: s.Name, Type: s.Type, X: (float64(k) + .5) / float64(s.Nseg)}
					pa, ea := ia.ParamsAt(seg)
					pb, eb := ib.ParamsAt(seg)
					if !reflect.DeepEqual(pa, pb) || (ea == nil) != (eb == nil) {
						t.Fatalf("%s: insert %d (%s) differs at %s(%g): %v, %v", c.template, i, ia.Mech, s.Name, seg.X, pa, pb)
					}
				}
			}
		}
	}
}

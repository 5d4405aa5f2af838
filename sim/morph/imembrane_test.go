package morph_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

// TestMembraneCurrentMatchesNEURON compares the v5 cell's membrane current
// (EnableMembraneCurrent, probe "i_membrane") with NEURON 8.2.2's
// i_membrane_ under CVode.use_fast_imem(1)
// (testdata/neuron_cell_v5_imem.csv.gz, scripts/nmodl-ref/cell_ref.py
// --imem; with secondorder 0 and Crank-Nicolson's 2) at six nodes, among them the soma under an IClamp (excluded, an
// electrode) and the synapse's node (included), every second step over
// 60 ms: within 1e-9 nA plus 1e-6 of the value; and the IClamp's current
// (ElectrodeProbes) exactly. At rest everywhere, the current at t = 0 is exactly 0.
func TestMembraneCurrentMatchesNEURON(t *testing.T) {
	for _, c := range []struct {
		file        string
		secondOrder int
	}{{"testdata/neuron_cell_v5_imem.csv.gz", 0}, {"testdata/neuron_cell_v5_imem_so2.csv.gz", 2}} {
		t.Run(fmt.Sprintf("secondorder%d", c.secondOrder), func(t *testing.T) {
			membraneCurrentMatchesNEURON(t, c.file, c.secondOrder)
		})
	}
}

func membraneCurrentMatchesNEURON(t *testing.T, file string, secondOrder int) {
	header, rows := readNeuronCSV(t, file)
	g, err := morph.NewCellGroup([]*morph.Cell{cellV5(1)}, 0.025, 34)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.SetSecondOrder(secondOrder); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Probe(0, morph.At("soma", 0.5), "i_membrane"); err == nil {
		t.Error("i_membrane before EnableMembraneCurrent: no error")
	}
	g.EnableMembraneCurrent()
	syn, err := g.PointProcess(0, "syn")
	if err != nil {
		t.Fatal(err)
	}
	for _, te := range cellV5EventsMs {
		if err := g.Send(syn, te, cellV5Weight); err != nil {
			t.Fatal(err)
		}
	}
	probe := func(sec string, x float64) morph.Probe {
		p, err := g.Probe(0, morph.At(sec, x), "i_membrane")
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	probes := map[string]morph.Probe{
		"imem_soma": probe("soma", .5), "imem_axon": probe("axon", .5), "imem_apic09": probe("apic", .9),
		"imem_tuft": probe("tuft", .5), "imem_dend": probe("dend", .5), "imem_syn": probe("apic", .5),
	}
	ic, err := g.ElectrodeProbes(0, morph.At("soma", .5), "IClamp")
	if err != nil || len(ic) != 1 {
		t.Fatalf("IClamp probes at the soma: %d, %v", len(ic), err)
	}
	if none, err := g.ElectrodeProbes(0, morph.At("dend", .5), "IClamp"); err != nil || len(none) != 0 {
		t.Errorf("IClamp probes at dend(0.5): %d, %v; want none", len(none), err)
	}
	probes["i_iclamp"] = ic[0]
	worst := map[string]float64{}
	step := 0
	for r, row := range rows {
		for step < 2*r {
			g.Step(nil)
			step++
		}
		if d := math.Abs(g.T() - row[0]); d > 1e-9 {
			t.Fatalf("row %d: t = %g, NEURON %g", r, g.T(), row[0])
		}
		for c, name := range header[1:] {
			p, ok := probes[name]
			if !ok {
				continue
			}
			got, want := p.Value(), row[c+1]
			if name == "i_iclamp" && got != want {
				t.Errorf("t = %g: IClamp current %g nA, NEURON %g", row[0], got, want)
			}
			if r == 0 && got != 0 {
				t.Errorf("%s at t = 0: %g nA, want exactly 0 at rest", name, got)
			}
			d := math.Abs(got-want) / (1e-9 + 1e-6*math.Abs(want))
			if d > worst[name] || math.IsNaN(d) {
				worst[name] = d
			}
		}
	}
	for name := range probes {
		t.Logf("%s: worst error %.3g of the tolerance (1e-9 nA + 1e-6 relative)", name, worst[name])
		if !(worst[name] <= 1) {
			t.Errorf("%s: error %.3g times the tolerance", name, worst[name])
		}
	}
}

// TestNodeAreaUm2 checks the area of a 20 um soma's single node (pi d L)
// and the zero area of a section's end.
func TestNodeAreaUm2(t *testing.T) {
	g, err := morph.NewCellGroup([]*morph.Cell{cellV5(1)}, 0.025, 34)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   morph.Location
		want float64
	}{{morph.At("soma", .5), math.Pi * 20 * 20}, {morph.At("tuft", 1), 0}} {
		got, err := g.NodeAreaUm2(0, c.at)
		if err != nil || math.Abs(got-c.want) > 1e-9*c.want {
			t.Errorf("area at %v = %g um2, %v; want %g", c.at, got, err, c.want)
		}
	}
}

// TestMembraneSource runs the v5 cell twice, its IClamp an electrode and a
// membrane source (IClamp.Membrane): the potentials are the same bits,
// and the soma's membrane current of the second is the first's minus the
// clamp's current, which ElectrodeProbes finds under
// MembraneCurrentSource and not under IClamp.
func TestMembraneSource(t *testing.T) {
	electrode, source := cellV5(1), cellV5(1)
	source.Clamps = append([]morph.IClamp(nil), source.Clamps...)
	for i := range source.Clamps {
		source.Clamps[i].Membrane = true
	}
	var gs [2]*morph.CellGroup
	var im [2]morph.Probe
	var vs [2]morph.Probe
	for k, c := range []*morph.Cell{electrode, source} {
		g, err := morph.NewCellGroup([]*morph.Cell{c}, 0.025, 34)
		if err != nil {
			t.Fatal(err)
		}
		g.EnableMembraneCurrent()
		gs[k] = g
		if im[k], err = g.Probe(0, morph.At("soma", .5), "i_membrane"); err != nil {
			t.Fatal(err)
		}
		if vs[k], err = g.Probe(0, morph.At("soma", .5), "v"); err != nil {
			t.Fatal(err)
		}
	}
	ic, _ := gs[0].ElectrodeProbes(0, morph.At("soma", .5), "IClamp")
	src, _ := gs[1].ElectrodeProbes(0, morph.At("soma", .5), "MembraneCurrentSource")
	none, _ := gs[1].ElectrodeProbes(0, morph.At("soma", .5), "IClamp")
	if len(ic) != 1 || len(src) != 1 || len(none) != 0 {
		t.Fatalf("clamp probes: %d electrodes, %d sources, %d electrodes in the source cell", len(ic), len(src), len(none))
	}
	worst := 0.0
	for step := 0; step < 2400; step++ {
		gs[0].Step(nil)
		gs[1].Step(nil)
		if vs[0].Value() != vs[1].Value() {
			t.Fatalf("t = %g: v %g and %g", gs[0].T(), vs[0].Value(), vs[1].Value())
		}
		worst = math.Max(worst, math.Abs(im[1].Value()-(im[0].Value()-ic[0].Value())))
	}
	t.Logf("soma: |i_membrane(source) - (i_membrane(electrode) - i_clamp)| up to %.3g nA", worst)
	if !(worst < 1e-12) {
		t.Errorf("membrane source: i_membrane differs from the electrode's minus the clamp by %g nA", worst)
	}
}

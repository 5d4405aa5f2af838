package morph_test

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

// TestCellGroupSecondOrder steps the passive sealed-end cable of cableRun
// (pas as an NMODL mechanism, a 0.1 nA step into its 0 end) on a
// CellGroup with secondorder 0 and 1 and compares with Population's
// backward Euler and Crank-Nicolson, which TestCrankNicolsonOrder checks
// against the analytic cable; secondorder 2 equals 1 for a cell without
// concentration mechanisms; other values are errors.
func TestCellGroupSecondOrder(t *testing.T) {
	const nseg, dt = 20, 0.05
	ts := make([]float64, 100)
	for i := range ts {
		ts[i] = float64(i+1) * 0.2
	}
	for _, so := range []int{0, 1, 2} {
		v0, vMid := cableRun(t, nseg, so > 0, dt, ts)
		m := &morph.Morphology{}
		m.AddCylinder("cable", morph.Basal, -1, 0, 1000, 2)
		m.Sections[0].Nseg = nseg
		c := &morph.Cell{Morphology: m, RaOhmCm: 100, CmUFcm2: 1, VInitMV: -65,
			Inserts: []morph.Insert{{Mech: "pas", Params: map[string]float64{"g": 1e-4, "e": -65}}},
			Clamps:  []morph.IClamp{{At: morph.At("cable", 0), DelMs: 0, DurMs: 1e9, AmpNA: 0.1}}}
		g, err := morph.NewCellGroup([]*morph.Cell{c}, dt, 6.3)
		if err != nil {
			t.Fatal(err)
		}
		if err := g.SetSecondOrder(so); err != nil {
			t.Fatal(err)
		}
		if g.SecondOrder() != so {
			t.Fatalf("SecondOrder() = %d, want %d", g.SecondOrder(), so)
		}
		if err := g.Init(); err != nil {
			t.Fatal(err)
		}
		first, _ := g.Probe(0, morph.At("cable", 0.5/nseg), "v")
		mid, _ := g.Probe(0, morph.At("cable", 0.5), "v")
		worst, next := 0., 0
		for n := 0; next < len(ts); n++ {
			g.Step(nil)
			if math.Abs(float64(n+1)*dt-ts[next]) < dt/2 {
				worst = max(worst, math.Abs(first.Value()+65-v0[next]), math.Abs(mid.Value()+65-vMid[next]))
				next++
			}
		}
		t.Logf("secondorder %d: within %.3g mV of Population over %d samples (v at x = 0.5 after 20 ms: %.6f mV)", so, worst, next, mid.Value())
		if worst > 1e-9 || next != len(ts) {
			t.Errorf("secondorder %d: CellGroup differs from Population by %.3g mV", so, worst)
		}
	}
	g, err := morph.NewCellGroup(nil, 0.025, 6.3)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []int{-1, 3} {
		if err := g.SetSecondOrder(bad); err == nil {
			t.Errorf("SetSecondOrder(%d): no error", bad)
		}
	}
}

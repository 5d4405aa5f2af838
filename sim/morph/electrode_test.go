package morph_test

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/morph"
)

// stepClamp is a native point process injecting AmpNA into the cell for
// DelMs <= t < DelMs + DurMs as NEURON's IClamp does (nA into the cell,
// added as the outward current −i over the node's area, slope 0);
// stepElectrode is the same declared a mech.Electrode.
type stepClamp struct {
	n                   int
	delMs, durMs, ampNA float64
}

type stepElectrode struct{ stepClamp }

func (stepElectrode) ElectrodeCurrent() {}

func (m *stepClamp) Name() string                           { return "StepClampTest" }
func (m *stepClamp) Kind() mech.Kind                        { return mech.PointProcess }
func (m *stepClamp) Ions() []mech.IonUse                    { return nil }
func (m *stepClamp) Len() int                               { return m.n }
func (m *stepClamp) Init(*mech.Env)                         {}
func (m *stepClamp) State(*mech.Env)                        {}
func (m *stepClamp) Var(string) []float64                   { return nil }
func (m *stepClamp) Vars() []string                         { return nil }
func (m *stepClamp) SetGlobal(name string, _ float64) error { return mech.ErrNoGlobal(m.Name(), name) }
func (m *stepClamp) Current(e *mech.Env) {
	for k := range m.n {
		if e.T < m.delMs+m.durMs && e.T >= m.delMs {
			e.I[k] -= m.ampNA * 1e2 / e.Area[k]
		}
	}
}

func init() {
	mech.MustRegisterSet("morphelectrodetest", "StepClampTest", func(n int) mech.Mechanism {
		return &stepClamp{n: n, delMs: 20, durMs: 150, ampNA: 0.35}
	})
	mech.MustRegisterSet("morphelectrodetest", "StepElectrodeTest", func(n int) mech.Mechanism {
		return &stepElectrode{stepClamp{n: n, delMs: 20, durMs: 150, ampNA: 0.35}}
	})
}

// TestElectrodeMechanism runs the v5 cell with its IClamp (an electrode,
// 0.35 nA from 20 ms for 150 ms at the soma) and with the same current
// from a mechanism declared mech.Electrode instead: the soma v and
// i_membrane are the same bits at each of 2400 steps (the mechanism's
// current added where the clamp's is, after the other mechanisms',
// left out of the membrane current). The same mechanism not declared an
// electrode moves v alike but is in i_membrane: the soma's differs by
// the clamp's 0.35 nA.
func TestElectrodeMechanism(t *testing.T) {
	clamp, elec, memb := cellV5(1), cellV5(1), cellV5(1)
	for _, c := range []struct {
		cell *morph.Cell
		mech string
	}{{elec, "StepElectrodeTest"}, {memb, "StepClampTest"}} {
		c.cell.Clamps = nil
		c.cell.PointProcesses = append(append([]morph.PointProcess(nil), c.cell.PointProcesses...),
			morph.PointProcess{Name: "step", Mech: c.mech, At: morph.At("soma", .5)})
	}
	var im, vs [3]morph.Probe
	var gs [3]*morph.CellGroup
	for k, c := range []*morph.Cell{clamp, elec, memb} {
		g, err := morph.NewCellGroup([]*morph.Cell{c}, 0.025, 34)
		if err != nil {
			t.Fatal(err)
		}
		g.EnableMembraneCurrent()
		if err := g.Init(); err != nil {
			t.Fatal(err)
		}
		gs[k] = g
		if im[k], err = g.Probe(0, morph.At("soma", .5), "i_membrane"); err != nil {
			t.Fatal(err)
		}
		if vs[k], err = g.Probe(0, morph.At("soma", .5), "v"); err != nil {
			t.Fatal(err)
		}
	}
	worstV, worstI := 0., 0.
	for step := 0; step < 2400; step++ {
		for _, g := range gs {
			g.Step(nil)
		}
		if vs[0].Value() != vs[1].Value() || im[0].Value() != im[1].Value() {
			t.Fatalf("t = %g: clamp v %.17g i_membrane %.17g, electrode mechanism %.17g, %.17g", gs[0].T(), vs[0].Value(), im[0].Value(), vs[1].Value(), im[1].Value())
		}
		worstV = math.Max(worstV, math.Abs(vs[2].Value()-vs[0].Value()))
		if tt := gs[0].T(); tt > 20.5 && tt < 169.5 {
			worstI = math.Max(worstI, math.Abs(im[2].Value()-(im[0].Value()-0.35)))
		}
	}
	t.Logf("not an electrode: v within %.3g mV, i_membrane = the clamp's - 0.35 nA within %.3g nA", worstV, worstI)
	if !(worstV < 1e-6) || !(worstI < 1e-6) {
		t.Errorf("the mechanism not declared an electrode: v differs by %g mV, i_membrane by %g nA from the clamp's minus 0.35 nA", worstV, worstI)
	}
}

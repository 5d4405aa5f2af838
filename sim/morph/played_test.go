package morph_test

import (
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

// TestTableAt checks Vector.play's continuous interpolation: linear
// between points, the value after a jump at the jump's time, the ends
// held.
func TestTableAt(t *testing.T) {
	p := &morph.Table{T: []float64{0, 0, 10, 10, 20}, Y: []float64{0, 1, 3, 0, 1}}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ t, want float64 }{
		{-1, 0}, {0, 1}, {5, 2}, {10, 0}, {15, 0.5}, {20, 1}, {30, 1},
	} {
		if got := p.At(c.t); got != c.want {
			t.Errorf("At(%g) = %g, want %g", c.t, got, c.want)
		}
	}
	if err := (&morph.Table{T: []float64{1, 0}, Y: []float64{0, 0}}).Check(); err == nil {
		t.Error("decreasing times accepted")
	}
}

// TestPlayedClamps checks that a played constant gives the bits of the
// plain clamp: an IClamp's amplitude, an SEClamp's series resistance.
func TestPlayedClamps(t *testing.T) {
	run := func(c *morph.Cell) []float64 {
		g, err := morph.NewCellGroup([]*morph.Cell{c}, 0.025, 34)
		if err != nil {
			t.Fatal(err)
		}
		p, err := g.Probe(0, morph.At("soma", 0.5), "v")
		if err != nil {
			t.Fatal(err)
		}
		var out []float64
		for range 1200 {
			g.Step(nil)
			out = append(out, p.Value())
		}
		return out
	}
	same := func(what string, a, b []float64) {
		t.Helper()
		for k := range a {
			if a[k] != b[k] {
				t.Fatalf("%s: step %d: %.17g played, %.17g plain", what, k, b[k], a[k])
			}
		}
	}
	c := cellV5(1)
	c.Clamps = []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 5, DurMs: 20, AmpNA: 0.4}}
	plain := run(c)
	c = cellV5(1)
	c.Clamps = []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 5, DurMs: 20,
		Play: &morph.Table{T: []float64{0, 5, 5, 25, 25}, Y: []float64{0, 0, 0.4, 0.4, 0}}}}
	same("IClamp", plain, run(c))

	c = cellV5(1)
	c.VClamps = []morph.SEClamp{{At: morph.At("soma", 0.5), RsMOhm: 50, Dur: [3]float64{20}, Amp: [3]float64{-50}}}
	plain = run(c)
	c = cellV5(1)
	c.VClamps = []morph.SEClamp{{At: morph.At("soma", 0.5), RsMOhm: 1, Dur: [3]float64{20}, Amp: [3]float64{-50},
		RsPlay: &morph.Table{T: []float64{0, 20}, Y: []float64{50, 50}}}}
	same("SEClamp", plain, run(c))
}

// TestLinkVar couples two cells by gap junctions (sonatacommon's Gap,
// vgap linked to the other cell's soma): the currents are opposite,
// (v - vgap) g 1e-3 with the potentials of the step's start, and a
// current injected into one cell depolarises the other.
func TestLinkVar(t *testing.T) {
	mk := func(clamp bool) *morph.Cell {
		c := cellV5(1)
		c.MechanismSets = []string{"sonatacommon"}
		c.PointProcesses = append(c.PointProcesses, morph.PointProcess{Name: "gap", Mech: "Gap", At: morph.At("soma", 0.5),
			Params: map[string]float64{"g": 5}})
		if clamp {
			c.Clamps = []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 1, DurMs: 50, AmpNA: 0.5}}
		}
		return c
	}
	run := func(link bool) (va, vb []float64, ia, ib []float64) {
		g, err := morph.NewCellGroup([]*morph.Cell{mk(true), mk(false)}, 0.025, 34)
		if err != nil {
			t.Fatal(err)
		}
		var refs [2]morph.PointRef
		for ci := range refs {
			if refs[ci], err = g.PointProcess(ci, "gap"); err != nil {
				t.Fatal(err)
			}
		}
		if link {
			for ci := range refs {
				if err := g.LinkVar(refs[ci], "vgap", 1-ci, morph.At("soma", 0.5)); err != nil {
					t.Fatal(err)
				}
			}
		} else {
			for ci := range refs {
				m, k := g.Mechanism(refs[ci])
				m.Var("g")[k] = 0
			}
		}
		if err := g.Init(); err != nil {
			t.Fatal(err)
		}
		pa, _ := g.Probe(0, morph.At("soma", 0.5), "v")
		pb, _ := g.Probe(1, morph.At("soma", 0.5), "v")
		ma, ka := g.Mechanism(refs[0])
		mb, kb := g.Mechanism(refs[1])
		for range 400 {
			g.Step(nil)
			va, vb = append(va, pa.Value()), append(vb, pb.Value())
			ia, ib = append(ia, ma.Var("i")[ka]), append(ib, mb.Var("i")[kb])
		}
		return
	}
	va, vb, ia, ib := run(true)
	_, vb0, _, _ := run(false)
	for s := 1; s < len(va); s++ {
		if ia[s] != -ib[s] {
			t.Fatalf("step %d: gap currents %g and %g, want opposite", s, ia[s], ib[s])
		}
		if want := (va[s-1] - vb[s-1]) * 5e-3; ia[s] != want {
			t.Fatalf("step %d: gap current %g, want (v - vgap) g 1e-3 = %g", s, ia[s], want)
		}
	}
	if !(vb[len(vb)-1] > vb0[len(vb0)-1]+1) {
		t.Errorf("coupled cell at %g mV, uncoupled %g mV: no depolarisation through the junction", vb[len(vb)-1], vb0[len(vb0)-1])
	}
}

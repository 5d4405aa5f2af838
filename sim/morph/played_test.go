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

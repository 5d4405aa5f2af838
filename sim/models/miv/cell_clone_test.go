package miv

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

// TestCloneRunsAlike checks that a clone runs bit for bit as the cell it
// was cloned from, and that changing the clone (its position, its point
// processes) leaves the original alone.
func TestCloneRunsAlike(t *testing.T) {
	c := buildCase(t, "OLM", "OLMCell")
	d := c.Clone(11)
	if d.Gid != 11 || d.Morph.Name == c.Morph.Name {
		t.Errorf("clone gid %d name %q", d.Gid, d.Morph.Name)
	}
	soma := morph.At("sections[0]", 0.5)
	for _, x := range []*Cell{c, d} {
		x.Morph.VInitMV = -65
		x.Morph.Clamps = append(x.Morph.Clamps, morph.IClamp{At: soma, DelMs: 5, DurMs: 40, AmpNA: 0.25})
	}
	g, err := morph.NewCellGroup([]*morph.Cell{c.Morph, d.Morph}, 0.025, c.CelsiusDegC)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Init(); err != nil {
		t.Fatal(err)
	}
	v0, _ := g.Probe(0, soma, "v")
	v1, err := g.Probe(1, soma, "v")
	if err != nil {
		t.Fatal(err)
	}
	spikes := [2]int{}
	var out []int
	for range 2000 {
		for _, ci := range g.Step(out[:0]) {
			spikes[ci]++
		}
		if v0.Value() != v1.Value() {
			t.Fatalf("t = %g ms: clone at %.17g mV, original %.17g", g.T(), v1.Value(), v0.Value())
		}
	}
	if spikes[0] == 0 || spikes[0] != spikes[1] {
		t.Errorf("spikes %v, want equal and some", spikes)
	}

	p := c.Morph.Morphology.Sections[3].Points[0]
	if err := d.MoveTo(100, 200, 300); err != nil {
		t.Fatal(err)
	}
	d.Morph.PointProcesses = append(d.Morph.PointProcesses, morph.PointProcess{Name: "syn", Mech: LinExp2Syn, At: soma})
	if c.Morph.Morphology.Sections[3].Points[0] != p || len(c.Morph.PointProcesses) != 0 {
		t.Errorf("changing the clone changed the original")
	}
	if q := d.Morph.Morphology.Sections[0].Points[0]; q != (morph.Point{X: 100, Y: 200, Z: 300, D: q.D}) {
		t.Errorf("first soma point at %+v, want (100, 200, 300)", q)
	}
	for i := range c.Morph.Morphology.Sections {
		a, b := c.Morph.Morphology.Length(i), d.Morph.Morphology.Length(i)
		if math.Abs(a-b) > 1e-5*a {
			t.Errorf("sections[%d]: length %g after MoveTo, %g before", i, b, a)
		}
	}
}

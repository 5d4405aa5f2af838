package morph

import (
	"math"
	"strings"
	"testing"
)

// TestSegDiamNEURON compares the areas and axial resistances of a
// cylinder with a diameter per segment with NEURON 8.2.2:
//
//	s = h.Section(name='s'); s.L = 30; s.nseg = 5; s.Ra = 100
//	for seg, d in zip(s, [1, .9, .8, .7, .6]): seg.diam = d
//	[seg.area() for seg in s], [seg.ri() for seg in s]
func TestSegDiamNEURON(t *testing.T) {
	m := &Morphology{Name: "segdiam"}
	m.Add(Section{Name: "s", Type: Axon, Parent: -1, L: 30, Diam: 0.8, Nseg: 5, SegDiamUm: []float64{1, .9, .8, .7, .6}})
	c := &Cell{Name: "segdiam", Morphology: m, RaOhmCm: 100}
	cp, err := c.Compartments()
	if err != nil {
		t.Fatal(err)
	}
	wantArea := []float64{18.849555921538759, 16.964600329384883, 15.079644737231007, 13.194689145077131, 11.309733552923255}
	wantRi := []float64{3.8197186342054885, 8.5354206517431273, 10.684012383483715, 13.763654517385849, 18.405673690899462}
	for j, k := range cp.Section(0)[:5] {
		nd := cp.Nodes[k]
		if d := math.Abs(nd.AreaUm2-wantArea[j]) / wantArea[j]; d > 1e-15 {
			t.Errorf("segment %d: area %.17g um2, NEURON %.17g", j, nd.AreaUm2, wantArea[j])
		}
		if d := math.Abs(1/nd.RinvUS-wantRi[j]) / wantRi[j]; d > 1e-15 {
			t.Errorf("segment %d: ri %.17g MOhm, NEURON %.17g", j, 1/nd.RinvUS, wantRi[j])
		}
	}
}

func TestSegDiamErrors(t *testing.T) {
	for _, tc := range []struct {
		sec  Section
		want string
	}{
		{Section{Name: "a", Parent: -1, L: 10, Diam: 1, Nseg: 3, SegDiamUm: []float64{1, 1}}, "2 SegDiamUm for Nseg = 3"},
		{Section{Name: "a", Parent: -1, L: 10, Diam: 1, Nseg: 2, SegDiamUm: []float64{1, 0}}, "SegDiamUm[1] = 0"},
		{Section{Name: "a", Parent: -1, Points: []Point{{0, 0, 0, 1}, {1, 0, 0, 1}}, Nseg: 1, SegDiamUm: []float64{1}}, "both 3-D points and SegDiamUm"},
	} {
		m := &Morphology{Sections: []Section{tc.sec}}
		err := m.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate: %v, want an error containing %q", err, tc.want)
		}
	}
}

package morph_test

import (
	"math"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// TestPassiveByDistance gives a ball-and-stick cell (soma 20 x 20 um,
// dendrite 400 x 2 um in 4 segments, origin at the soma's centre) a
// capacitance cm = 1 + d/100 uF/cm2 and a resistivity Ra = 100 + d/2 ohm
// cm on the dendrite, d the distance from the origin: the segment centres
// are 60, 160, 260 and 360 um away, so cm is 1.6, 2.6, 3.6, 4.6 and Ra 130,
// 180, 230, 280. Each half segment (50 um of 2 um diameter) has resistance
// 1e-2 Ra 50/(pi 2^2/4) = Ra/(2 pi) MOhm; the conductance of each node to
// its parent is the inverse of the two half segments between them (the
// first segment's to the soma's 1 end: its left half only; the dendrite's
// end node: the last right half). Relative tolerance 1e-13.
func TestPassiveByDistance(t *testing.T) {
	m := morph.BallAndStick(20, 400, 2)
	m.Sections[1].Nseg = 4
	c := &morph.Cell{Morphology: m, RaOhmCm: 35.4, CmUFcm2: 1, VInitMV: -65,
		Passive: []morph.Passive{{Where: morph.Region(morph.Basal),
			Cm: func(s morph.Segment) float64 { return 1 + s.DistUm/100 },
			Ra: func(s morph.Segment) float64 { return 100 + s.DistUm/2 }}}}
	cp, err := c.Compartments()
	if err != nil {
		t.Fatal(err)
	}
	near := func(a, b float64) bool { return math.Abs(a/b-1) <= 1e-13 }
	ra := []float64{130, 180, 230, 280}
	half := func(r float64) float64 { return r / (2 * math.Pi) }
	for j, x := range []float64{0.125, 0.375, 0.625, 0.875} {
		i, _ := cp.Node(morph.At("dend", x))
		nd := cp.Nodes[i]
		wantCm := 1.6 + float64(j)
		wantR := half(ra[j])
		if j > 0 {
			wantR += half(ra[j-1])
		}
		t.Logf("dend(%g): %g um, cm %g, Ra %g, 1/rinv %.6f MOhm (hand %.6f)", x, nd.DistUm, nd.CmUFcm2, nd.RaOhmCm, 1/nd.RinvUS, wantR)
		if !near(nd.DistUm, 60+100*float64(j)) || !near(nd.CmUFcm2, wantCm) || !near(nd.RaOhmCm, ra[j]) || !near(1/nd.RinvUS, wantR) {
			t.Errorf("dend(%g): distance %g um, cm %g, Ra %g, 1/rinv %g MOhm; want %g, %g, %g, %g",
				x, nd.DistUm, nd.CmUFcm2, nd.RaOhmCm, 1/nd.RinvUS, 60+100*float64(j), wantCm, ra[j], wantR)
		}
	}
	end, _ := cp.Node(morph.At("dend", 1))
	if r := 1 / cp.Nodes[end].RinvUS; !near(r, half(280)) {
		t.Errorf("end node: 1/rinv %g MOhm, want %g", r, half(280))
	}
	// The soma keeps the cell's constants.
	soma, _ := cp.Node(morph.At("soma", 0.5))
	if nd := cp.Nodes[soma]; nd.CmUFcm2 != 1 || nd.RaOhmCm != 35.4 {
		t.Errorf("soma: cm %g, Ra %g; want 1, 35.4", nd.CmUFcm2, nd.RaOhmCm)
	}
	if cp.CmUFcm2(1) != 3.1 || cp.RaOhmCm(1) != 205 {
		t.Errorf("section values %g, %g; want those at the centre (210 um): 3.1, 205", cp.CmUFcm2(1), cp.RaOhmCm(1))
	}
}

// TestPassiveFunctionMatchesConstant: constant functions give the same
// compartments (nseg by d_lambda included) and the same trace as the
// constants, and a second Passive overrides the first.
func TestPassiveFunctionMatchesConstant(t *testing.T) {
	pas, _ := channels.NewLeak("pas", 1e-4, -65)
	build := func(p []morph.Passive) *morph.Cell {
		m := morph.BallAndStick(20, 800, 1)
		return &morph.Cell{Morphology: m, VInitMV: -65, Passive: p,
			Discretization: morph.Discretization{DLambda: 0.1},
			Mechanisms:     []morph.Mechanism{{Name: "pas", Channels: morph.Uniform(pas)}},
			Clamps:         []morph.IClamp{{At: morph.At("dend", 1), DelMs: 1, DurMs: 5, AmpNA: 0.05}}}
	}
	a := build([]morph.Passive{{Where: morph.Everywhere, CmUFcm2: 0.9, RaOhmCm: 150}})
	b := build([]morph.Passive{{Where: morph.Everywhere, CmUFcm2: 5, RaOhmCm: 10},
		{Where: morph.Everywhere, Cm: func(morph.Segment) float64 { return 0.9 }, Ra: func(morph.Segment) float64 { return 150 }}})
	pa, err := morph.NewPopulation(a, 1)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := morph.NewPopulation(b, 1)
	if err != nil {
		t.Fatal(err)
	}
	if na, nb := pa.Compartments().Nseg[1], pb.Compartments().Nseg[1]; na != nb || na < 3 {
		t.Fatalf("d_lambda: %d and %d segments", na, nb)
	}
	var s []int
	worst := 0.
	for n := 0; n < 400; n++ {
		s = pa.Step(0, 1, float64(n)*0.025, 0.025, morph.Input{}, s[:0])
		s = pb.Step(0, 1, float64(n)*0.025, 0.025, morph.Input{}, s[:0])
		for i := 0; i < pa.Nodes(); i++ {
			worst = math.Max(worst, math.Abs(pa.V(i, 0)-pb.V(i, 0)))
		}
	}
	t.Logf("%d segments; largest difference %.2g mV", pa.Compartments().Nseg[1], worst)
	if worst > 1e-12 {
		t.Errorf("functions and constants differ by %g mV", worst)
	}
}

// TestPassiveFunctionErrors: a function giving a non-positive value, and a
// constant given with a function, are errors naming the segment.
func TestPassiveFunctionErrors(t *testing.T) {
	for _, tc := range []struct {
		p    morph.Passive
		want string
	}{
		{morph.Passive{Where: morph.Region(morph.Basal), Cm: func(s morph.Segment) float64 { return 1 - s.DistUm/100 }},
			"Passive[0]: Cm in dend(0.5) (110 um from the origin) = -0.1"},
		{morph.Passive{Where: morph.Region(morph.Basal), Ra: func(s morph.Segment) float64 { return math.NaN() }},
			"Passive[0]: Ra in dend(0.5) (110 um from the origin) = NaN"},
		{morph.Passive{Where: morph.Everywhere, CmUFcm2: 1, Cm: func(morph.Segment) float64 { return 1 }}, "not both"},
	} {
		m := morph.BallAndStick(20, 200, 2)
		m.Sections[1].Nseg = 5
		_, err := (&morph.Cell{Morphology: m, Passive: []morph.Passive{tc.p}}).Compartments()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one containing %q", err, tc.want)
		}
	}
}

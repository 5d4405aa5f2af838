package miv

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/lfp"
	"github.com/golgi-sim/golgi/sim/morph"
)

// TestCellLFP records the extracellular potential of a PVBC cell firing
// under a 0.5 nA step (sim/lfp.Recorder on the cell's membrane current)
// at two electrodes and checks it against physics and an independent
// sum:
//   - far away (1 cm) the cell is a point source of the current its
//     electrode injects, which its membrane returns (Kirchhoff):
//     0.01 rho I / (4 pi r), within the cell's size over r;
//   - near the soma (30 um), the potential equals the sum over segments
//     of lfp.Coefficient times the probed current, written here
//     independently of the Recorder (1e-12 relative);
//   - at t = 0, at rest, it is exactly zero, and near the soma the
//     spikes move it by more than 1e-3 mV (0.086 mV).
func TestCellLFP(t *testing.T) {
	c := buildCase(t, "PVBC", "PVBasketCell")
	cell := c.Morph
	cell.VInitMV = -65
	soma := morph.At(cell.Morphology.Sections[0].Name, 0.5)
	const ampNA = 0.5
	cell.Clamps = []morph.IClamp{{At: soma, DelMs: 5, DurMs: 100, AmpNA: ampNA}}
	g, err := morph.NewCellGroup([]*morph.Cell{cell}, 0.025, c.CelsiusDegC)
	if err != nil {
		t.Fatal(err)
	}
	g.EnableMembraneCurrent()
	m := cell.Morphology
	s0 := m.Sections[0].Points[0]
	const rho = 333.0
	far := lfp.Electrode{PosUm: [3]float64{s0.X + 1e4, s0.Y, s0.Z}, RhoOhmCm: rho}
	near := lfp.Electrode{PosUm: [3]float64{s0.X, s0.Y + 30, s0.Z}, RhoOhmCm: rho}
	cells := []lfp.RecordedCell{{Group: g, Cell: 0, Morph: m}}
	farRec, err := lfp.NewRecorder(cells, far)
	if err != nil {
		t.Fatal(err)
	}
	nearRec, err := lfp.NewRecorder(cells, near)
	if err != nil {
		t.Fatal(err)
	}
	// The independent sum: every segment's ends by arc length along its
	// 3-D points, its coefficient and its probed current.
	type term struct {
		k float64
		p morph.Probe
	}
	var terms []term
	extent := 0.0
	for _, s := range m.Sections {
		arc := []float64{0}
		for i := 1; i < len(s.Points); i++ {
			a, b := s.Points[i-1], s.Points[i]
			arc = append(arc, arc[i-1]+math.Sqrt((b.X-a.X)*(b.X-a.X)+(b.Y-a.Y)*(b.Y-a.Y)+(b.Z-a.Z)*(b.Z-a.Z)))
		}
		at := func(x float64) ([3]float64, float64) {
			l := x * arc[len(arc)-1]
			for i := 1; i < len(arc); i++ {
				if arc[i] >= l || i == len(arc)-1 {
					f := 0.0
					if arc[i] > arc[i-1] {
						f = (l - arc[i-1]) / (arc[i] - arc[i-1])
					}
					a, b := s.Points[i-1], s.Points[i]
					return [3]float64{a.X + f*(b.X-a.X), a.Y + f*(b.Y-a.Y), a.Z + f*(b.Z-a.Z)}, a.D + f*(b.D-a.D)
				}
			}
			panic("unreachable")
		}
		for j := range s.Nseg {
			x0, x1 := float64(j)/float64(s.Nseg), float64(j+1)/float64(s.Nseg)
			a, _ := at(x0)
			b, _ := at(x1)
			_, d := at((x0 + x1) / 2)
			k, err := lfp.Coefficient(a, b, d, near)
			if err != nil {
				t.Fatal(err)
			}
			p, err := g.Probe(0, morph.At(s.Name, (x0+x1)/2), "i_membrane")
			if err != nil {
				t.Fatal(err)
			}
			terms = append(terms, term{k, p})
			for _, q := range [][3]float64{a, b} {
				extent = math.Max(extent, math.Hypot(math.Hypot(q[0]-s0.X, q[1]-s0.Y), q[2]-s0.Z))
			}
		}
	}
	if nearRec.Segments() != len(terms) {
		t.Fatalf("recorder of %d segments, %d by hand", nearRec.Segments(), len(terms))
	}
	if v := nearRec.PotentialMV(); v != 0 {
		t.Errorf("at rest, t = 0: %g mV, want 0", v)
	}
	pointSource := 0.01 * rho * ampNA / (4 * math.Pi * 1e4)
	worstFar, worstNear, largest := 0.0, 0.0, 0.0
	for step := 1; step <= 2400; step++ {
		g.Step(nil)
		if g.T() < 5.5 || g.T() > 104.5 { // the clamp's current is on from the step after 5 ms
			continue
		}
		vf := farRec.PotentialMV()
		worstFar = math.Max(worstFar, math.Abs(vf-pointSource)/pointSource)
		vn := nearRec.PotentialMV()
		sum := 0.0
		for _, tm := range terms {
			sum += tm.k * tm.p.Value()
		}
		worstNear = math.Max(worstNear, math.Abs(vn-sum)/math.Max(math.Abs(sum), 1e-12))
		largest = math.Max(largest, math.Abs(vn))
	}
	t.Logf("far (1 cm): within %.2g of the point source %.4g mV (cell extent %.0f um); near (30 um): within %.2g of the sum by hand, up to %.3g mV",
		worstFar, pointSource, extent, worstNear, largest)
	if !(worstFar < 2*extent/1e4) {
		t.Errorf("far field: %.3g relative from the point source, want < %.3g", worstFar, 2*extent/1e4)
	}
	if !(worstNear < 1e-12) {
		t.Errorf("near: %.3g relative from the sum by hand", worstNear)
	}
	if !(largest > 1e-3) {
		t.Errorf("near the soma the potential stays below %g mV", largest)
	}
}

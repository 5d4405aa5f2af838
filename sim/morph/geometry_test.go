package morph_test

import (
	"math"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

func near(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Abs(b) }

// NEURON's areas and axial resistances: cylinders (nrn_area_ri) and
// frustums integrated over 3-D points (diam_from_list), against the
// closed forms.
func TestGeometry(t *testing.T) {
	const ra = 100.
	// Resistance (MOhm) of a frustum of length l (um) between diameters
	// d1 and d2 (um): 4 Ra l / (pi d1 d2) * 1e-2.
	rFrustum := func(l, d1, d2 float64) float64 { return 4 * ra * l / (math.Pi * d1 * d2) * 1e-2 }
	// Lateral area of a frustum.
	aFrustum := func(l, d1, d2 float64) float64 {
		return math.Pi * (d1 + d2) / 2 * math.Sqrt(l*l+(d2-d1)*(d2-d1)/4)
	}
	for _, tc := range []struct {
		name  string
		sec   morph.Section
		nseg  int
		area  []float64 // per segment
		rhalf []float64 // resistance from each node to its parent node (MOhm)
	}{
		{"HH soma", morph.Section{L: 12.6157, Diam: 12.6157}, 1,
			[]float64{math.Pi * 12.6157 * 12.6157}, []float64{rFrustum(12.6157/2, 12.6157, 12.6157), rFrustum(12.6157/2, 12.6157, 12.6157)}},
		{"cylinder nseg 3", morph.Section{L: 30, Diam: 2}, 3,
			[]float64{20 * math.Pi, 20 * math.Pi, 20 * math.Pi}, []float64{rFrustum(5, 2, 2), rFrustum(10, 2, 2), rFrustum(10, 2, 2), rFrustum(5, 2, 2)}},
		{"cylinder from points", morph.Section{Points: []morph.Point{{0, 0, 0, 2}, {30, 0, 0, 2}}}, 3,
			[]float64{20 * math.Pi, 20 * math.Pi, 20 * math.Pi}, []float64{rFrustum(5, 2, 2), rFrustum(10, 2, 2), rFrustum(10, 2, 2), rFrustum(5, 2, 2)}},
		{"frustum nseg 1", morph.Section{Points: []morph.Point{{0, 0, 0, 2}, {0, 10, 0, 4}}}, 1,
			[]float64{aFrustum(10, 2, 4)}, []float64{rFrustum(5, 2, 3), rFrustum(5, 3, 4)}},
		{"frustum nseg 2", morph.Section{Points: []morph.Point{{0, 0, 0, 2}, {0, 0, 8, 4}}}, 2,
			[]float64{aFrustum(4, 2, 3), aFrustum(4, 3, 4)}, []float64{rFrustum(2, 2, 2.5), rFrustum(2, 2.5, 3) + rFrustum(2, 3, 3.5), rFrustum(2, 3.5, 4)}},
		{"two frustums, points off the segment ends", morph.Section{Points: []morph.Point{{0, 0, 0, 2}, {3, 4, 0, 2}, {3, 4, 5, 6}}}, 1,
			[]float64{aFrustum(5, 2, 2) + aFrustum(5, 2, 6)}, []float64{rFrustum(5, 2, 2), rFrustum(5, 2, 6)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &morph.Morphology{}
			s := tc.sec
			s.Name, s.Type, s.Parent, s.Nseg = "s", morph.Basal, -1, tc.nseg
			m.Add(s)
			cp, err := (&morph.Cell{Morphology: m, RaOhmCm: ra}).Compartments()
			if err != nil {
				t.Fatal(err)
			}
			if len(cp.Nodes) != tc.nseg+2 {
				t.Fatalf("%d nodes, want %d", len(cp.Nodes), tc.nseg+2)
			}
			for j, nd := range cp.Nodes[1:] {
				if j < tc.nseg && !near(nd.AreaUm2, tc.area[j], 1e-6) {
					t.Errorf("segment %d: area %.9g um2, want %.9g", j, nd.AreaUm2, tc.area[j])
				}
				if j == tc.nseg && nd.AreaUm2 != 0 {
					t.Errorf("end node area %g, want 0", nd.AreaUm2)
				}
				if !near(1/nd.RinvUS, tc.rhalf[j], 1e-6) {
					t.Errorf("node %d: resistance to parent %.9g MOhm, want %.9g", j, 1/nd.RinvUS, tc.rhalf[j])
				}
			}
		})
	}
}

// 3-D points are held in single precision, as NEURON's pt3d: lengths come
// from the rounded coordinates.
func TestPointsSinglePrecision(t *testing.T) {
	m := &morph.Morphology{}
	m.AddPoints("a", morph.Axon, -1, 0, morph.Point{D: 1}, morph.Point{X: 0.1, D: 1})
	if got, want := m.Length(0), float64(float32(0.1)); got != want {
		t.Errorf("length %.17g, want float32(0.1) = %.17g", got, want)
	}
}

// NEURON's d_lambda rule (stdlib.hoc geom_nseg, d_lambda 0.1 at 100 Hz):
// the 1 mm dendrite of the cable reference gets 37 segments, the same from
// its diameter or from 3-D points; a short soma keeps 1.
func TestDLambda(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    *morph.Morphology
		want []int
	}{
		{"ball and stick", morph.BallAndStick(12.6157, 1000, 1), []int{1, 37}},
		{"points", func() *morph.Morphology {
			m := &morph.Morphology{}
			s := m.AddCylinder("soma", morph.Soma, -1, 0, 12.6157, 12.6157)
			m.AddPoints("dend", morph.Basal, s, 1, morph.Point{D: 1}, morph.Point{X: 500, D: 1}, morph.Point{X: 1000, D: 1})
			return m
		}(), []int{1, 37}},
		{"tapering", func() *morph.Morphology {
			m := &morph.Morphology{}
			m.AddPoints("dend", morph.Basal, -1, 0, morph.Point{D: 4}, morph.Point{X: 1000, D: 0.5})
			return m
		}(), []int{25}}, // lambda from the points: 423.1 um
	} {
		c := &morph.Cell{Morphology: tc.m, RaOhmCm: 100, Discretization: morph.Discretization{DLambda: 0.1}}
		cp, err := c.Compartments()
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range tc.want {
			if cp.Nseg[i] != n {
				t.Errorf("%s: section %d has nseg %d, want %d", tc.name, i, cp.Nseg[i], n)
			}
		}
	}
}

// The nodes of NEURON's ball-and-stick: the root node at soma(0), the soma
// centre, soma(1) where dend(0) attaches, the dendrite's centres and its
// zero-area 1 end; point processes at x = 0 and 1 go to the end nodes.
func TestBallAndStickNodes(t *testing.T) {
	m := morph.BallAndStick(12.6157, 200, 1)
	m.Sections[1].Nseg = 11
	c := &morph.Cell{Morphology: m, RaOhmCm: 100}
	cp, err := c.Compartments()
	if err != nil {
		t.Fatal(err)
	}
	if len(cp.Nodes) != 1+2+12 || cp.Segments() != 12 {
		t.Fatalf("%d nodes, %d segments, want 15 and 12", len(cp.Nodes), cp.Segments())
	}
	for _, tc := range []struct {
		at   morph.Location
		node int
	}{{morph.At("soma", 0), 0}, {morph.At("soma", 0.5), 1}, {morph.At("soma", 1), 2}, {morph.At("dend", 0), 2},
		{morph.At("dend", 0.5), 3 + 5}, {morph.At("dend", 1.0/11), 3 + 1}, {morph.At("dend", 0.999), 3 + 10}, {morph.At("dend", 1), 14}} {
		n, err := cp.Node(tc.at)
		if err != nil || n != tc.node {
			t.Errorf("%v: node %d (%v), want %d", tc.at, n, err, tc.node)
		}
	}
	if cp.Nodes[3].Parent != 2 || cp.Nodes[2].Parent != 1 || cp.Nodes[1].Parent != 0 || cp.Nodes[14].Parent != 13 {
		t.Errorf("parents %d %d %d %d", cp.Nodes[1].Parent, cp.Nodes[2].Parent, cp.Nodes[3].Parent, cp.Nodes[14].Parent)
	}
	// dend(0.5) lies half a soma and 100 um from the soma's centre.
	if d := cp.Nodes[8].DistUm; !near(d, 12.6157/2+100, 1e-12) {
		t.Errorf("distance of dend(0.5) %g um", d)
	}
	// soma(1) joins the soma's right half and the dendrite's first half
	// segment: resistance 4 Ra (L/2) / (pi d^2) each side.
	r1 := 4 * 100 * (200. / 22) / (math.Pi * 1) * 1e-2
	if r := 1 / cp.Nodes[3].RinvUS; !near(r, r1, 1e-12) {
		t.Errorf("dend(0) to first centre %g MOhm, want %g", r, r1)
	}
}

// Distance-dependent densities: a mechanism's constructor sees each
// segment's distance from the origin.
func TestDistanceDependentDensity(t *testing.T) {
	m := morph.BallAndStick(20, 300, 2)
	m.Sections[1].Nseg = 3
	var seen []float64
	c := &morph.Cell{Morphology: m, Mechanisms: []morph.Mechanism{{Name: "pas", Where: morph.Region(morph.Basal),
		Channels: func(s morph.Segment) ([]channels.Channel, error) {
			seen = append(seen, s.DistUm)
			l, err := channels.NewLeak("pas", 1e-4*math.Exp(-s.DistUm/100), -65)
			return []channels.Channel{l}, err
		}}}}
	cp, err := c.Compartments()
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{60, 160, 260}
	for k := range want {
		if !near(seen[k], want[k], 1e-12) {
			t.Errorf("segment %d at %g um, want %g", k, seen[k], want[k])
		}
	}
	if n := len(cp.Nodes[cp.Section(1)[2]].Channels); n != 1 {
		t.Errorf("%d channels on the distal segment", n)
	}
	if n := len(cp.Nodes[1].Channels); n != 0 {
		t.Errorf("%d channels on the soma", n)
	}
}

// Bad descriptions are reported with the section, mechanism or point
// process at fault.
func TestCellErrors(t *testing.T) {
	pas, _ := channels.NewLeak("pas", 1e-4, -65)
	hh, _ := channels.HH(6.3, channels.Exact)
	bs := func() *morph.Morphology { return morph.BallAndStick(10, 100, 1) }
	for _, tc := range []struct {
		name string
		c    *morph.Cell
		msg  string
	}{
		{"no morphology", &morph.Cell{}, "no morphology"},
		{"zero length", &morph.Cell{Morphology: func() *morph.Morphology {
			m := bs()
			m.Sections[1].L = 0
			return m
		}()}, "section 1 (dend): L = 0 um, want a length > 0 (a zero-length section"},
		{"zero diameter point", &morph.Cell{Morphology: func() *morph.Morphology {
			m := &morph.Morphology{}
			m.AddPoints("a", morph.Axon, -1, 0, morph.Point{D: 1}, morph.Point{X: 1})
			return m
		}()}, "point 1 has diameter 0 um"},
		{"coincident points", &morph.Cell{Morphology: func() *morph.Morphology {
			m := &morph.Morphology{}
			m.AddPoints("a", morph.Axon, -1, 0, morph.Point{X: 1, D: 1}, morph.Point{X: 1 + 1e-9, D: 1})
			return m
		}()}, "has length 0"},
		{"bad parent", &morph.Cell{Morphology: func() *morph.Morphology {
			m := bs()
			m.Sections[1].Parent = 1
			return m
		}()}, "parent 1, want a section before it"},
		{"duplicate name", &morph.Cell{Morphology: func() *morph.Morphology {
			m := bs()
			m.Sections[1].Name = "soma"
			return m
		}()}, "has the name of section 0"},
		{"region absent", &morph.Cell{Morphology: bs(), Mechanisms: []morph.Mechanism{{Name: "hh", Where: morph.Region(morph.Apical), Channels: morph.Uniform(hh.Channels...)}}},
			"mechanism hh (apic): no section of type [apic]"},
		{"section absent", &morph.Cell{Morphology: bs(), Mechanisms: []morph.Mechanism{{Name: "pas", Where: morph.Sections("axon"), Channels: morph.Uniform(pas)}}},
			`no section named "axon"`},
		{"inserted twice", &morph.Cell{Morphology: bs(), Mechanisms: []morph.Mechanism{
			{Name: "pas", Channels: morph.Uniform(pas)}, {Name: "pas2", Where: morph.Sections("dend"), Channels: morph.Uniform(pas)}}},
			`mechanism pas2 in dend(0.5): channel "pas" already inserted there by mechanism pas`},
		{"synapse beyond the section", &morph.Cell{Morphology: bs(), Synapses: []morph.Synapse{{Name: "ampa", At: morph.At("dend", 1.5), Tau2Ms: 2}}},
			`synapse "ampa" (Synapses[0]): dend(1.5): position 1.5 beyond the section`},
		{"synapse on a missing section", &morph.Cell{Morphology: bs(), Synapses: []morph.Synapse{{Name: "ampa", At: morph.At("apic[3]", 0.5), Tau2Ms: 2}}},
			`no section named "apic[3]"`},
		{"clamp beyond", &morph.Cell{Morphology: bs(), Clamps: []morph.IClamp{{At: morph.At("soma", -0.1)}}}, "Clamps[0]: soma(-0.1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := morph.NewPopulation(tc.c, 1)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error %v, want %q", err, tc.msg)
			}
			t.Log(err)
		})
	}
}

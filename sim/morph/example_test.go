package morph_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// Reading a small SWC file: a single-point soma (a sphere) with a
// dendrite and an axon.
func ExampleReadSWC() {
	const swc = `# id type x y z radius parent
1 1 0 0 0 6 -1
2 3 0 6 0 1 1
3 3 0 50 0 0.8 2
4 3 0 90 0 0.5 3
5 2 0 -6 0 0.5 1
6 2 0 -200 0 0.5 5
`
	m, err := morph.ReadSWC(strings.NewReader(swc), "cell.swc", nil)
	if err != nil {
		log.Fatal(err)
	}
	for i, s := range m.Sections {
		parent := "-"
		if s.Parent >= 0 {
			parent = fmt.Sprintf("%s(%g)", m.Sections[s.Parent].Name, s.ParentX)
		}
		fmt.Printf("%-5s %-4v L %6.2f um  on %-9s %s\n", s.Name, s.Type, m.Length(i), parent, s.Source)
	}
	fmt.Println(m.Notes[0])
	// Output:
	// soma  soma L  12.00 um  on -         cell.swc line 2
	// dend  dend L  84.00 um  on soma(0.5) cell.swc lines 3-5
	// axon  axon L 194.00 um  on soma(0.5) cell.swc lines 6-7
	// single-point soma (line 2) taken as a sphere of diameter 12 um: a cylinder with L = diam
}

// A bad file is reported with its line.
func ExampleReadSWC_error() {
	_, err := morph.ReadSWC(strings.NewReader("1 1 0 0 0 6 -1\n2 3 0 6 0 1 1\n3 3 0 9 0 0 2\n"), "cell.swc", nil)
	fmt.Println(err)
	// Output:
	// cell.swc:3: radius 0 um of point 3: zero or negative diameter
}

// The d_lambda rule and the compartments of NEURON's ball-and-stick.
func ExampleCell_Compartments() {
	c := &morph.Cell{
		Morphology:     morph.BallAndStick(12.6157, 1000, 1),
		RaOhmCm:        100,
		Discretization: morph.Discretization{DLambda: 0.1}, // at 100 Hz
	}
	cp, err := c.Compartments()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("nseg: soma %d, dend %d\n", cp.Nseg[0], cp.Nseg[1])
	fmt.Printf("%d nodes, %d segments, %.1f um2 of membrane\n", len(cp.Nodes), cp.Segments(), cp.TotalAreaUm2())
	soma := cp.Nodes[cp.Section(0)[0]]
	fmt.Printf("soma: area %.4f um2, %.4f MOhm to soma(0)\n", soma.AreaUm2, 1/soma.RinvUS)
	// Output:
	// nseg: soma 1, dend 37
	// 41 nodes, 38 segments, 3641.6 um2 of membrane
	// soma: area 500.0030 um2, 0.0505 MOhm to soma(0)
}

// An hh soma with a passive dendrite and a synapse at its far end: the
// EPSP attenuates on its way to the soma.
func ExampleNewPopulation() {
	hh, err := channels.HH(6.3, channels.Tabulated)
	if err != nil {
		log.Fatal(err)
	}
	pas, err := channels.NewLeak("pas", 1e-4, -65)
	if err != nil {
		log.Fatal(err)
	}
	m := morph.BallAndStick(12.6157, 1000, 1)
	m.Sections[1].Nseg = 101
	cell := &morph.Cell{
		Morphology: m, RaOhmCm: 100, CmUFcm2: 1, ThresholdMV: 10, VInitMV: -65,
		Mechanisms: []morph.Mechanism{
			{Name: "hh", Where: morph.Region(morph.Soma), Channels: morph.Uniform(hh.Channels...)},
			{Name: "pas", Where: morph.Region(morph.Basal), Channels: morph.Uniform(pas)},
		},
		Synapses: []morph.Synapse{{Name: "syn", At: morph.At("dend", 1-1./202), Tau1Ms: 0.5, Tau2Ms: 2, EMV: 0}},
	}
	p, err := morph.NewPopulation(cell, 1)
	if err != nil {
		log.Fatal(err)
	}
	soma, _ := p.Compartments().Node(morph.At("soma", 0.5))
	dist, _ := p.Compartments().Node(morph.At("dend", 1-1./202))
	peakSoma, peakDist := -100., -100.
	var spikes []int
	for n := 0; n < 1600; n++ { // 40 ms
		if n == 200 {
			p.Receive(0, 0, 0.01) // one event of 0.01 uS at 5 ms
		}
		spikes = p.Step(0, 1, float64(n)*0.025, 0.025, morph.Input{}, spikes[:0])
		peakSoma, peakDist = max(peakSoma, p.V(soma, 0)), max(peakDist, p.V(dist, 0))
	}
	fmt.Printf("peak at the synapse %.2f mV, at the soma %.2f mV\n", peakDist, peakSoma)
	// Output:
	// peak at the synapse -16.63 mV, at the soma -62.16 mV
}

// Placing synapses by distance from the soma: every apical segment between
// 100 and 300 um, the points at 250 um, and five locations drawn at
// random, in proportion to membrane area, within 200 um on any dendrite; a
// range beyond the dendrites is an error.
func ExampleCompartments_Scatter() {
	m := &morph.Morphology{}
	soma := m.AddCylinder("soma", morph.Soma, -1, 0, 20, 20)
	m.AddCylinder("apic", morph.Apical, soma, 1, 400, 2)
	m.AddCylinder("dend", morph.Basal, soma, 0, 200, 3)
	cp, err := (&morph.Cell{Morphology: m, Discretization: morph.Discretization{Nseg: 8}}).Compartments()
	if err != nil {
		log.Fatal(err)
	}
	apical, err := cp.SegmentsIn(morph.Range{Where: morph.Region(morph.Apical), MinUm: 100, MaxUm: 300})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("apical 100-300 um:", apical)
	at, err := cp.AtDistance(morph.Everywhere, 160)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("at 160 um:", at)
	locs, err := cp.Scatter(morph.Range{Where: morph.Region(morph.Apical, morph.Basal), MaxUm: 200}, 5, morph.ByArea, 1)
	if err != nil {
		log.Fatal(err)
	}
	var drawn []string
	for _, l := range locs {
		drawn = append(drawn, fmt.Sprintf("%s(%.3f)", l.Section, l.X))
	}
	fmt.Println("drawn:", strings.Join(drawn, " "))
	_, err = cp.SegmentsIn(morph.Range{Where: morph.Region(morph.Basal), MinUm: 300, MaxUm: 400})
	fmt.Println(err)
	// Output:
	// apical 100-300 um: [apic(0.3125) apic(0.4375) apic(0.5625) apic(0.6875)]
	// at 160 um: [apic(0.375) dend(0.75)]
	// drawn: apic(0.174) dend(0.488) dend(0.364) dend(0.125) apic(0.277)
	// morph: SegmentsIn: no segment centre of dend between 300 and 400 um from the origin (dend spans 10 to 210 um from the origin)
}

// Reading a Neurolucida file as NEURON's Import3d does: the sections by
// type and the membrane area with BBP's nseg = 1 + 2 floor(L/40).
func ExampleReadASC() {
	m, err := morph.ReadASC("testdata/asc/features.asc")
	if err != nil {
		log.Fatal(err)
	}
	count := map[morph.Type]int{}
	for i := range m.Sections {
		s := &m.Sections[i]
		count[s.Type]++
		s.Nseg = 1 + 2*int(m.Length(i)/40)
	}
	cp, err := (&morph.Cell{Morphology: m, RaOhmCm: 100}).Compartments()
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range []morph.Type{morph.Soma, morph.Axon, morph.Basal, morph.Apical} {
		fmt.Printf("%-4v %d\n", t, count[t])
	}
	fmt.Printf("soma: %d points from %s\n", len(m.Sections[0].Points), m.Sections[0].Source)
	fmt.Printf("area %.1f um2\n", cp.TotalAreaUm2())
	// Output:
	// soma 1
	// axon 2
	// dend 8
	// apic 1
	// soma: 21 points from features.asc lines 9-16
	// area 1732.4 um2
}

package morph_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// TestCellGroupCellsIndependent checks that cells stepped together in one
// group give the same bits as each stepped alone: two different cells
// (the v5 cell at two discretizations) and a second copy of the first.
func TestCellGroupCellsIndependent(t *testing.T) {
	a, b := cellV5(1), cellV5(2)
	run := func(cells []*morph.Cell, steps int) [][]float64 {
		g, err := morph.NewCellGroup(cells, 0.025, 34)
		if err != nil {
			t.Fatal(err)
		}
		var probes []morph.Probe
		for ci := range cells {
			syn, err := g.PointProcess(ci, "syn")
			if err != nil {
				t.Fatal(err)
			}
			for _, te := range cellV5EventsMs {
				if err := g.Send(syn, te, []float64{0.02, 1}); err != nil {
					t.Fatal(err)
				}
			}
			for _, l := range []morph.Location{morph.At("soma", 0.5), morph.At("tuft", 0.3)} {
				p, err := g.Probe(ci, l, "v")
				if err != nil {
					t.Fatal(err)
				}
				probes = append(probes, p)
			}
		}
		out := make([][]float64, len(probes))
		for range steps {
			g.Step(nil)
			for k, p := range probes {
				out[k] = append(out[k], p.Value())
			}
		}
		return out
	}
	const steps = 2400
	alone := append(run([]*morph.Cell{a}, steps), run([]*morph.Cell{b}, steps)...)
	alone = append(alone, alone[:2]...)
	together := run([]*morph.Cell{a, b, a}, steps)
	for k := range alone {
		for s := range alone[k] {
			if alone[k][s] != together[k][s] {
				t.Fatalf("probe %d step %d: %.17g together, %.17g alone", k, s, together[k][s], alone[k][s])
			}
		}
	}
}

// TestCellGroupStepPaths checks that the ways a CellGroup steps its
// mechanisms (on the group's own arrays, whole or run by run, or on
// copies gathered and scattered) give the same bits: the v5 cell (whose
// mechanisms take every path: one run, several runs, concentrations
// written, a point process) alone and three together, every node's
// potential and every mechanism variable of a probe at each step,
// against the same groups stepped on copies throughout, and on copies
// with the nodes stored in NEURON's order (nodeorder.go).
func TestCellGroupStepPaths(t *testing.T) {
	run := func(cells []*morph.Cell, steps int) [][]float64 {
		g, err := morph.NewCellGroup(cells, 0.025, 34)
		if err != nil {
			t.Fatal(err)
		}
		var probes []morph.Probe
		for ci := range cells {
			syn, err := g.PointProcess(ci, "syn")
			if err != nil {
				t.Fatal(err)
			}
			for _, te := range cellV5EventsMs {
				if err := g.Send(syn, te, []float64{0.02, 1}); err != nil {
					t.Fatal(err)
				}
			}
			for _, sec := range []string{"soma", "axon", "dend", "apic", "tuft"} {
				for _, x := range []float64{0.1, 0.5, 0.9} {
					for _, name := range []string{"v", "cai", "ica", "ik", "ina", "eca", "m_NaTs2_t", "gIh_Ih", "i_pas"} {
						if p, err := g.Probe(ci, morph.At(sec, x), name); err == nil {
							probes = append(probes, p)
						}
					}
				}
			}
			if p, err := g.PointProbe(syn, "g"); err == nil {
				probes = append(probes, p)
			}
		}
		out := make([][]float64, len(probes))
		for range steps {
			g.Step(nil)
			for k, p := range probes {
				out[k] = append(out[k], p.Value())
			}
		}
		return out
	}
	for _, cells := range [][]*morph.Cell{{cellV5(2)}, {cellV5(1), cellV5(2), cellV5(1)}} {
		const steps = 2400
		fast := run(cells, steps)
		was := morph.SetGatherAll(true)
		copies := run(cells, steps)
		wasC := morph.SetCanonicalStorage(true)
		canonical := run(cells, steps)
		morph.SetCanonicalStorage(wasC)
		morph.SetGatherAll(was)
		if len(fast) < 30*len(cells) {
			t.Fatalf("%d probes", len(fast))
		}
		for k := range fast {
			for s := range fast[k] {
				if math.Float64bits(fast[k][s]) != math.Float64bits(copies[k][s]) {
					t.Fatalf("%d cells, probe %d step %d: %.17g, on copies %.17g", len(cells), k, s, fast[k][s], copies[k][s])
				}
				if math.Float64bits(fast[k][s]) != math.Float64bits(canonical[k][s]) {
					t.Fatalf("%d cells, probe %d step %d: %.17g, on copies in NEURON's node order %.17g", len(cells), k, s, fast[k][s], canonical[k][s])
				}
			}
		}
	}
}

// TestCellGroupSpikes checks the spikes Step reports against the soma
// potential's upward crossings of the threshold.
func TestCellGroupSpikes(t *testing.T) {
	c := cellV5(1)
	g, err := morph.NewCellGroup([]*morph.Cell{c, c}, 0.025, 34)
	if err != nil {
		t.Fatal(err)
	}
	v, err := g.Probe(1, morph.At("soma", 0.5), "v")
	if err != nil {
		t.Fatal(err)
	}
	var spikes []int
	crossings, reported := 0, 0
	prev := v.Value()
	for range 4000 {
		spikes = g.Step(spikes[:0])
		for _, ci := range spikes {
			if ci == 1 {
				reported++
			}
		}
		if prev < 0 && v.Value() >= 0 {
			crossings++
		}
		prev = v.Value()
	}
	if crossings < 3 || reported != crossings {
		t.Errorf("%d spikes reported, %d crossings of 0 mV at the soma", reported, crossings)
	}
}

// TestCellGroupBadInput checks that each kind of bad input is an error
// that names the problem.
func TestCellGroupBadInput(t *testing.T) {
	base := func() *morph.Cell {
		return &morph.Cell{Name: "bad", Morphology: morph.BallAndStick(20, 100, 2), VInitMV: -65,
			Inserts: []morph.Insert{{Mech: "pas"}, {Mech: "NaTs2_t", Where: morph.Region(morph.Soma)}}}
	}
	for _, tc := range []struct {
		name   string
		change func(c *morph.Cell)
		want   string
	}{
		{"unknown mechanism", func(c *morph.Cell) { c.Inserts[1].Mech = "NaTx" }, `no mechanism "NaTx"`},
		{"build data released", func(c *morph.Cell) { c.ReleaseBuildData() }, "bad: its build data were released"},
		{"point process inserted", func(c *morph.Cell) { c.Inserts[1].Mech = "LinExp2Syn" }, "not a density mechanism"},
		{"unknown parameter", func(c *morph.Cell) { c.Inserts[1].Params = map[string]float64{"gbar": 1} }, "NaTs2_t has no variable gbar"},
		{"no such section", func(c *morph.Cell) { c.Inserts[1].Where = morph.Sections("axon") }, `no section named "axon"`},
		{"ParamsAt fails", func(c *morph.Cell) {
			c.Inserts[1].ParamsAt = func(morph.Segment) (map[string]float64, error) { return nil, errors.New("no rule") }
		}, "at soma(0.5): no rule"},
		{"ParamsAt unknown", func(c *morph.Cell) {
			c.Inserts[1].ParamsAt = func(morph.Segment) (map[string]float64, error) { return map[string]float64{"x": 1}, nil }
		}, "NaTs2_t has no variable x"},
		{"ion name", func(c *morph.Cell) { c.IonValues = []morph.IonValue{{Name: "sodium", Value: 1}} }, `"sodium" is not an ion variable`},
		{"ion unused", func(c *morph.Cell) { c.IonValues = []morph.IonValue{{Name: "ek", Value: -90}} }, "no mechanism uses the ion k"},
		{"ion value", func(c *morph.Cell) { c.IonValues = []morph.IonValue{{Name: "ena", Value: math.NaN()}} }, "want a finite value"},
		{"point unnamed", func(c *morph.Cell) {
			c.PointProcesses = []morph.PointProcess{{Mech: "LinExp2Syn", At: morph.At("dend", 0.5)}}
		}, "has no name"},
		{"point twice", func(c *morph.Cell) {
			p := morph.PointProcess{Name: "s", Mech: "LinExp2Syn", At: morph.At("dend", 0.5)}
			c.PointProcesses = []morph.PointProcess{p, p}
		}, `two point processes named "s"`},
		{"point beyond", func(c *morph.Cell) {
			c.PointProcesses = []morph.PointProcess{{Name: "s", Mech: "LinExp2Syn", At: morph.At("dend", 1.5)}}
		}, "beyond the section"},
		{"density as point", func(c *morph.Cell) {
			c.PointProcesses = []morph.PointProcess{{Name: "s", Mech: "pas", At: morph.At("dend", 0.5)}}
		}, "not a point process"},
		{"channels too", func(c *morph.Cell) {
			l, _ := channels.NewLeak("leak", 0.001, -65)
			c.Mechanisms = []morph.Mechanism{{Name: "leak", Channels: morph.Uniform(l)}}
		}, "stepped by Population"},
		{"VInit", func(c *morph.Cell) { c.VInitMV = math.Inf(1) }, "want finite values"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			tc.change(c)
			_, err := morph.NewCellGroup([]*morph.Cell{c}, 0.025, 34)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := morph.NewCellGroup(nil, 0, 34); err == nil {
		t.Error("dt 0 accepted")
	}
	if _, err := morph.NewPopulation(base(), 1); err == nil || !strings.Contains(err.Error(), "CellGroup") {
		t.Errorf("NewPopulation of a cell with Inserts: %v", err)
	}

	// Events, probes and globals.
	c := base()
	c.PointProcesses = []morph.PointProcess{{Name: "s", Mech: "LinExp2Syn", At: morph.At("dend", 0.5)}}
	g, err := morph.NewCellGroup([]*morph.Cell{c}, 0.025, 34)
	if err != nil {
		t.Fatal(err)
	}
	s, err := g.PointProcess(0, "s")
	if err != nil {
		t.Fatal(err)
	}
	for range 40 {
		g.Step(nil)
	}
	if err := g.Send(s, 0.5, []float64{1, 1}); !errors.Is(err, morph.ErrPastEvent) {
		t.Errorf("event in the past: %v", err)
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{func() error { _, err := g.PointProcess(0, "t"); return err }(), `no point process "t"`},
		{func() error { _, err := g.Probe(0, morph.At("soma", 0.5), "m_Nope"); return err }(), `no variable "m_Nope"`},
		{func() error { _, err := g.Probe(0, morph.At("dend", 0.5), "m_NaTs2_t"); return err }(), "NaTs2_t is not inserted at dend(0.5)"},
		{func() error { _, err := g.Probe(0, morph.At("soma", 0.5), "q_NaTs2_t"); return err }(), `NaTs2_t has no variable "q"`},
		{func() error { _, err := g.PointProbe(s, "q"); return err }(), `LinExp2Syn has no variable "q"`},
		{g.SetGlobal("NaTs2_t", "nope", 1), `no GLOBAL "nope"`},
		{g.SetGlobal("Im", "x", 1), "no such mechanism in the group: Im"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("error %v, want one containing %q", tc.err, tc.want)
		}
	}
}

// ExampleCellGroup builds a ball-and-stick cell of translated neocortex
// channels, drives its soma with a current step and counts its spikes.
func ExampleCellGroup() {
	soma := morph.Region(morph.Soma)
	cell := &morph.Cell{
		Name:       "ball and stick",
		Morphology: morph.BallAndStick(20, 200, 2),
		VInitMV:    -75,
		Inserts: []morph.Insert{
			{Mech: "pas", Params: map[string]float64{"g": 3e-5, "e": -75}},
			{Mech: "NaTs2_t", Where: soma, Params: map[string]float64{"gNaTs2_tbar": 1}},
			{Mech: "SKv3_1", Where: soma, Params: map[string]float64{"gSKv3_1bar": 0.5}},
		},
		IonValues: []morph.IonValue{{Where: soma, Name: "ena", Value: 50}, {Where: soma, Name: "ek", Value: -85}},
		Clamps:    []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 10, DurMs: 80, AmpNA: 0.3}},
	}
	g, err := morph.NewCellGroup([]*morph.Cell{cell}, 0.025, 34)
	if err != nil {
		fmt.Println(err)
		return
	}
	var spikes, times []int
	for step := 1; g.T() < 100; step++ {
		if spikes = g.Step(spikes[:0]); len(spikes) > 0 {
			times = append(times, step)
		}
	}
	fmt.Printf("%d spikes, the first at %.3f ms\n", len(times), float64(times[0])*0.025)
	// Output:
	// 9 spikes, the first at 12.700 ms
}

// BenchmarkCellGroupV5 steps the v5 cell with every nseg but the soma's
// six times NEURON's (205 compartments), the protocol of
// `scripts/nmodl-ref/cell_ref.py --bench --nseg-scale 6` (docs/PERFORMANCE.md
// compares the two per compartment-step).
func BenchmarkCellGroupV5(b *testing.B) {
	c := cellV5(6)
	c.PointProcesses = nil
	c.Clamps[0].DurMs = 1e9
	g, err := morph.NewCellGroup([]*morph.Cell{c}, 0.025, 34)
	if err != nil {
		b.Fatal(err)
	}
	segs := g.Compartments(0).Segments()
	spikes := make([]int, 0, 1)
	b.ResetTimer()
	for range b.N {
		spikes = g.Step(spikes[:0])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(segs), "ns/compartment-step")
	b.ReportMetric(float64(segs), "compartments")
}

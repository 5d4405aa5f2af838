package sim_test

import (
	"context"
	"fmt"
	"log"
	"math"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/nets"
)

// ballAndStick is nets.RingCell; ringNetwork is nets.Ring with its ring
// population.
func ballAndStick() (*sim.MulticompartmentCell, error) { return nets.RingCell() }

func ringNetwork(n int) (*sim.Network, *sim.Population, error) {
	net, err := nets.Ring(n)
	if err != nil {
		return nil, nil, err
	}
	return net, net.Populations[1], nil
}

// TestRingMatchesNEURON runs the ring of 256 ball-and-stick cells of
// shared/ref (neuron_ring_n256_spikes.csv) on 1 and 2 threads: the 14
// spikes at NEURON's times within one step (they agree exactly), and the
// spikes and voltage traces bit-identical for 1 and 2 threads.
func TestRingMatchesNEURON(t *testing.T) {
	p := refdata.Require(t, "neuron_ring_n256_spikes.csv")
	h, cols, err := refdata.CSV(p)
	if err != nil {
		t.Fatal(err)
	}
	refGid, _ := refdata.Column(h, cols, "gid")
	refT, _ := refdata.Column(h, cols, "t_ms")
	var results []*sim.Result
	for _, threads := range []int{1, 2} {
		net, ring, err := ringNetwork(256)
		if err != nil {
			t.Fatal(err)
		}
		net.Record(&sim.SpikeRecorder{Population: ring},
			&sim.StateRecorder{Population: ring, Variable: "v", Neurons: []int{0, 1, 127, 128, 255}},
			&sim.StateRecorder{Population: ring, Variable: "v_dend", Neurons: []int{1, 128}})
		res, err := sim.Run(context.Background(), net, 100*sim.Millisecond, &sim.Options{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		if res.Threads != threads {
			t.Fatalf("ran on %d threads, want %d", res.Threads, threads)
		}
		st := res.Spikes["ring"]
		if st.Len() != len(refT) {
			t.Fatalf("%d threads: %d spikes, NEURON %d: %v at %v", threads, st.Len(), len(refT), st.Index, st.Time)
		}
		worst := 0.
		for k := range refT {
			d := math.Abs(st.Time[k]/sim.Millisecond - refT[k])
			worst = math.Max(worst, d)
			if int(st.Index[k]) != int(refGid[k]) || d > 0.025+1e-9 {
				t.Errorf("%d threads: spike %d: cell %d at %.3f ms, NEURON cell %g at %.3f ms", threads, k, st.Index[k], st.Time[k]/sim.Millisecond, refGid[k], refT[k])
			}
		}
		t.Logf("%d threads: %d spikes, largest difference from NEURON %.2g ms", threads, st.Len(), worst)
		results = append(results, res)
	}
	a, b := results[0], results[1]
	sa, sb := a.Spikes["ring"], b.Spikes["ring"]
	for k := range sa.Index {
		if sa.Index[k] != sb.Index[k] || sa.Step[k] != sb.Step[k] {
			t.Fatalf("spike %d differs between 1 and 2 threads", k)
		}
	}
	for k := range a.Traces {
		for j := range a.Traces[k].Values {
			x, y := a.Traces[k].Values[j], b.Traces[k].Values[j]
			for i := range x {
				if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
					t.Fatalf("%s of cell %d at sample %d: %v with 1 thread, %v with 2", a.Traces[k].Variable, a.Traces[k].Neurons[j], i, x[i], y[i])
				}
			}
		}
	}
}

// TestMulticompartmentHHSoma runs NEURON's single hh soma as a
// multicompartment population through the engine (CurrentStep 0.1 nA from
// 10 to 90 ms, exact rates) and compares it with NEURON's trace
// (shared/ref/neuron_hh_6.3C.csv) and with the point cell (ConductanceCell).
func TestMulticompartmentHHSoma(t *testing.T) {
	p := refdata.Require(t, "neuron_hh_6.3C.csv")
	h, cols, err := refdata.CSV(p)
	if err != nil {
		t.Fatal(err)
	}
	refV, _ := refdata.Column(h, cols, "v_mV")
	hh, err := channels.HH(6.3, channels.Exact)
	if err != nil {
		t.Fatal(err)
	}
	m := &morph.Morphology{}
	m.AddCylinder("soma", morph.Soma, -1, 0, 12.6157, 12.6157)
	mc := &sim.MulticompartmentCell{Cell: &morph.Cell{Name: "soma", Morphology: m, RaOhmCm: 100,
		Mechanisms:  []morph.Mechanism{{Name: "hh", Channels: morph.Uniform(hh.Channels...)}},
		ThresholdMV: 0, VInitMV: -65}}
	hh.ThresholdMV = 0
	net := &sim.Network{Dt: 0.025 * sim.Millisecond}
	a := net.AddPopulation("mc", 1, mc)
	b := net.AddPopulation("point", 1, &sim.ConductanceCell{Cell: hh})
	for _, pop := range []*sim.Population{a, b} {
		net.Add(&sim.CurrentStep{Target: pop, Amplitude: 0.1 * sim.Nanoamp, Start: 10 * sim.Millisecond, Stop: 90 * sim.Millisecond})
		net.Record(&sim.StateRecorder{Population: pop, Variable: "v"}, &sim.SpikeRecorder{Population: pop})
	}
	res, err := sim.Run(context.Background(), net, 100*sim.Millisecond, &sim.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	v, pv := res.Traces[0].Values[0], res.Traces[1].Values[0]
	if len(v) != len(refV) {
		t.Fatalf("%d samples, NEURON %d", len(v), len(refV))
	}
	var ss, worst float64
	for j := range v {
		d := v[j]/sim.Millivolt - refV[j]
		ss += d * d
		worst = math.Max(worst, math.Abs(v[j]-pv[j])/sim.Millivolt)
	}
	rms := math.Sqrt(ss / float64(len(v)))
	t.Logf("RMS %.2e mV from NEURON; at most %.2e mV from the point cell; %d spikes", rms, worst, res.Spikes["mc"].Len())
	if rms > 0.5 || worst > 1e-9 {
		t.Errorf("RMS %.3g mV from NEURON, %.3g mV from the point cell", rms, worst)
	}
	if res.Spikes["mc"].Len() != 7 || res.Spikes["point"].Len() != 7 {
		t.Errorf("spikes: %d and %d, want 7", res.Spikes["mc"].Len(), res.Spikes["point"].Len())
	}
	for k := range res.Spikes["mc"].Time {
		if res.Spikes["mc"].Time[k] != res.Spikes["point"].Time[k] {
			t.Errorf("spike %d at %g and %g s", k, res.Spikes["mc"].Time[k], res.Spikes["point"].Time[k])
		}
	}
}

// TestMulticompartmentCable drives the cable reference (HH soma, 1 mm
// dendrite of 101 segments, distal Exp2Syn) through the engine: a replayed
// spike at 4 ms with 1 ms delay is NEURON's event at 5 ms. Probes on the
// soma side and distal end reproduce neuron_cable_hh.csv.
func TestMulticompartmentCable(t *testing.T) {
	p := refdata.Require(t, "neuron_cable_hh.csv")
	h, cols, err := refdata.CSV(p)
	if err != nil {
		t.Fatal(err)
	}
	hh, _ := channels.HH(6.3, channels.Tabulated)
	pas, _ := channels.NewLeak("pas", 1e-4, -65)
	m := morph.BallAndStick(12.6157, 1000, 1)
	m.Sections[1].Nseg = 101
	mc := &sim.MulticompartmentCell{
		Cell: &morph.Cell{Name: "cable", Morphology: m, RaOhmCm: 100, CmUFcm2: 1, ThresholdMV: 10, VInitMV: -65,
			Mechanisms: []morph.Mechanism{
				{Name: "hh", Where: morph.Region(morph.Soma), Channels: morph.Uniform(hh.Channels...)},
				{Name: "pas", Where: morph.Region(morph.Basal), Channels: morph.Uniform(pas)}}},
		Synapses: []sim.CompartmentSynapse{{Exp2Syn: sim.Exp2Syn{Name: "syn", Tau1: 0.5 * sim.Millisecond, Tau2: 2 * sim.Millisecond},
			At: morph.At("dend", 1-1./202)}},
		Probes: []sim.Probe{{"seg0", morph.At("dend", 0.5/101)}, {"seg50", morph.At("dend", 0.5)},
			{"seg100", morph.At("dend", 1-0.5/101)}, {"end", morph.At("dend", 1)}},
	}
	net := &sim.Network{Dt: 0.025 * sim.Millisecond}
	src := net.AddPopulation("src", 1, &sim.SpikeTimes{Times: [][]float64{{4 * sim.Millisecond}}})
	pop := net.AddPopulation("cable", 1, mc)
	net.Connect(src, pop, "syn", sim.AllToAll{}, sim.Const(0.01*sim.Microsiemens), sim.Const(1*sim.Millisecond))
	names := map[string]string{"v": "v_soma_mV", "seg0": "v_dend_seg0_mV", "seg50": "v_dend_seg50_mV", "seg100": "v_dend_seg100_mV", "end": "v_dend_end_mV", "g_syn": "g_syn_uS"}
	for _, v := range []string{"v", "seg0", "seg50", "seg100", "end", "g_syn"} {
		net.Record(&sim.StateRecorder{Population: pop, Variable: v})
	}
	res, err := sim.Run(context.Background(), net, 40*sim.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range res.Traces {
		ref, err := refdata.Column(h, cols, names[tr.Variable])
		if err != nil {
			t.Fatal(err)
		}
		unit := sim.Millivolt
		if tr.Variable == "g_syn" {
			unit = sim.Microsiemens
		}
		worst := 0.
		for j, x := range tr.Values[0] {
			worst = math.Max(worst, math.Abs(x/unit-ref[j]))
		}
		t.Logf("%s: at most %.2e from NEURON", tr.Variable, worst)
		if worst > 1e-7 {
			t.Errorf("%s differs from NEURON by %.3g", tr.Variable, worst)
		}
	}
}

// TestMixedNetworkThreads connects point neurons and multicompartment cells
// both ways (Poisson sources and HH point cells onto dendritic synapses,
// among them an NMDA receptor, ball-and-stick cells onto HH point cells)
// and requires bit-identical
// spikes and traces for 1, 2 and 3 threads, with backward Euler and with
// Crank-Nicolson.
func TestMixedNetworkThreads(t *testing.T) {
	for _, cn := range []bool{false, true} {
		t.Run(fmt.Sprintf("CrankNicolson=%v", cn), func(t *testing.T) { mixedNetworkThreads(t, cn) })
	}
}

func mixedNetworkThreads(t *testing.T, cn bool) {
	build := func() (*sim.Network, error) {
		model, err := ballAndStick()
		if err != nil {
			return nil, err
		}
		model.Cell.CrankNicolson = cn
		model.Synapses = append(model.Synapses, sim.CompartmentSynapse{
			Exp2Syn: sim.Exp2Syn{Name: "inh", Tau1: 0.5 * sim.Millisecond, Tau2: 5 * sim.Millisecond, E: -80 * sim.Millivolt},
			At:      morph.At("soma", 0.5)},
			sim.NMDASynapse("nmda", morph.At("dend", 0.8), 2*sim.Millisecond, 50*sim.Millisecond, 1))
		hh, err := channels.HH(6.3, channels.Tabulated)
		if err != nil {
			return nil, err
		}
		net := &sim.Network{Dt: 0.025 * sim.Millisecond, Seed: 7}
		src := net.AddPopulation("poisson", 40, &sim.PoissonSource{Rate: 200})
		mc := net.AddPopulation("mc", 37, model)
		pt := net.AddPopulation("hh", 23, &sim.ConductanceCell{Cell: hh, Synapses: []sim.Exp2Syn{{Name: "exc", Tau1: 0.5 * sim.Millisecond, Tau2: 2 * sim.Millisecond}}})
		net.Connect(src, mc, "syn", sim.Bernoulli{P: 0.2}, sim.Uniform{Lo: 0.002 * sim.Microsiemens, Hi: 0.006 * sim.Microsiemens}, sim.Const(1*sim.Millisecond))
		net.Connect(src, pt, "exc", sim.Bernoulli{P: 0.2}, sim.Const(0.002*sim.Microsiemens), sim.Const(1*sim.Millisecond))
		net.Connect(src, mc, "nmda", sim.Bernoulli{P: 0.1}, sim.Const(0.002*sim.Microsiemens), sim.Const(1*sim.Millisecond))
		net.Connect(mc, pt, "exc", sim.FixedInDegree{K: 3}, sim.Const(0.004*sim.Microsiemens), sim.Uniform{Lo: 1 * sim.Millisecond, Hi: 3 * sim.Millisecond})
		net.Connect(pt, mc, "inh", sim.Bernoulli{P: 0.3}, sim.Const(0.003*sim.Microsiemens), sim.Const(2*sim.Millisecond))
		net.Add(&sim.CurrentStep{Target: mc, Neurons: []int{0, 5, 36}, Amplitude: 0.2 * sim.Nanoamp, Start: 20 * sim.Millisecond, Stop: 60 * sim.Millisecond})
		net.Record(&sim.SpikeRecorder{Population: mc}, &sim.SpikeRecorder{Population: pt},
			&sim.StateRecorder{Population: mc, Variable: "v_dend", Interval: 0.1 * sim.Millisecond},
			&sim.StateRecorder{Population: mc, Variable: "g_inh", Neurons: []int{3, 20}},
			&sim.StateRecorder{Population: mc, Variable: "g_nmda", Neurons: []int{3, 20}})
		return net, nil
	}
	var base *sim.Result
	for _, threads := range []int{1, 2, 3} {
		net, err := build()
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(context.Background(), net, 100*sim.Millisecond, &sim.Options{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d threads: %d multicompartment spikes, %d point-cell spikes", threads, res.Spikes["mc"].Len(), res.Spikes["hh"].Len())
		if base == nil {
			base = res
			if res.Spikes["mc"].Len() < 10 || res.Spikes["hh"].Len() < 5 {
				t.Fatalf("too little activity to test: %d and %d spikes", res.Spikes["mc"].Len(), res.Spikes["hh"].Len())
			}
			continue
		}
		for _, pop := range []string{"mc", "hh"} {
			a, b := base.Spikes[pop], res.Spikes[pop]
			if a.Len() != b.Len() {
				t.Fatalf("%s: %d spikes with 1 thread, %d with %d", pop, a.Len(), b.Len(), threads)
			}
			for k := range a.Index {
				if a.Index[k] != b.Index[k] || a.Step[k] != b.Step[k] {
					t.Fatalf("%s: spike %d differs with %d threads", pop, k, threads)
				}
			}
		}
		for k := range base.Traces {
			for j := range base.Traces[k].Values {
				x, y := base.Traces[k].Values[j], res.Traces[k].Values[j]
				for i := range x {
					if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
						t.Fatalf("%s: trace %d sample %d differs with %d threads", base.Traces[k].Variable, j, i, threads)
					}
				}
			}
		}
	}
}

// TestMulticompartmentInit starts cells at different potentials
// (Population.Init of "v" sets every compartment, gates at steady state).
func TestMulticompartmentInit(t *testing.T) {
	model, err := ballAndStick()
	if err != nil {
		t.Fatal(err)
	}
	net := &sim.Network{Dt: 0.025 * sim.Millisecond}
	pop := net.AddPopulation("mc", 3, model)
	pop.Init = map[string]sim.Value{"v": sim.Array{-70 * sim.Millivolt, -65 * sim.Millivolt, -60 * sim.Millivolt}}
	net.Record(&sim.StateRecorder{Population: pop, Variable: "v"}, &sim.StateRecorder{Population: pop, Variable: "v_dend"})
	res, err := sim.Run(context.Background(), net, 1*sim.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{-70, -65, -60} {
		v0 := res.Traces[0].Values[i][0] / sim.Millivolt
		d0 := res.Traces[1].Values[i][0] / sim.Millivolt
		if math.Abs(v0-want) > 1e-12 || math.Abs(d0-want) > 1e-12 {
			t.Errorf("cell %d starts at soma %g mV, dend %g mV; want %g", i, v0, d0, want)
		}
	}
	// The cell at rest stays at rest (hh's and pas's rest is near -65).
	if v := res.Traces[0].Values[1]; math.Abs(v[len(v)-1]-v[0]) > 0.1*sim.Millivolt {
		t.Errorf("cell at -65 mV drifts to %g mV in 1 ms", v[len(v)-1]/sim.Millivolt)
	}
}

// TestMulticompartmentErrors: descriptions that make no sense are reported
// with the population, synapse, probe or section at fault.
func TestMulticompartmentErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(m *sim.MulticompartmentCell)
		msg  string
	}{
		{"no cell", func(m *sim.MulticompartmentCell) { m.Cell = nil }, "no Cell"},
		{"synapse beyond the section", func(m *sim.MulticompartmentCell) { m.Synapses[0].At.X = 1.2 },
			`synapse "syn" (Synapses[0]): dend(1.2): position 1.2 beyond the section`},
		{"synapse on a missing section", func(m *sim.MulticompartmentCell) { m.Synapses[0].At.Section = "apic" },
			`synapse "syn" (Synapses[0]): no section named "apic"`},
		{"bad time constants", func(m *sim.MulticompartmentCell) { m.Synapses[0].Tau1 = 3 * sim.Millisecond },
			`synapse "syn": Tau1 = 3 ms, Tau2 = 2 ms`},
		{"negative magnesium", func(m *sim.MulticompartmentCell) {
			m.Synapses[0].MgBlock = &channels.MgBlock{MgMM: -1}
		}, `synapse "syn": channels: Mg block`},
		{"probe beyond", func(m *sim.MulticompartmentCell) { m.Probes[0].At = morph.At("soma", 2) }, `probe "v_dend": soma(2)`},
		{"probe named v", func(m *sim.MulticompartmentCell) { m.Probes[0].Name = "v" }, `name "v" is taken`},
		{"channel in a missing region", func(m *sim.MulticompartmentCell) { m.Cell.Mechanisms[1].Where = morph.Region(morph.Axon) },
			"mechanism pas (axon): no section of type [axon]"},
		{"zero-length dendrite", func(m *sim.MulticompartmentCell) { m.Cell.Morphology.Sections[1].L = 0 },
			"section 1 (dend): L = 0 um, want a length > 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			model, err := ballAndStick()
			if err != nil {
				t.Fatal(err)
			}
			tc.edit(model)
			net := &sim.Network{Dt: 0.025 * sim.Millisecond}
			net.AddPopulation("cells", 2, model)
			err = net.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), `population "cells"`) {
				t.Fatalf("error %v, want one naming the population and %q", err, tc.msg)
			}
			t.Log(err)
		})
	}
}

// A ring of ball-and-stick cells (NEURON's tutorial): a wave of spikes
// goes round, one cell every 6.6 ms.
func ExampleMulticompartmentCell() {
	hh, err := channels.HH(6.3, channels.Tabulated)
	if err != nil {
		log.Fatal(err)
	}
	pas, err := channels.NewLeak("pas", 0.001, -65)
	if err != nil {
		log.Fatal(err)
	}
	m := morph.BallAndStick(12.6157, 200, 1) // soma L = diam, dendrite 200 x 1 um
	m.Sections[1].Nseg = 11
	cell := &sim.MulticompartmentCell{
		Cell: &morph.Cell{
			Morphology: m, RaOhmCm: 100, CmUFcm2: 1, ThresholdMV: 10, VInitMV: -65,
			Mechanisms: []morph.Mechanism{
				{Name: "hh", Where: morph.Region(morph.Soma), Channels: morph.Uniform(hh.Channels...)},
				{Name: "pas", Where: morph.Region(morph.Basal), Channels: morph.Uniform(pas)},
			},
		},
		Synapses: []sim.CompartmentSynapse{{
			Exp2Syn: sim.Exp2Syn{Name: "syn", Tau2: 2 * sim.Millisecond}, // ExpSyn, E = 0
			At:      morph.At("dend", 0.5),
		}},
	}
	net := &sim.Network{Dt: 0.025 * sim.Millisecond}
	stim := net.AddPopulation("stim", 1, &sim.SpikeTimes{Times: [][]float64{{9 * sim.Millisecond}}})
	ring := net.AddPopulation("ring", 8, cell)
	net.Connect(ring, ring, "syn", sim.Explicit{Pre: []int{0, 1, 2, 3, 4, 5, 6, 7}, Post: []int{1, 2, 3, 4, 5, 6, 7, 0}},
		sim.Const(0.01*sim.Microsiemens), sim.Const(5*sim.Millisecond))
	net.Connect(stim, ring, "syn", sim.Explicit{Pre: []int{0}, Post: []int{0}}, sim.Const(0.04*sim.Microsiemens), sim.Const(1*sim.Millisecond))
	net.Record(&sim.SpikeRecorder{Population: ring})
	res, err := sim.Run(context.Background(), net, 40*sim.Millisecond, nil)
	if err != nil {
		log.Fatal(err)
	}
	st := res.Spikes["ring"]
	for k := range st.Index {
		fmt.Printf("cell %d at %.3f ms\n", st.Index[k], st.Time[k]/sim.Millisecond)
	}
	// Output:
	// cell 0 at 11.075 ms
	// cell 1 at 17.675 ms
	// cell 2 at 24.275 ms
	// cell 3 at 30.875 ms
	// cell 4 at 37.475 ms
}

// BenchmarkRing runs the ring of 4096 ball-and-stick cells (49 152
// compartments) for 100 ms at dt 0.025 ms per iteration, on 1 and 2
// threads, and reports the time per compartment-step as NEURON's
// neuron_ring.py does (us_per_compartment_step = run_s / (compartments *
// steps)).
func BenchmarkRing(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("cells=4096/threads=%d", threads), func(b *testing.B) {
			const n = 4096
			net, ring, err := ringNetwork(n)
			if err != nil {
				b.Fatal(err)
			}
			net.Record(&sim.SpikeRecorder{Population: ring})
			s, err := sim.Build(net, &sim.Options{Threads: threads})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := s.Run(context.Background(), 100*sim.Millisecond); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			steps := 100 * sim.Millisecond / (0.025 * sim.Millisecond)
			perRun := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(perRun, "run_s")
			b.ReportMetric(perRun/(n*12*steps)*1e6, "us/compartment-step")
		})
	}
}

// An NMDA receptor on the dendrite of a passive ball-and-stick cell, with
// and without magnesium: five events 2 ms apart depolarise the soma an
// order of magnitude less when the receptor is blocked near rest.
func ExampleNMDASynapse() {
	for _, mg := range []float64{0, 1} {
		pas, err := channels.NewLeak("pas", 1e-4, -70)
		if err != nil {
			log.Fatal(err)
		}
		m := morph.BallAndStick(20, 300, 2)
		m.Sections[1].Nseg = 15
		cell := &sim.MulticompartmentCell{
			Cell: &morph.Cell{Morphology: m, RaOhmCm: 150, VInitMV: -70, ThresholdMV: 0,
				Mechanisms: []morph.Mechanism{{Name: "pas", Channels: morph.Uniform(pas)}}},
			Synapses: []sim.CompartmentSynapse{
				sim.NMDASynapse("nmda", morph.At("dend", 0.9), 2*sim.Millisecond, 50*sim.Millisecond, mg)},
		}
		net := &sim.Network{Dt: 0.025 * sim.Millisecond}
		src := net.AddPopulation("src", 1, &sim.SpikeTimes{Times: [][]float64{{10 * sim.Millisecond, 12 * sim.Millisecond,
			14 * sim.Millisecond, 16 * sim.Millisecond, 18 * sim.Millisecond}}})
		pop := net.AddPopulation("cell", 1, cell)
		net.Connect(src, pop, "nmda", sim.AllToAll{}, sim.Const(0.0005*sim.Microsiemens), sim.Const(1*sim.Millisecond))
		net.Record(&sim.StateRecorder{Population: pop, Variable: "v"})
		res, err := sim.Run(context.Background(), net, 100*sim.Millisecond, nil)
		if err != nil {
			log.Fatal(err)
		}
		peak := math.Inf(-1)
		for _, v := range res.Traces[0].Values[0] {
			peak = math.Max(peak, v/sim.Millivolt)
		}
		fmt.Printf("[Mg] %g mM: soma peaks %.2f mV above rest\n", mg, peak+70)
	}
	// Output:
	// [Mg] 0 mM: soma peaks 23.52 mV above rest
	// [Mg] 1 mM: soma peaks 1.90 mV above rest
}

// TestSynapsesAt places NMDA receptors on every dendritic segment between
// 50 and 150 um from the soma of the ring's ball-and-stick cell and checks
// the names, locations and that the population builds and records them.
func TestSynapsesAt(t *testing.T) {
	model, err := ballAndStick()
	if err != nil {
		t.Fatal(err)
	}
	cp, err := model.Cell.Compartments()
	if err != nil {
		t.Fatal(err)
	}
	locs, err := cp.SegmentsIn(morph.Range{Where: morph.Region(morph.Basal), MinUm: 50, MaxUm: 150})
	if err != nil {
		t.Fatal(err)
	}
	syns := sim.SynapsesAt(sim.NMDASynapse("nmda", morph.Location{}, 2*sim.Millisecond, 50*sim.Millisecond, 1), locs)
	if len(syns) != len(locs) || len(syns) == 0 {
		t.Fatalf("%d synapses for %d locations", len(syns), len(locs))
	}
	for k, s := range syns {
		if s.Name != fmt.Sprintf("nmda_%d", k) || s.At != locs[k] || s.MgBlock == nil || s.MgBlock.MgMM != 1 {
			t.Errorf("synapse %d: %+v at %v", k, s, s.At)
		}
	}
	model.Synapses = append(model.Synapses, syns...)
	net := &sim.Network{Dt: 0.025 * sim.Millisecond}
	src := net.AddPopulation("src", 1, &sim.SpikeTimes{Times: [][]float64{{1 * sim.Millisecond}}})
	pop := net.AddPopulation("mc", 2, model)
	net.Connect(src, pop, syns[len(syns)-1].Name, sim.AllToAll{}, sim.Const(0.001*sim.Microsiemens), sim.Const(1*sim.Millisecond))
	net.Record(&sim.StateRecorder{Population: pop, Variable: "g_" + syns[len(syns)-1].Name})
	res, err := sim.Run(context.Background(), net, 5*sim.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g := res.Traces[0].Values[1]; !(g[len(g)-1] > 0) {
		t.Errorf("the placed synapse carries no conductance: %v", g[len(g)-1])
	}
}

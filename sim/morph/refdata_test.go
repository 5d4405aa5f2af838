package morph_test

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// refColumns reads the named columns of a reference CSV file (skipping the
// test when the reference data are absent: refdata.Require).
func refColumns(t *testing.T, file string, names ...string) [][]float64 {
	t.Helper()
	p := refdata.Require(t, file)
	h, cols, err := refdata.CSV(p)
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, len(names))
	for k, n := range names {
		c, err := refdata.Column(h, cols, n)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out[k] = c
	}
	return out
}

// event is a synaptic event for run.
type event struct {
	tMs, wUS float64
	syn      int
}

// run integrates one cell for tstop ms and returns v of the given nodes
// at every step (including t = 0), then the conductance of every synapse
// (as NEURON records it: the value used in the step that ends at the
// sample), and the spike times.
func run(t *testing.T, c *morph.Cell, tstop, dt float64, events []event, nodes ...int) ([][]float64, []float64) {
	t.Helper()
	p, err := morph.NewPopulation(c, 1)
	if err != nil {
		t.Fatal(err)
	}
	steps := int(math.Round(tstop / dt))
	out := make([][]float64, len(nodes)+p.Synapses())
	for k, i := range nodes {
		out[k] = append(out[k], p.V(i, 0))
	}
	for r := 0; r < p.Synapses(); r++ {
		out[len(nodes)+r] = append(out[len(nodes)+r], 0)
	}
	var spikes []float64
	var buf []int
	next := 0
	for n := 0; n < steps; n++ {
		tn := float64(n) * dt
		for next < len(events) && events[next].tMs <= tn+dt/2 {
			p.Receive(events[next].syn, 0, events[next].wUS)
			next++
		}
		buf = p.Step(0, 1, tn, dt, morph.Input{}, buf[:0])
		if len(buf) > 0 {
			spikes = append(spikes, float64(n+1)*dt)
		}
		for k, i := range nodes {
			out[k] = append(out[k], p.V(i, 0))
		}
		for r := 0; r < p.Synapses(); r++ {
			out[len(nodes)+r] = append(out[len(nodes)+r], p.Conductance(r)[0])
		}
	}
	return out, spikes
}

func hhMechanism(t *testing.T, rates channels.RateMode) morph.Mechanism {
	t.Helper()
	hh, err := channels.HH(6.3, rates)
	if err != nil {
		t.Fatal(err)
	}
	return morph.Mechanism{Name: "hh", Where: morph.Region(morph.Soma), Channels: morph.Uniform(hh.Channels...)}
}

func rms(a, b []float64) (r, maxAbs float64) {
	for j := range a {
		d := a[j] - b[j]
		r += d * d
		maxAbs = math.Max(maxAbs, math.Abs(d))
	}
	return math.Sqrt(r / float64(len(a))), maxAbs
}

// peak returns the maximum of v and its time (sample j at j*dt).
func peak(v []float64, dt float64) (vmax, tmax float64) {
	vmax = math.Inf(-1)
	for j, x := range v {
		if x > vmax {
			vmax, tmax = x, float64(j)*dt
		}
	}
	return
}

// crossings returns the upward crossings of level, interpolated linearly.
func crossings(v []float64, dt, level float64) []float64 {
	var out []float64
	for j := 1; j < len(v); j++ {
		if v[j-1] < level && v[j] >= level {
			out = append(out, (float64(j-1)+(level-v[j-1])/(v[j]-v[j-1]))*dt)
		}
	}
	return out
}

// TestHHSomaMatchesNEURON runs NEURON's hh soma (L = diam = 12.6157 um,
// one segment, with its zero-area end nodes) as a multicompartment cell
// under the IClamp of shared/ref/neuron_hh_6.3C.csv (0.1 nA, 10-90 ms,
// exact rates) and compares it with NEURON 8.2.2 and with the point cell
// of package channels. Tolerances from the issue: 0.5 mV RMS and 0.01 ms
// per spike; both are met by a factor of about 1e8.
func TestHHSomaMatchesNEURON(t *testing.T) {
	ref := refColumns(t, "neuron_hh_6.3C.csv", "v_mV")
	spk := refColumns(t, "neuron_hh_6.3C_spikes.csv", "step_ms", "interp_ms")
	m := &morph.Morphology{}
	m.AddCylinder("soma", morph.Soma, -1, 0, 12.6157, 12.6157)
	c := &morph.Cell{Morphology: m, RaOhmCm: 100, Mechanisms: []morph.Mechanism{hhMechanism(t, channels.Exact)},
		Clamps: []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 10, DurMs: 80, AmpNA: 0.1}}, ThresholdMV: 0, VInitMV: -65}
	v, steps := run(t, c, 100, 0.025, nil, 1)
	if len(v[0]) != len(ref[0]) {
		t.Fatalf("%d samples, NEURON %d", len(v[0]), len(ref[0]))
	}
	r, mx := rms(v[0], ref[0])
	got := crossings(v[0], 0.025, 0)
	t.Logf("HH soma vs NEURON: RMS %.2e mV, max %.2e mV; spikes %.5f ms", r, mx, got)
	if r > 0.5 {
		t.Errorf("RMS difference %.3g mV > 0.5 mV", r)
	}
	if len(got) != len(spk[1]) || len(steps) != len(spk[0]) {
		t.Fatalf("%d (%d) spikes, NEURON %d", len(got), len(steps), len(spk[1]))
	}
	worst := 0.
	for k := range got {
		worst = math.Max(worst, math.Abs(got[k]-spk[1][k]))
		if math.Abs(steps[k]-spk[0][k]) > 1e-9 {
			t.Errorf("spike %d detected at %.3f ms, NEURON's NetCon %.3f ms", k, steps[k], spk[0][k])
		}
	}
	t.Logf("worst interpolated spike time difference %.2e ms", worst)
	if worst > 0.01 {
		t.Errorf("spike times differ by up to %.3g ms > 0.01 ms", worst)
	}

	// The point cell of package channels gives the same trace.
	pc, _ := channels.HH(6.3, channels.Exact)
	pc.ThresholdMV = 0
	res, err := channels.Simulate(pc, channels.Protocol{TStopMs: 100, Clamps: []channels.Clamp{{DelMs: 10, DurMs: 80, AmpNA: 0.1}}})
	if err != nil {
		t.Fatal(err)
	}
	r, mx = rms(v[0], res.VMV)
	t.Logf("HH soma vs point cell: RMS %.2e mV, max %.2e mV", r, mx)
	if mx > 1e-9 {
		t.Errorf("multicompartment soma and point cell differ by %.3g mV", mx)
	}
}

// cableCell is the cable reference's cell (shared/ref/README.md): hh soma
// (NEURON's default rate tables), 1 mm passive dendrite of 101 segments
// attached at soma(1), Exp2Syn at the centre of the last segment.
func cableCell(t *testing.T, rates channels.RateMode) *morph.Cell {
	m := morph.BallAndStick(12.6157, 1000, 1)
	m.Sections[1].Nseg = 101
	pas, err := channels.NewLeak("pas", 1e-4, -65)
	if err != nil {
		t.Fatal(err)
	}
	return &morph.Cell{Morphology: m, RaOhmCm: 100, CmUFcm2: 1, Mechanisms: []morph.Mechanism{hhMechanism(t, rates),
		{Name: "pas", Where: morph.Sections("dend"), Channels: morph.Uniform(pas)}},
		Synapses:    []morph.Synapse{{Name: "syn", At: morph.At("dend", 1-1./202), Tau1Ms: 0.5, Tau2Ms: 2, EMV: 0}},
		ThresholdMV: 10, VInitMV: -65}
}

// TestCableMatchesNEURON compares the cable reference of NEURON 8.2.2
// (neuron_cable_hh.csv, one event of 0.01 uS at 5 ms) trace by trace:
// soma, dendrite segments 0, 50 and 100, the zero-area node at dend(1) and
// the synaptic conductance. Tolerances from the issue: distal peak within
// 0.1 mV and 0.025 ms of -16.63 mV at 6.775 ms, soma peak within 0.05 mV
// of -62.16 mV at 14.15 ms, traces within 0.2 mV RMS. With NEURON's
// default rate tables (as the reference ran) every trace agrees to 1e-8
// mV; with exact rates the soma differs by 0.008 mV at most.
func TestCableMatchesNEURON(t *testing.T) {
	cols := []string{"v_soma_mV", "v_dend_seg0_mV", "v_dend_seg50_mV", "v_dend_seg100_mV", "v_dend_end_mV", "g_syn_uS"}
	ref := refColumns(t, "neuron_cable_hh.csv", cols...)
	const dt = 0.025
	for _, rates := range []channels.RateMode{channels.Tabulated, channels.Exact} {
		c := cableCell(t, rates)
		cp, err := c.Compartments()
		if err != nil {
			t.Fatal(err)
		}
		d := cp.Section(1)
		end, _ := cp.Node(morph.At("dend", 1))
		v, _ := run(t, c, 40, dt, []event{{5, 0.01, 0}}, 1, d[0], d[50], d[100], end)
		for k := range v {
			r, mx := rms(v[k], ref[k])
			if k == 5 {
				t.Logf("%v rates, %s: RMS %.2e uS, max %.2e uS", rates, cols[k], r, mx)
				if mx > 1e-8 {
					t.Errorf("%v rates: synaptic conductance differs by %.3g uS", rates, mx)
				}
				continue
			}
			t.Logf("%v rates, %s: RMS %.2e mV, max %.2e mV", rates, cols[k], r, mx)
			if r > 0.2 {
				t.Errorf("%v rates, %s: RMS difference %.3g mV > 0.2 mV", rates, cols[k], r)
			}
		}
		vd, td := peak(v[3], dt)
		rd, rtd := peak(ref[3], dt)
		vs, ts := peak(v[0][1:], dt) // after t = 0
		rs, rts := peak(ref[0][1:], dt)
		ts, rts = ts+dt, rts+dt
		t.Logf("%v rates: distal peak %.4f mV at %.3f ms (NEURON %.4f at %.3f), soma peak %.4f mV at %.3f ms (NEURON %.4f at %.3f)",
			rates, vd, td, rd, rtd, vs, ts, rs, rts)
		if math.Abs(vd-(-16.63)) > 0.1 || math.Abs(td-6.775) > 0.025 || math.Abs(vd-rd) > 0.1 {
			t.Errorf("%v rates: distal peak %.4f mV at %.3f ms, want -16.63 mV at 6.775 ms", rates, vd, td)
		}
		if math.Abs(vs-(-62.16)) > 0.05 || math.Abs(ts-14.15) > 0.025 || math.Abs(vs-rs) > 0.05 {
			t.Errorf("%v rates: soma peak %.4f mV at %.3f ms, want -62.16 mV at 14.15 ms", rates, vs, ts)
		}
	}
}

// TestCableProfileMatchesNEURON compares the potential of all 101
// dendritic segments at 5, 6.775, 10 and 20 ms with
// neuron_cable_hh_dend_profile.csv (tolerance 0.2 mV), and the segment
// positions (x, distance from the soma end) with NEURON's.
func TestCableProfileMatchesNEURON(t *testing.T) {
	names := []string{"x", "dist_um", "v_t200_mV", "v_t271_mV", "v_t400_mV", "v_t800_mV"}
	ref := refColumns(t, "neuron_cable_hh_dend_profile.csv", names...)
	c := cableCell(t, channels.Tabulated)
	p, err := morph.NewPopulation(c, 1)
	if err != nil {
		t.Fatal(err)
	}
	cp := p.Compartments()
	d := cp.Section(1)
	if len(d) != len(ref[0]) {
		t.Fatalf("%d segments, NEURON %d", len(d), len(ref[0]))
	}
	soma0 := cp.Nodes[2].DistUm // distances from the soma end of the dendrite
	for k, i := range d {
		if math.Abs(cp.Nodes[i].X-ref[0][k]) > 1e-9 || math.Abs(cp.Nodes[i].DistUm-soma0-ref[1][k]) > 1e-6 {
			t.Errorf("segment %d at x = %g, %g um; NEURON %g, %g um", k, cp.Nodes[i].X, cp.Nodes[i].DistUm-soma0, ref[0][k], ref[1][k])
		}
	}
	steps := []int{200, 271, 400, 800}
	var buf []int
	worst := 0.
	for n, s := 0, 0; s < len(steps); n++ {
		if n == 200 {
			p.Receive(0, 0, 0.01) // the event at 5 ms
		}
		buf = p.Step(0, 1, float64(n)*0.025, 0.025, morph.Input{}, buf[:0])
		if n+1 == steps[s] {
			for k, i := range d {
				diff := math.Abs(p.V(i, 0) - ref[2+s][k])
				worst = math.Max(worst, diff)
				if diff > 0.2 {
					t.Errorf("step %d, segment %d: %.4f mV, NEURON %.4f mV", steps[s], k, p.V(i, 0), ref[2+s][k])
				}
			}
			s++
		}
	}
	t.Logf("profile: worst difference %.2e mV over 4 x %d segments", worst, len(d))
}

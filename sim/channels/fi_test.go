package channels

import (
	"math"
	"testing"
)

// dcRun holds, per cell, the result of a constant-current run.
type dcRun struct {
	rateHz []float64 // spikes with t in [fromMs, tStopMs) per second
	meanMV []float64 // mean V over [fromMs, tStopMs]
	minMV  []float64
	maxMV  []float64
}

// runDC simulates one cell per amplitude, each with a constant injected
// current ampsNA[k] (nA) from t = 0 (GridCellsCond's ext_dc IClamp, played
// as a constant vector), for tStopMs, and measures over [fromMs, tStopMs).
// It uses one Population of len(ampsNA) cells, stepped in two halves.
func runDC(t *testing.T, c *Cell, ampsNA []float64, fromMs, tStopMs float64) dcRun {
	t.Helper()
	n := len(ampsNA)
	pop, err := NewPopulation(c, n)
	if err != nil {
		t.Fatal(err)
	}
	const dt = DefaultDtMs
	steps := int(math.Round(tStopMs / dt))
	from := int(math.Round(fromMs / dt))
	r := dcRun{rateHz: make([]float64, n), meanMV: make([]float64, n),
		minMV: make([]float64, n), maxMV: make([]float64, n)}
	for k := range r.minMV {
		r.minMV[k], r.maxMV[k] = math.Inf(1), math.Inf(-1)
	}
	in := Input{INA: ampsNA}
	spikes := make([]int, 0, n)
	counts := make([]int, n)
	half := n / 2
	for s := 0; s < steps; s++ {
		tm := float64(s) * dt
		spikes = pop.Step(0, half, tm, dt, in, spikes[:0])
		spikes = pop.Step(half, n, tm, dt, in, spikes)
		if s+1 >= from {
			for _, k := range spikes {
				counts[k]++
			}
			for k, v := range pop.V {
				r.meanMV[k] += v
				r.minMV[k] = math.Min(r.minMV[k], v)
				r.maxMV[k] = math.Max(r.maxMV[k], v)
			}
		}
	}
	for k := range counts {
		r.rateHz[k] = float64(counts[k]) / ((tStopMs - fromMs) / 1000)
		r.meanMV[k] /= float64(steps - from + 1)
	}
	return r
}

// within reports whether got is within 1 Hz or 2 % of want (the task's
// tolerance for f-I points).
func withinRate(got, want float64) bool {
	d := math.Abs(got - want)
	return d <= 1 || d <= 0.02*want
}

// TestInterneuronFI checks the interneuron's f-I curve with the theta
// current on against SPEC.md section 4 ("Behaviour [measured]", the
// original code on NEURON 8.2.2): 5e-4 nA -> 31.75 Hz, 1e-3 -> 59.0,
// 1.5e-3 -> 81.5, 2e-3 -> 101.0, 3e-3 -> 134.75, rates over 1-5 s of a
// constant drive (the protocol section 3 states for the same table, "rates
// over 1-5 s"; the values are multiples of 0.25 Hz, i.e. counts over 4 s).
// Section 4 also gives: at -1e-3 nA, -74.97 mV and silent; rest -64.02 mV
// at 0 nA, theta adding about +-1.1 mV.
func TestInterneuronFI(t *testing.T) {
	c, err := WangBuzsaki(DefaultInterneuronParams())
	if err != nil {
		t.Fatal(err)
	}
	amps := []float64{5e-4, 1e-3, 1.5e-3, 2e-3, 3e-3, -1e-3, 0}
	want := []float64{31.75, 59.0, 81.5, 101.0, 134.75, 0, 0}
	r := runDC(t, c, amps, 1000, 5000)
	for k, a := range amps {
		t.Logf("interneuron %+.4g nA: %.2f Hz (SPEC %.2f), V mean %.3f min %.3f max %.3f mV",
			a, r.rateHz[k], want[k], r.meanMV[k], r.minMV[k], r.maxMV[k])
		if !withinRate(r.rateHz[k], want[k]) {
			t.Errorf("interneuron %g nA: %g Hz, SPEC section 4 %g Hz", a, r.rateHz[k], want[k])
		}
	}
	// -1e-3 nA: -74.97 mV (SPEC section 4, two decimals; theta adds a
	// small oscillation, so compare the mean within 0.05 mV).
	if d := math.Abs(r.meanMV[5] - -74.97); d > 0.05 {
		t.Errorf("interneuron at -1e-3 nA: mean V %.3f mV, SPEC -74.97", r.meanMV[5])
	}
	// 0 nA with theta: V oscillates between -65.053 and -62.865 mV
	// (interneuron_summary.json, run amp 0: v_step_min -65.05339008,
	// v_step_max -62.86494633; SPEC section 4: "theta adds +-1.1 mV").
	if math.Abs(r.minMV[6] - -65.05339008) > 0.005 || math.Abs(r.maxMV[6] - -62.86494633) > 0.005 {
		t.Errorf("interneuron at 0 nA with theta: V %.4f..%.4f mV, NEURON -65.0534..-62.8649", r.minMV[6], r.maxMV[6])
	}

	// Without theta the rest is flat at -64.017 mV (SPEC section 4: rest
	// -64.02 mV at 0 nA; interneuron_notheta_summary.json: v_pre_mean
	// -64.01706936).
	p := DefaultInterneuronParams()
	p.ThetaAmpMAcm2 = 0
	c, err = WangBuzsaki(p)
	if err != nil {
		t.Fatal(err)
	}
	r = runDC(t, c, []float64{0}, 400, 500)
	if d := math.Abs(r.meanMV[0] - -64.01706936); d > 1e-4 || r.maxMV[0]-r.minMV[0] > 1e-4 {
		t.Errorf("interneuron without theta at 0 nA: V %.6f..%.6f mV, NEURON -64.01706936", r.minMV[0], r.maxMV[0])
	}
}

// TestStellateFI checks the stellate f-I curve against SPEC.md section 3
// ("Behaviour [measured]: isolated cell, DC only, rates over 1-5 s"), and
// its rheobase: silent at -2.66e-3 nA (subthreshold oscillation around
// -53.3 +- 0.1 mV) and at -2.75e-3 and -3e-3 nA with V = -53.54 and
// -54.10 mV.
func TestStellateFI(t *testing.T) {
	c, err := Stellate(DefaultStellateParams())
	if err != nil {
		t.Fatal(err)
	}
	amps := []float64{-2.6e-3, -2.5e-3, -2.4e-3, -2.0e-3, -1.5e-3, -1e-3, 0, 1e-3, 1.4e-3, 1.5e-3, 2e-3, 3e-3, 5e-3, 1e-2,
		-2.66e-3, -2.75e-3, -3e-3}
	want := []float64{1.25, 2.5, 6.25, 10.0, 13.75, 18.0, 27.75, 36.75, 40.0, 40.5, 44.0, 50.25, 60.5, 78.25,
		0, 0, 0}
	r := runDC(t, c, amps, 1000, 5000)
	for k, a := range amps {
		t.Logf("stellate %+.4g nA: %.2f Hz (SPEC %.2f), V mean %.3f min %.3f max %.3f mV",
			a, r.rateHz[k], want[k], r.meanMV[k], r.minMV[k], r.maxMV[k])
		if !withinRate(r.rateHz[k], want[k]) {
			t.Errorf("stellate %g nA: %g Hz, SPEC section 3 %g Hz", a, r.rateHz[k], want[k])
		}
	}
	// Quiet potentials, SPEC section 3 (two decimals) and section 3's
	// "subthreshold oscillation, V = -53.3 +- 0.1 mV" at -2.66e-3 nA.
	for _, q := range []struct {
		k    int
		want float64
		tol  float64
	}{{14, -53.3, 0.1}, {15, -53.54, 0.02}, {16, -54.10, 0.02}} {
		if d := math.Abs(r.meanMV[q.k] - q.want); d > q.tol {
			t.Errorf("stellate %g nA: mean V %.3f mV, SPEC %g +- %g", amps[q.k], r.meanMV[q.k], q.want, q.tol)
		}
	}
}

// TestStellateSag reproduces GridCellsCond's Fig 1A(2) sag protocol
// (specs/fig1/fig1_stdn_sag.py through stdn_instr.py): ext_dc -2.65e-3 nA
// throughout, plus a played step vector that is -2.7e-3 nA for t < 250 ms
// and the hyperpolarising value from 250 ms (np.piecewise on the 0.025 ms
// grid, played continuously, i.e. interpolated at t + dt/2), 1000 ms. The
// targets are SPEC.md section 13 [measured]: V before the step -57.70 mV;
// troughs -59.60 / -63.52 / -66.81 / -69.82 / -72.65 mV at 258-262 ms;
// steady (mean over 950-1000 ms) -58.22 / -59.94 / -61.39 / -62.66 /
// -63.80 mV; sag amplitudes 1.38 / 3.57 / 5.43 / 7.16 / 8.85 mV, ratio
// (V_ss - V_min)/(V_pre - V_min) 0.72 / 0.61 / 0.60 / 0.59 / 0.59.
// Section 15 suggests +-10 % on the sag amplitudes; the values here are
// printed to 0.01 mV and asserted to 0.02 mV. SPEC does not say over
// which window V_pre was taken: V at 250 ms is -57.65 mV here (the cell is
// still relaxing from the spike after finitialize), while the mean over
// the 50 ms before the step, used below, gives -57.70 mV and reproduces the
// five printed ratios.
func TestStellateSag(t *testing.T) {
	c, err := Stellate(DefaultStellateParams())
	if err != nil {
		t.Fatal(err)
	}
	hyper := []float64{-3.5e-3, -5.5e-3, -7.5e-3, -9.5e-3, -1.15e-2}
	trough := []float64{-59.60, -63.52, -66.81, -69.82, -72.65}
	steady := []float64{-58.22, -59.94, -61.39, -62.66, -63.80}
	sag := []float64{1.38, 3.57, 5.43, 7.16, 8.85}
	ratios := []float64{0.72, 0.61, 0.60, 0.59, 0.59}
	const dt = DefaultDtMs
	for j, hy := range hyper {
		// The played vector: grid value -2.7e-3 for t_k < 250, hy from
		// t_k = 250; linear interpolation between grid points.
		grid := func(k int) float64 {
			if k < 10000 {
				return -2.7e-3
			}
			return hy
		}
		drive := func(tm float64) float64 {
			x := tm / dt
			k := int(math.Floor(x))
			f := x - float64(k)
			return -2.65e-3 + grid(k) + f*(grid(k+1)-grid(k))
		}
		res, err := Simulate(c, Protocol{TStopMs: 1000, Drive: drive})
		if err != nil {
			t.Fatal(err)
		}
		var pre, vmin, tmin, ss float64
		vmin = math.Inf(1)
		npre, nss := 0, 0
		for i, tm := range res.TMs {
			v := res.VMV[i]
			if tm >= 200 && tm < 250 {
				pre += v
				npre++
			}
			if tm > 250 && v < vmin {
				vmin, tmin = v, tm
			}
			if tm >= 950 {
				ss += v
				nss++
			}
		}
		pre /= float64(npre)
		ss /= float64(nss)
		ratio := (ss - vmin) / (pre - vmin)
		t.Logf("sag step to %+.4g nA (total %+.4g): V pre (200-250 ms mean) %.3f, trough %.3f at %.3f ms, steady %.3f, sag %.3f mV, ratio %.2f",
			hy, hy-2.65e-3, pre, vmin, tmin, ss, ss-vmin, ratio)
		if math.Abs(pre - -57.70) > 0.02 {
			t.Errorf("V before the step %.3f mV, SPEC -57.70", pre)
		}
		if math.Abs(ratio-ratios[j]) > 0.006 {
			t.Errorf("step %g nA: sag ratio %.3f, SPEC %.2f", hy, ratio, ratios[j])
		}
		// "at 258-262 ms": whole milliseconds, so accept [257.5, 262.5).
		if math.Abs(vmin-trough[j]) > 0.02 || tmin < 257.5 || tmin >= 262.5 {
			t.Errorf("step %g nA: trough %.3f mV at %.3f ms, SPEC %.2f mV at 258-262 ms", hy, vmin, tmin, trough[j])
		}
		if math.Abs(ss-steady[j]) > 0.02 {
			t.Errorf("step %g nA: steady %.3f mV, SPEC %.2f", hy, ss, steady[j])
		}
		if math.Abs(ss-vmin-sag[j]) > 0.1*sag[j] {
			t.Errorf("step %g nA: sag %.3f mV, SPEC %.2f +- 10%%", hy, ss-vmin, sag[j])
		}
		if ss-vmin < 1 {
			t.Errorf("step %g nA: no measurable sag (%.3f mV)", hy, ss-vmin)
		}
	}
}

// TestStellateReboundSpike reproduces GridCellsCond's Fig 1A(1)
// post-inhibitory rebound protocol (specs/fig1/fig1_stdn_pir.py,
// stdn_instr.py add_net_stim): ext_dc -2.75e-3 nA from t = 0, one NetStim
// event at 1500 ms through a NetCon (NEURON's default delay 1 ms) of weight
// w*1e-4 uS onto the inhibitory Exp2Syn (tau1 0.083, tau2 10 ms, e -75 mV).
// SPEC.md section 13 [measured]: rest -53.54 mV; one rebound spike at
// 1624.05 / 1594.70 / 1580.13 / 1563.93 / 1555.65 ms for w = 0.15 / 0.175 /
// 0.25 / 0.65 / 2 (times printed to 0.01 ms; NEURON stamps on the 0.025 ms
// grid); trough about -78.7 mV.
func TestStellateReboundSpike(t *testing.T) {
	c, err := Stellate(DefaultStellateParams())
	if err != nil {
		t.Fatal(err)
	}
	weights := []float64{0.15, 0.175, 0.25, 0.65, 2}
	want := []float64{1624.05, 1594.70, 1580.13, 1563.93, 1555.65}
	for j, w := range weights {
		res, err := Simulate(c, Protocol{
			TStopMs: 1800, RecordEvery: 4,
			Clamps:   []Clamp{{DelMs: 0, DurMs: 1800, AmpNA: -2.75e-3}},
			Synapses: []SynapseSpec{{Tau1Ms: 0.083, Tau2Ms: 10, EMV: -75}},
			Events:   []Event{{TMs: 1501, Syn: 0, WeightUS: w * 1e-4}},
		})
		if err != nil {
			t.Fatal(err)
		}
		var rest, vmin float64
		vmin = math.Inf(1)
		for i, tm := range res.TMs {
			if tm == 1500 {
				rest = res.VMV[i]
			}
			if tm > 1500 {
				vmin = math.Min(vmin, res.VMV[i])
			}
		}
		var after []float64
		for _, s := range res.Spikes {
			if s.StepMs > 1500 {
				after = append(after, s.StepMs)
			}
		}
		t.Logf("rebound w = %g e-4 uS: rest %.3f mV, trough %.2f mV, spikes after the event %v (SPEC %.2f)",
			w, rest, vmin, after, want[j])
		if math.Abs(rest - -53.54) > 0.02 {
			t.Errorf("w %g: V at 1500 ms %.3f mV, SPEC -53.54", w, rest)
		}
		if len(after) != 1 || math.Abs(after[0]-want[j]) > 0.0125 {
			t.Errorf("w %g: rebound spikes %v, SPEC one at %.2f ms", w, after, want[j])
		}
	}
}

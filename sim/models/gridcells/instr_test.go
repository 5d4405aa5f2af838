package gridcells

import (
	"context"
	"fmt"
	"math"
	"math/cmplx"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim"
)

// stdnSpec is the single-cell specs of Fig 1A (fig1_stdn_*.py) with the
// given DC and extra input.
func stdnSpec(simDur, dc float64, input, extra string) string {
	return fmt.Sprintf(`{"sim_dur": %g, "N_intrnrn": 1, "N_stell": 1, "N_per_sheet": 1, "is_peak": 0,
		"intrnrn_init_noise": [100, 0, 0], "stell_init_noise": [100, 0, 0], "intrnrn_dc_amp": 1.5e-3,
		"stell_const_dc": [%g, -1], "recorder_dt": 0.025, "conn_id": "stdn", "instr_id": "stdn",
		"input_id": %s, "omega_i_theta": 0.007, "init_noise_seed": 50, "noise_seed": 100, "extra_params": %s,
		"record_handle_stell": {"stell_v": {"state": true, "cells_to_record": "all"}}}`, simDur, dc, input, extra)
}

// runStdn runs a single-cell spec and returns the stellate's v (mV, every
// 0.025 ms from 0) and spike times (ms).
func runStdn(t *testing.T, spec string) ([]float64, []float64) {
	t.Helper()
	m, s, err := ParseParams([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNetwork(m, s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := n.Run(context.Background(), &sim.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	var v []float64
	for _, r := range n.Records {
		if r.DataID == "stell_v" {
			for _, x := range res.Traces[r.trace].Values[0] {
				v = append(v, x/sim.Millivolt)
			}
		}
	}
	trains, err := Trains(res, StellName)
	if err != nil {
		t.Fatal(err)
	}
	return v, trains[0]
}

// TestStdnSag runs the sag protocol of fig1_stdn_sag.py (DC -2.65e-3 nA,
// extra clamp -2.7e-3 nA for 0-250 ms, then the step) and compares with
// SPEC section 13 (measured with the original on NEURON 8.2.2): V before
// the step -57.70 mV, troughs and steady states (950-1000 ms) within
// 0.2 mV.
func TestStdnSag(t *testing.T) {
	for _, c := range []struct {
		step, trough, steady float64
	}{{-3.5e-3, -59.60, -58.22}, {-5.5e-3, -63.52, -59.94}, {-7.5e-3, -66.81, -61.39}, {-9.5e-3, -69.82, -62.66}, {-11.5e-3, -72.65, -63.80}} {
		v, _ := runStdn(t, stdnSpec(1000, -2.65e-3, `"sag"`, fmt.Sprintf(`{"dur1": 250, "dur2": 1000, "amp1": -2.7e-3, "amp2": %g}`, c.step)))
		at := func(ms float64) int { return int(math.Round(ms / DtMs)) }
		pre := v[at(250)]
		trough, tmin := math.Inf(1), 0.0
		for k := at(250); k < at(500); k++ {
			if v[k] < trough {
				trough, tmin = v[k], float64(k)*DtMs
			}
		}
		steady := 0.0
		for k := at(950); k < at(1000); k++ {
			steady += v[k]
		}
		steady /= float64(at(1000) - at(950))
		t.Logf("step %g nA: V pre %.2f mV, trough %.2f mV at %.1f ms, steady %.2f mV", c.step, pre, trough, tmin, steady)
		if math.Abs(pre-(-57.70)) > 0.2 {
			t.Errorf("step %g: V before the step %.2f mV, NEURON -57.70 (tolerance 0.2)", c.step, pre)
		}
		if math.Abs(trough-c.trough) > 0.2 {
			t.Errorf("step %g: trough %.2f mV, NEURON %.2f (tolerance 0.2)", c.step, trough, c.trough)
		}
		if math.Abs(steady-c.steady) > 0.2 {
			t.Errorf("step %g: steady %.2f mV, NEURON %.2f (tolerance 0.2)", c.step, steady, c.steady)
		}
		if tmin < 255 || tmin > 265 {
			t.Errorf("step %g: trough at %.1f ms, NEURON 258-262 ms", c.step, tmin)
		}
	}
}

// TestStdnPIR runs the post-inhibitory rebound protocol of
// fig1_stdn_pir.py (DC -2.75e-3 nA, one inhibitory event at 1500 ms
// through a NetCon of 1 ms delay) and compares the rebound spike with
// SPEC section 13: within 1 ms of NEURON's.
func TestStdnPIR(t *testing.T) {
	for _, c := range []struct{ weight, spike float64 }{{0.15, 1624.05}, {0.175, 1594.70}, {0.25, 1580.13}, {0.65, 1563.93}, {2, 1555.65}} {
		_, spikes := runStdn(t, stdnSpec(3500, -2.75e-3, `"pir"`, fmt.Sprintf(`{"start": 1500, "weight": %g}`, c.weight)))
		var after []float64
		for _, s := range spikes {
			if s > 1500 {
				after = append(after, s)
			}
		}
		t.Logf("weight %g: spikes after 1500 ms %v", c.weight, after)
		if len(after) == 0 || math.Abs(after[0]-c.spike) > 1 {
			t.Errorf("weight %g x 1e-4 uS: rebound spikes %v, NEURON %.2f ms (tolerance 1 ms)", c.weight, after, c.spike)
		}
	}
}

// detrend removes the least-squares line, as scipy.signal.detrend.
func detrend(x []float64) []float64 {
	n := float64(len(x))
	var st, sx, stt, stx float64
	for i, v := range x {
		t := float64(i)
		st += t
		sx += v
		stt += t * t
		stx += t * v
	}
	b := (n*stx - st*sx) / (n*stt - st*st)
	a := (sx - b*st) / n
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = v - a - b*float64(i)
	}
	return y
}

// peakBin returns the bin k in [lo, hi) of the largest |DFT_k(x)|, and the
// frequency k/(N dt), as the notebooks' argmax over the FFT.
func peakBin(x []float64, lo, hi int, dtS float64) (int, float64) {
	N := len(x)
	best, bk := -1.0, 0
	for k := lo; k < hi; k++ {
		w := cmplx.Exp(complex(0, -2*math.Pi*float64(k)/float64(N)))
		z, s := complex(1, 0), complex(0, 0)
		for j, v := range x {
			s += complex(v, 0) * z
			z *= w
			if j%4096 == 4095 { // renormalise the rotating phasor
				z = cmplx.Exp(complex(0, -2*math.Pi*float64(k)*float64(j+1)/float64(N)))
			}
		}
		if a := cmplx.Abs(s); a > best {
			best, bk = a, k
		}
	}
	return bk, float64(bk) / (float64(N) * dtS)
}

// TestStdnResonance runs fig1_stdn_res.py (DC -2.75e-3 nA, chirp 1 -> 14
// Hz from 2 s, 10 s) and finds the spectral peak as notebook Fig1_A does
// (power of the detrended whole trace, bins 1-139): NEURON's 7.7999805
// Hz within 0.1 Hz (one bin). It also runs fig1_stdn_subthresh.py (DC
// -2.66e-3 nA, no extra input) and finds its peak over 250-9155 ms: 7.973
// Hz within 0.12 Hz (one bin).
func TestStdnResonance(t *testing.T) {
	v, _ := runStdn(t, stdnSpec(10000, -2.75e-3, `"resonance"`, `{"f0": 1, "f1": 14}`))
	if len(v) != 400001 {
		t.Fatalf("%d samples, want 400001", len(v))
	}
	_, f := peakBin(detrend(v), 1, 140, DtMs*1e-3)
	t.Logf("resonance peak %.4f Hz (NEURON 7.7999805)", f)
	if math.Abs(f-7.799980500048749) > 0.1+1e-9 {
		t.Errorf("resonance peak %.4f Hz, NEURON 7.7999805 Hz (tolerance 0.1 Hz)", f)
	}
	v, _ = runStdn(t, stdnSpec(10000, -2.66e-3, `false`, `{}`))
	seg := v[int(250/0.025):int(9155/0.025)]
	_, f = peakBin(seg, 1, 150, DtMs*1e-3)
	t.Logf("subthreshold peak %.4f Hz (NEURON 7.973049)", f)
	if math.Abs(f-7.973048848961256) > 0.12 {
		t.Errorf("subthreshold oscillation peak %.4f Hz, NEURON 7.973 Hz (tolerance 0.12 Hz, one bin)", f)
	}
}

// TestPulseTrain checks generate_pulse_train's samples for the switch
// motif's values: 20 ms pulses of 1e-2 nA every 2000 ms from 1000 ms,
// 800 samples of 0.025 ms each, and nothing else.
func TestPulseTrain(t *testing.T) {
	for _, start := range []float64{1000, 2000} {
		p := pulseTrain(8000, 20, 2000, start, 1e-2)
		if len(p) != 320000 {
			t.Fatalf("%d samples, want 320000", len(p))
		}
		for k, x := range p {
			ms := float64(k) * 0.025
			in := false
			for c := start; c < 8000; c += 2000 {
				in = in || (ms >= c+1e-9 && ms < c+20-1e-9)
			}
			edge := false
			for c := start; c < 8000; c += 2000 {
				edge = edge || math.Abs(ms-c) < 1e-6 || math.Abs(ms-c-20) < 1e-6
			}
			if !edge && (x != 0) != in {
				t.Fatalf("start %g: sample %d (%g ms) = %g, want pulse %v", start, k, ms, x, in)
			}
		}
		nz := 0
		for _, x := range p {
			if x != 0 {
				nz++
				if x != float32(1e-2) {
					t.Fatalf("pulse amplitude %g, want 1e-2", x)
				}
			}
		}
		if want := int((8000-start)/2000+0.999) * 800; math.Abs(float64(nz-want)) > 4 {
			t.Errorf("start %g: %d samples in pulses, want %d (800 a pulse)", start, nz, want)
		}
	}
}

// TestInstrumentations checks the inputs of instr_ids 2d, motif and stdn
// and their bad-input errors.
func TestInstrumentations(t *testing.T) {
	m := params2D(7)
	_, s := Defaults()
	s.SimDur = 50
	n, err := NewNetwork(m, s)
	if err != nil {
		t.Fatal(err)
	}
	sheets := map[float64][]int{}
	for _, st := range n.Net.Stimuli {
		if cs, ok := st.(*sim.CurrentStep); ok && cs.Target == n.Stell {
			sheets[cs.Amplitude/sim.Nanoamp] = append(sheets[cs.Amplitude/sim.Nanoamp], cs.Neurons...)
		}
	}
	if len(sheets[0]) != 49 || sheets[0][0] != 0 || sheets[0][48] != 48 || len(sheets[-4e-3]) != 147 || sheets[-4e-3][0] != 49 {
		t.Errorf("2d: stellate DCs by sheet %v, want sheet E (gids 0-48) at 0 nA, W, N, S (49-195) at -4e-3", sheets)
	}
	mm, ms, err := ParseParams([]byte(`{"sim_dur": 100, "N_stell": 2, "N_intrnrn": 2, "conn_id": "motif", "instr_id": "motif",
		"input_id": "pulse", "extra_params": {"pulse_width": 20, "amp": 1e-2, "start": 10, "ipi": 40, "first_cell_input": 1},
		"init_noise_seed": 500, "is_peak": 1, "si_peak": 1, "ii_peak": 1, "stell_const_dc": -2.45e-3, "intrnrn_dc_amp": 1e-3}`))
	if err != nil {
		t.Fatal(err)
	}
	nm, err := NewNetwork(mm, ms)
	if err != nil {
		t.Fatal(err)
	}
	var pulse *sim.PlayedCurrent
	for _, st := range nm.Net.Stimuli {
		if pc, ok := st.(*sim.PlayedCurrent); ok && pc.Name == "switch_pulse" {
			pulse = pc
		}
	}
	if pulse == nil || pulse.Neurons[0] != 1 || pulse.Neurons[1] != 0 || pulse.Samples[0][400] == 0 || pulse.Samples[1][400] != 0 || pulse.Samples[1][1200] == 0 {
		t.Errorf("motif: switch pulse %+v, want interneuron 1 pulsed from 10 ms, interneuron 0 from 30 ms", pulse)
	}
	if _, err := nm.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct{ spec, want string }{
		{`{"instr_id": "2d", "conn_id": "2d", "N_per_sheet": 49, "N_intrnrn": 49, "N_stell": 196, "si_mean": [[1,0],[-1,0],[0,1],[0,-1]]}`, `stell_const_dc has 2 values, want 4 (nA: sheets E, W, N, S)`},
		{`{"instr_id": "3d"}`, `unknown instr_id "3d", want one of`},
		{`{"instr_id": "stdn", "conn_id": "stdn", "N_stell": 1, "N_intrnrn": 1, "input_id": "sag", "extra_params": {"dur1": 250}}`, `extra_params has no "dur2"`},
		{`{"instr_id": "stdn", "conn_id": "stdn", "N_stell": 1, "N_intrnrn": 1, "input_id": "pir", "extra_params": {"start": "x", "weight": 1}}`, `extra_params.start = "x", want a number`},
		{`{"instr_id": "stdn", "conn_id": "stdn", "N_stell": 1, "N_intrnrn": 1, "input_id": "resonance", "sim_dur": 1000, "extra_params": {"f0": 1, "f1": 14}}`, `sim_dur = 1000 ms, want more than 2000 ms`},
		{`{"instr_id": "motif", "conn_id": "motif", "N_stell": 2, "N_intrnrn": 2, "input_id": "pulse", "stell_const_dc": -2e-3, "extra_params": {"pulse_width": 20, "amp": 1e-2, "start": 10, "ipi": 40, "first_cell_input": 2}}`, `first_cell_input = 2, want 0 or 1`},
		{`{"instr_id": "motif", "conn_id": "motif", "N_stell": 2, "N_intrnrn": 2, "stell_const_dc": -2e-3, "input_id": "sag"}`, `unknown input_id "sag" for instr_id "motif"`},
	} {
		m, s, err := ParseParams([]byte(c.spec))
		if err != nil {
			t.Fatalf("%s: %v", c.spec, err)
		}
		if _, err := NewNetwork(m, s); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.spec, err, c.want)
		}
	}
}

package sim

import (
	"context"
	"math"
	"testing"
)

// lifRate is the analytic firing rate (Hz) of a LIF neuron driven by a
// constant current: 1 / (tref + taum ln(RI / (RI - (Vt - El)))), with reset
// at El.
func lifRate(taum, tref, r, i, dv float64) float64 {
	ri := r * i
	if ri <= dv {
		return 0
	}
	return 1 / (tref + taum*math.Log(ri/(ri-dv)))
}

// rateOf runs one population of n identical neurons of model m under a DC
// current amp for dur seconds and returns neuron 0's rate, measured between
// its first and last spikes.
func rateOf(t *testing.T, m Model, amp, dt, dur float64) float64 {
	t.Helper()
	net := &Network{Dt: dt}
	p := net.AddPopulation("p", 1, m)
	net.Add(&CurrentStep{Target: p, Amplitude: amp})
	res, err := Run(context.Background(), net, dur, &Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := res.Spikes["p"].Time
	if len(ts) < 3 {
		return 0
	}
	return float64(len(ts)-1) / (ts[len(ts)-1] - ts[0])
}

func TestLIFFICurve(t *testing.T) {
	const taum, tref, cm = 20 * Millisecond, 2 * Millisecond, 250 * Picofarad
	r := taum / cm
	for _, method := range []Method{Exact, Euler} {
		for _, amp := range []float64{0.6 * Nanoamp, 1 * Nanoamp, 2 * Nanoamp} {
			m := &LIF{TauM: taum, EL: -70 * Millivolt, VThreshold: -55 * Millivolt, VReset: -70 * Millivolt,
				Refractory: tref, Cm: cm, Synapse: Delta, Method: method}
			got := rateOf(t, m, amp, 0.01*Millisecond, 1)
			want := lifRate(taum, tref, r, amp, 15*Millivolt)
			// Spikes fall on the step grid: the period is rounded up to a
			// step, so allow one step per period plus 0.5 %.
			tol := want*want*0.01*Millisecond + 0.005*want
			if math.Abs(got-want) > tol {
				t.Errorf("%v, %g nA: rate %.3f Hz, analytic %.3f Hz (tolerance %.3f)", method, amp/Nanoamp, got, want, tol)
			}
		}
	}
	// Below rheobase (R I < Vt - El): silent.
	m := &LIF{TauM: taum, EL: -70 * Millivolt, VThreshold: -55 * Millivolt, VReset: -70 * Millivolt, Cm: cm, Synapse: Delta}
	if got := rateOf(t, m, 0.18*Nanoamp, 0.1*Millisecond, 1); got != 0 {
		t.Errorf("below rheobase: rate %g Hz, want 0", got)
	}
}

// TestAdExReducesToLIF checks AdEx against the analytic LIF rate when its
// exponential term and adaptation vanish (DeltaT -> 0, A = B = 0).
func TestAdExReducesToLIF(t *testing.T) {
	const cm, gl = 200 * Picofarad, 10 * Nanosiemens
	m := &AdEx{Cm: cm, GL: gl, EL: -70 * Millivolt, VT: -55 * Millivolt, DeltaT: 0.01 * Millivolt,
		VPeak: -54.9 * Millivolt, VReset: -70 * Millivolt, TauW: 100 * Millisecond,
		Synapse: ConductanceExp, TauE: 5 * Millisecond, TauI: 10 * Millisecond}
	got := rateOf(t, m, 0.3*Nanoamp, 0.01*Millisecond, 1)
	want := lifRate(cm/gl, 0, 1/gl, 0.3*Nanoamp, 15*Millivolt)
	if math.Abs(got-want) > 0.02*want {
		t.Errorf("AdEx as LIF: %.2f Hz, analytic LIF %.2f Hz", got, want)
	}
	// With the published adaptation, the rate falls over the first spikes.
	net := &Network{Dt: 0.05 * Millisecond}
	p := net.AddPopulation("p", 1, DefaultAdEx())
	net.Add(&CurrentStep{Target: p, Amplitude: 1 * Nanoamp})
	res, err := Run(context.Background(), net, 0.5, &Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := res.Spikes["p"].Time
	if len(ts) < 5 {
		t.Fatalf("AdEx at 1 nA: %d spikes, want tonic firing", len(ts))
	}
	first, last := ts[1]-ts[0], ts[len(ts)-1]-ts[len(ts)-2]
	if last < 1.5*first {
		t.Errorf("AdEx adaptation: last ISI %.1f ms not much longer than first %.1f ms", last*1e3, first*1e3)
	}
}

// TestIzhikevichPatterns checks the firing classes of Izhikevich 2003,
// Fig. 2, at I = 10: regular spiking adapts, fast spiking does not and fires
// faster, chattering fires in bursts (short ISIs within, long between).
func TestIzhikevichPatterns(t *testing.T) {
	run := func(m *Izhikevich) []float64 {
		net := &Network{Dt: 0.1 * Millisecond}
		p := net.AddPopulation("p", 1, m)
		net.Add(&CurrentStep{Target: p, Amplitude: 10 * Picoamp})
		res, err := Run(context.Background(), net, 0.5, &Options{Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		return res.Spikes["p"].Time
	}
	rs := run(&Izhikevich{})
	fs := run(&Izhikevich{A: 0.1, B: 0.2, C: -65 * Millivolt, D: 2})
	ch := run(&Izhikevich{A: 0.02, B: 0.2, C: -50 * Millivolt, D: 2})
	if len(rs) < 4 || len(fs) <= 2*len(rs) {
		t.Errorf("RS %d spikes, FS %d spikes: want FS much faster than RS", len(rs), len(fs))
	}
	if len(rs) >= 4 && rs[len(rs)-1]-rs[len(rs)-2] <= rs[1]-rs[0] {
		t.Errorf("RS does not adapt: first ISI %.1f ms, last %.1f ms", (rs[1]-rs[0])*1e3, (rs[len(rs)-1]-rs[len(rs)-2])*1e3)
	}
	minI, maxI := math.Inf(1), 0.0
	for k := 1; k < len(ch); k++ {
		d := ch[k] - ch[k-1]
		minI, maxI = math.Min(minI, d), math.Max(maxI, d)
	}
	if len(ch) < 6 || maxI < 3*minI {
		t.Errorf("chattering: %d spikes, ISIs from %.1f to %.1f ms: want bursts", len(ch), minI*1e3, maxI*1e3)
	}
}

package morph_test

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// TestMgBlockCurve compares MgBlock.Fraction with the Jahr-Stevens formula
// written independently as K/(K + [Mg] exp(-0.062 v)) and with values
// computed by hand, relative tolerance 1e-14.
func TestMgBlockCurve(t *testing.T) {
	for _, tc := range []struct {
		mg, v, want float64
	}{
		{1, 0, 3.57 / 4.57},                      // 0.78118...
		{1, -65, 3.57 / (3.57 + math.Exp(4.03))}, // 0.06214...
		{2, -100, 3.57 / (3.57 + 2*math.Exp(6.2))},
		{0, -80, 1},
	} {
		got := channels.MgBlock{MgMM: tc.mg}.Fraction(tc.v)
		if math.Abs(got/tc.want-1) > 1e-14 {
			t.Errorf("[Mg] %g mM, v %g mV: B = %.17g, want %.17g", tc.mg, tc.v, got, tc.want)
		}
	}
	for v := -120.; v <= 60; v += 0.5 {
		want := 3.57 / (3.57 + 1.2*math.Exp(-0.062*v))
		if got := (channels.MgBlock{MgMM: 1.2}).Fraction(v); math.Abs(got/want-1) > 1e-14 {
			t.Fatalf("v %g mV: B = %.17g, want %.17g", v, got, want)
		}
	}
	if b := (channels.MgBlock{MgMM: 1}).Fraction(0); math.Abs(b-0.78118161925601750) > 1e-15 {
		t.Errorf("B(0 mV, 1 mM) = %.17g, want 0.7811816192560175", b)
	}
	if b := (channels.MgBlock{MgMM: -1}).Fraction(0); !math.IsNaN(b) {
		t.Errorf("negative [Mg] gives %g, want NaN", b)
	}
}

// TestNMDAVoltageClamp holds a soma without membrane channels at several
// potentials through an SEClamp (rs 1e-3 MOhm) and gives its NMDA synapse
// (tau1 2 ms, tau2 50 ms, 1 mM Mg) and its AMPA synapse (0.2, 2 ms) one
// event each at t = 0. The recorded conductance must equal the
// independently computed w F (exp(-t/tau2) - exp(-t/tau1)) B(vhold) within
// 1e-5 relative (measured 2.1e-6 at most: the clamped potential differs
// from the command by i rs, 1e-4 mV, which moves B by 0.062/mV times
// that), and the clamp current g(t) (vhold - 0) over 100 ms within 5e-4
// relative (measured 2.0e-4: the capacitive current of the i rs changes;
// the clamp lags the synapse by one step, which the comparison accounts
// for).
func TestNMDAVoltageClamp(t *testing.T) {
	const (
		dt    = 0.025
		tau1  = 2.
		tau2  = 50.
		w     = 0.005 // uS
		rs    = 1e-3  // MOhm
		steps = 4000
		gTol  = 1e-5
		iTol  = 5e-4
	)
	tp := tau1 * tau2 / (tau2 - tau1) * math.Log(tau2/tau1)
	f := 1 / (math.Exp(-tp/tau2) - math.Exp(-tp/tau1))
	s := func(tms, t1, t2, f float64) float64 { return w * f * (math.Exp(-tms/t2) - math.Exp(-tms/t1)) }
	tpA := 0.2 * 2 / (2 - 0.2) * math.Log(2/0.2)
	fA := 1 / (math.Exp(-tpA/2) - math.Exp(-tpA/0.2))

	for _, kind := range []string{"nmda", "ampa"} {
		for _, vh := range []float64{-90, -70, -50, -30, -10, 10, 30} {
			m := &morph.Morphology{}
			m.AddCylinder("soma", morph.Soma, -1, 0, 12.6157, 12.6157)
			syn := morph.Synapse{Name: "nmda", At: morph.At("soma", 0.5), Tau1Ms: tau1, Tau2Ms: tau2, Block: &channels.MgBlock{MgMM: 1}}
			if kind == "ampa" {
				syn = morph.Synapse{Name: "ampa", At: morph.At("soma", 0.5), Tau1Ms: 0.2, Tau2Ms: 2}
			}
			c := &morph.Cell{Morphology: m, VInitMV: vh,
				Synapses: []morph.Synapse{syn},
				VClamps:  []morph.SEClamp{{At: morph.At("soma", 0.5), RsMOhm: rs, Dur: [3]float64{1e9}, Amp: [3]float64{vh}}}}
			p, err := morph.NewPopulation(c, 1)
			if err != nil {
				t.Fatal(err)
			}
			p.Receive(0, 0, w)
			worstG, worstI := 0., 0.
			var buf []int
			prevG := 0.
			for n := 0; n < steps; n++ {
				buf = p.Step(0, 1, float64(n)*dt, dt, morph.Input{}, buf[:0])
				tn := float64(n) * dt
				want := s(tn, tau1, tau2, f) * (channels.MgBlock{MgMM: 1}).Fraction(vh)
				if kind == "ampa" {
					want = s(tn, 0.2, 2, fA)
				}
				got := p.Conductance(0)[0]
				if want > 1e-3*w {
					worstG = math.Max(worstG, math.Abs(got/want-1))
				}
				// The clamp current of step n holds v against the synaptic
				// current of step n-1.
				if n > 0 && prevG > 1e-3*w && vh != 0 {
					wantI := prevG * vh // injected (depolarising) = synaptic outward current
					gotI := p.ClampCurrent(0)[0]
					worstI = math.Max(worstI, math.Abs(gotI/wantI-1))
				}
				prevG = want
			}
			t.Logf("%s at %g mV: conductance within %.1e, clamp current within %.1e (relative)", kind, vh, worstG, worstI)
			if worstG > gTol || worstI > iTol {
				t.Errorf("%s at %g mV: conductance off by %.2g, clamp current by %.2g (relative), want <= %g, %g", kind, vh, worstG, worstI, gTol, iTol)
			}
		}
	}
}

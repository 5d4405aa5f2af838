package morph_test

import (
	"math"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// passiveCable is a sealed-end cylinder of length lUm, diameter 2 um,
// nseg segments, Ra 100 ohm cm, cm 1 uF/cm2 and pas g 1e-4 S/cm2 (Rm 10
// kohm cm2, tau 10 ms, lambda 707.1 um), e = -65 mV, with a current step
// of iNA from t = 0 into its 0 end.
func passiveCable(t *testing.T, lUm float64, nseg int, iNA float64) (*morph.Population, int) {
	t.Helper()
	m := &morph.Morphology{}
	m.AddCylinder("cable", morph.Basal, -1, 0, lUm, 2)
	m.Sections[0].Nseg = nseg
	pas, err := channels.NewLeak("pas", 1e-4, -65)
	if err != nil {
		t.Fatal(err)
	}
	c := &morph.Cell{Morphology: m, RaOhmCm: 100, CmUFcm2: 1, VInitMV: -65,
		Mechanisms: []morph.Mechanism{{Name: "pas", Channels: morph.Uniform(pas)}},
		Clamps:     []morph.IClamp{{At: morph.At("cable", 0), DelMs: 0, DurMs: 1e9, AmpNA: iNA}}}
	p, err := morph.NewPopulation(c, 1)
	if err != nil {
		t.Fatal(err)
	}
	return p, nseg
}

// Cable constants of the passive cable (cgs): membrane resistance times
// unit length rm (ohm cm), axial resistance per unit length ri (ohm/cm).
const (
	cableDiamCm = 2e-4
	cableRm     = 1e4 // ohm cm2
	cableRa     = 100 // ohm cm
	cableTauMs  = 10  // Rm Cm
)

var (
	cableRmLen  = cableRm / (math.Pi * cableDiamCm)                   // ohm cm
	cableRiLen  = cableRa / (math.Pi * cableDiamCm * cableDiamCm / 4) // ohm / cm
	cableLambda = math.Sqrt(cableRmLen/cableRiLen) * 1e4              // um
	cableRInf   = math.Sqrt(cableRmLen*cableRiLen) * 1e-6             // MOhm
)

// TestPassiveCableSteadyState compares the steady state under a constant
// current with cable theory: input resistance R_inf coth(L/lambda) of a
// sealed-end cable, the profile cosh((L-x)/lambda)/cosh(L/lambda), and, for
// a cable of ten length constants, R_inf itself and the length constant
// from the decay of the profile. NEURON's spatial discretization is second
// order: 201 segments (5 um, lambda/141) are within 1e-5 of the continuous
// solution; 1001 segments of lambda/100 within 1e-4 at the far end, where
// the potential is 1e-4 of that at the near end.
func TestPassiveCableSteadyState(t *testing.T) {
	if math.Abs(cableLambda-707.1068) > 1e-3 || math.Abs(cableRInf-225.0791) > 1e-3 {
		t.Fatalf("constants: lambda %g um, R_inf %g MOhm", cableLambda, cableRInf)
	}
	for _, tc := range []struct {
		lUm      float64
		nseg     int
		tol, pro float64 // relative tolerances of R_in and of the profile
	}{{1000, 201, 1e-5, 1e-5}, {10 * cableLambda, 1001, 2e-5, 1e-4}} {
		const iNA = 0.1
		p, nseg := passiveCable(t, tc.lUm, nseg(tc.nseg), iNA)
		// Backward Euler converges to the exact steady state of the
		// discretized cable whatever dt: 2000 steps of 1 ms.
		var spk []int
		for n := 0; n < 2000; n++ {
			spk = p.Step(0, 1, float64(n), 1, morph.Input{}, spk[:0])
		}
		ll := tc.lUm / cableLambda
		rin := (p.V(0, 0) + 65) / iNA
		want := cableRInf / math.Tanh(ll)
		t.Logf("L = %.3g lambda: R_in %.6f MOhm, theory %.6f (rel %.1e)", ll, rin, want, rin/want-1)
		if !near(rin, want, tc.tol) {
			t.Errorf("L = %g lambda: input resistance %g MOhm, want %g", ll, rin, want)
		}
		cp := p.Compartments()
		worst := 0.
		for i, nd := range cp.Nodes {
			x := nd.X * tc.lUm
			v := p.V(i, 0) + 65
			w := iNA * cableRInf * math.Cosh((tc.lUm-x)/cableLambda) / math.Sinh(ll)
			worst = math.Max(worst, math.Abs(v/w-1))
		}
		t.Logf("profile: worst relative difference %.1e over %d nodes", worst, nseg+2)
		if worst > tc.pro {
			t.Errorf("L = %g lambda: profile off by %.2g (relative)", ll, worst)
		}
		// The length constant from the decay of the profile.
		if tc.lUm > 5000 {
			i1, _ := cp.Node(morph.At("cable", 0.1))
			i2, _ := cp.Node(morph.At("cable", 0.2))
			x1, x2 := cp.Nodes[i1].X*tc.lUm, cp.Nodes[i2].X*tc.lUm
			v1, v2 := p.V(i1, 0)+65, p.V(i2, 0)+65
			lam := (x2 - x1) / math.Log(v1/v2)
			t.Logf("length constant from the profile %.3f um, theory %.3f um", lam, cableLambda)
			if !near(lam, cableLambda, 1e-4) {
				t.Errorf("length constant %g um, want %g", lam, cableLambda)
			}
		}
	}
}

func nseg(n int) int { return n }

// sealedEndV0 is the potential (mV above rest) at the injection end of a
// sealed-end cable of length lUm, t ms after the onset of a current step
// of iNA at that end: the cosine-mode expansion
// V = I rm/l [ (1 - e^-T) + 2 sum_n (1 - e^-(1+k_n^2)T)/(1+k_n^2) ],
// k_n = n pi lambda/l, T = t/tau, written as the steady state minus the
// decaying modes.
func sealedEndV0(lUm, tMs, iNA float64) float64 {
	l := lUm * 1e-4 // cm
	tt := tMs / cableTauMs
	ll := lUm / cableLambda
	vss := iNA * cableRInf / math.Tanh(ll)
	dec := math.Exp(-tt)
	for n := 1; n < 100000; n++ {
		k := float64(n) * math.Pi / ll
		term := 2 * math.Exp(-(1+k*k)*tt) / (1 + k*k)
		dec += term
		if term < 1e-18 {
			break
		}
	}
	return vss - iNA*cableRmLen/l*1e-6*dec
}

// TestSealedEndTransient compares the charging of a sealed-end cable
// (L = 1.41 lambda, 201 segments) after a current step at one end with the
// analytic series. Backward Euler is first order in time: at dt = 5 us the
// potential is within 0.1% of theory from 1 ms on (0.3% at 0.2 ms), and
// halving dt halves the error.
func TestSealedEndTransient(t *testing.T) {
	const lUm, iNA = 1000, 0.1
	times := []float64{0.2, 0.5, 1, 2, 5, 10, 20, 40}
	errAt := func(dt float64) []float64 {
		p, _ := passiveCable(t, lUm, 201, iNA)
		var out []float64
		var spk []int
		next := 0
		steps := int(math.Round(times[len(times)-1] / dt))
		for n := 0; n < steps; n++ {
			spk = p.Step(0, 1, float64(n)*dt, dt, morph.Input{}, spk[:0])
			tn := float64(n+1) * dt
			if next < len(times) && math.Abs(tn-times[next]) < dt/2 {
				v := p.V(0, 0) + 65
				out = append(out, v/sealedEndV0(lUm, times[next], iNA)-1)
				next++
			}
		}
		return out
	}
	e1, e2 := errAt(0.005), errAt(0.0025)
	for k, tm := range times {
		t.Logf("t = %4.1f ms: V(0) %.5f mV above rest, theory %.5f; relative error %.1e at dt 5 us, %.1e at 2.5 us",
			tm, sealedEndV0(lUm, tm, iNA)*(1+e1[k]), sealedEndV0(lUm, tm, iNA), e1[k], e2[k])
		if tol := 1e-3 * math.Max(1, 1/tm); math.Abs(e1[k]) > tol {
			t.Errorf("t = %g ms: relative error %.2g > %.2g", tm, e1[k], tol)
		}
		if tm <= 5 {
			if r := e1[k] / e2[k]; r < 1.8 || r > 2.4 {
				t.Errorf("t = %g ms: error ratio %.3f for dt halved, want about 2 (first order)", tm, r)
			}
		}
	}
}

// TestSEClamp clamps a passive soma (500 um2, g 1e-4 S/cm2, e -65 mV,
// leak conductance G = 5e-4 uS) through rs = 0.01 MOhm to -50 mV, then
// -80 mV, then releases it: at steady state v = (vc/rs + G e)/(1/rs + G)
// and the clamp supplies G (v - e); released, v relaxes to rest with
// tau = cm/g = 1 ms (cm 0.1 uF/cm2).
func TestSEClamp(t *testing.T) {
	m := &morph.Morphology{}
	m.AddCylinder("soma", morph.Soma, -1, 0, 12.6157, 12.6157)
	pas, _ := channels.NewLeak("pas", 1e-4, -65)
	c := &morph.Cell{Morphology: m, CmUFcm2: 0.1, VInitMV: -65,
		Mechanisms: []morph.Mechanism{{Name: "pas", Channels: morph.Uniform(pas)}},
		VClamps:    []morph.SEClamp{{At: morph.At("soma", 0.5), RsMOhm: 0.01, Dur: [3]float64{20, 20, 0}, Amp: [3]float64{-50, -80, 0}}}}
	p, err := morph.NewPopulation(c, 2)
	if err != nil {
		t.Fatal(err)
	}
	G := 1e-4 * math.Pi * 12.6157 * 12.6157 * 1e-2 // uS
	soma, _ := p.Compartments().Node(morph.At("soma", 0.5))
	var buf []int
	check := func(vc float64) {
		wantV := (vc/0.01 + G*-65) / (1/0.01 + G)
		wantI := G * (wantV + 65)
		v, i := p.V(soma, 1), p.ClampCurrent(0)[1]
		t.Logf("command %g mV: v %.6f mV (theory %.6f), clamp current %.6f nA (theory %.6f)", vc, v, wantV, i, wantI)
		if math.Abs(v-wantV) > 1e-9 || math.Abs(i-wantI) > 1e-6*math.Abs(wantI) {
			t.Errorf("command %g mV: v %g mV, i %g nA; want %g, %g", vc, v, i, wantV, wantI)
		}
	}
	for n := 0; n < 2000; n++ {
		buf = p.Step(0, 2, float64(n)*0.025, 0.025, morph.Input{}, buf[:0])
		switch n + 1 {
		case 799:
			check(-50)
		case 1599:
			check(-80)
		}
	}
	if i := p.ClampCurrent(0)[0]; i != 0 {
		t.Errorf("released clamp carries %g nA", i)
	}
	if v := p.V(soma, 0); math.Abs(v+65) > 0.01 {
		t.Errorf("10 ms after release v = %g mV, want back near -65", v)
	}
	c.VClamps[0].RsMOhm = 0
	if _, err := morph.NewPopulation(c, 1); err == nil || !strings.Contains(err.Error(), "RsMOhm = 0") {
		t.Errorf("rs = 0 accepted: %v", err)
	}
}

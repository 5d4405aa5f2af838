package morph_test

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// cableRun integrates the passive sealed-end cable of passiveCable (1000
// um, nseg segments, a 0.1 nA step into its 0 end from t = 0) by backward
// Euler or Crank-Nicolson with step dt and returns the potential (mV above
// rest) at the centre of the first segment and at x = 0.5 at the times ts
// (ms). (The injection end itself is a zero-area node: without
// capacitance, its Crank-Nicolson potential 2 v(t+dt/2) - v(t) alternates
// about the true value from step to step, as in NEURON.)
func cableRun(t *testing.T, nseg int, cn bool, dt float64, ts []float64) (v0, vMid []float64) {
	t.Helper()
	m := &morph.Morphology{}
	m.AddCylinder("cable", morph.Basal, -1, 0, 1000, 2)
	m.Sections[0].Nseg = nseg
	pas, err := channels.NewLeak("pas", 1e-4, -65)
	if err != nil {
		t.Fatal(err)
	}
	c := &morph.Cell{Morphology: m, RaOhmCm: 100, CmUFcm2: 1, VInitMV: -65, CrankNicolson: cn,
		Mechanisms: []morph.Mechanism{{Name: "pas", Channels: morph.Uniform(pas)}},
		Clamps:     []morph.IClamp{{At: morph.At("cable", 0), DelMs: 0, DurMs: 1e9, AmpNA: 0.1}}}
	p, err := morph.NewPopulation(c, 1)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := p.Compartments().Node(morph.At("cable", 0.5/float64(nseg)))
	mid, _ := p.Compartments().Node(morph.At("cable", 0.5))
	var spk []int
	next := 0
	for n := 0; next < len(ts); n++ {
		spk = p.Step(0, 1, float64(n)*dt, dt, morph.Input{}, spk[:0])
		if math.Abs(float64(n+1)*dt-ts[next]) < dt/2 {
			v0 = append(v0, p.V(first, 0)+65)
			vMid = append(vMid, p.V(mid, 0)+65)
			next++
		}
	}
	return v0, vMid
}

// sealedEndV is the analytic potential (mV above rest) at x um of the
// sealed-end cable of passiveCable of length lUm, t ms after a current step
// of iNA into its 0 end: the steady state R_inf I cosh((l-x)/lambda) /
// sinh(l/lambda) less the decaying cosine modes
// I rm/l [e^-T + 2 sum_n cos(n pi x/l) e^-(1+k_n^2)T / (1+k_n^2)].
func sealedEndV(lUm, xUm, tMs, iNA float64) float64 {
	tt := tMs / cableTauMs
	ll := lUm / cableLambda
	vss := iNA * cableRInf * math.Cosh((lUm-xUm)/cableLambda) / math.Sinh(ll)
	dec := math.Exp(-tt)
	for n := 1; n < 100000; n++ {
		k := float64(n) * math.Pi / ll
		term := 2 * math.Exp(-(1+k*k)*tt) / (1 + k*k)
		dec += term * math.Cos(float64(n)*math.Pi*xUm/lUm)
		if term < 1e-18 {
			break
		}
	}
	return vss - iNA*cableRmLen/(lUm*1e-4)*1e-6*dec
}

// TestCrankNicolsonOrder measures the temporal order of the two schemes on
// the passive cable (1000 um, 41 segments): the errors at dt = 0.1, 0.05
// and 0.025 ms against a Crank-Nicolson run at dt = 0.1/128 ms (the same
// spatial discretization, so that only the time error remains). Halving dt
// must divide the Crank-Nicolson error by 3.5 to 4.5 (second order;
// measured 3.78 to 4.00) and the backward Euler error by 1.8 to 2.2
// (first order; measured 1.99 to 2.00), at the first segment and the
// middle, 5, 10 and 20 ms after the onset (earlier, the undamped fast
// modes of Crank-Nicolson still weigh in its error at dt 0.1, and the
// error of either scheme at the middle is small and changes sign); and
// Crank-Nicolson at dt 0.1 ms must be more accurate than backward Euler at
// dt 0.025 ms (measured: 40 times). The reference
// agrees with the analytic sealed-end solution within the spatial error
// of 41 segments (2e-3 relative).
func TestCrankNicolsonOrder(t *testing.T) {
	const nseg = 41
	ts := []float64{5, 10, 20}
	r0, rMid := cableRun(t, nseg, true, 0.1/128, ts)
	for k, tm := range ts {
		a0, aMid := sealedEndV(1000, 500./nseg, tm, 0.1), sealedEndV(1000, 500, tm, 0.1)
		t.Logf("reference at %g ms: %.6f and %.6f mV, analytic %.6f and %.6f mV", tm, r0[k], rMid[k], a0, aMid)
		if math.Abs(r0[k]/a0-1) > 2e-3 || math.Abs(rMid[k]/aMid-1) > 2e-3 {
			t.Errorf("reference at %g ms: %g and %g mV, analytic %g and %g mV", tm, r0[k], rMid[k], a0, aMid)
		}
	}
	dts := []float64{0.1, 0.05, 0.025}
	errs := map[bool][][]float64{}
	for _, sc := range []struct {
		name   string
		cn     bool
		lo, hi float64
	}{{"backward Euler", false, 1.8, 2.2}, {"Crank-Nicolson", true, 3.5, 4.5}} {
		var e0, eMid [][]float64
		for _, dt := range dts {
			v0, vMid := cableRun(t, nseg, sc.cn, dt, ts)
			var a, b []float64
			for k := range ts {
				a = append(a, math.Abs(v0[k]-r0[k]))
				b = append(b, math.Abs(vMid[k]-rMid[k]))
			}
			e0, eMid = append(e0, a), append(eMid, b)
		}
		errs[sc.cn] = e0
		for k, tm := range ts {
			for j := 1; j < len(dts); j++ {
				for _, e := range []struct {
					where string
					err   [][]float64
				}{{"first segment", e0}, {"x=0.5", eMid}} {
					r := e.err[j-1][k] / e.err[j][k]
					t.Logf("%s, %s, t = %g ms: error %.3g mV at dt %g, %.3g at dt %g: ratio %.3f",
						sc.name, e.where, tm, e.err[j-1][k], dts[j-1], e.err[j][k], dts[j], r)
					if r < sc.lo || r > sc.hi {
						t.Errorf("%s, %s, t = %g ms: error ratio %.3f for dt %g -> %g, want %g to %g",
							sc.name, e.where, tm, r, dts[j-1], dts[j], sc.lo, sc.hi)
					}
				}
			}
		}
	}
	for k, tm := range ts {
		cn, be := errs[true][0][k], errs[false][2][k]
		if cn >= be {
			t.Errorf("t = %g ms: Crank-Nicolson error %g mV at dt 0.1 not below backward Euler's %g mV at dt 0.025", tm, cn, be)
		}
	}
}

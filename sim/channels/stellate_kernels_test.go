package channels

import (
	"math"
	"testing"
)

// stellateVoltages returns potentials over [-150, 100] mV every 0.01 mV,
// plus the removable singularities of vtrap (-23 and -27 mV) and points
// within 1e-5 mV of them.
func stellateVoltages() []float64 {
	var vs []float64
	for i := 0; i <= 25000; i++ {
		vs = append(vs, -150+0.01*float64(i))
	}
	for _, v0 := range []float64{-23, -27} {
		for _, d := range []float64{0, 1e-12, -1e-12, 1e-9, -1e-9, 1e-6, -1e-6, 1e-5, -1e-5} {
			vs = append(vs, v0+d)
		}
	}
	return vs
}

// TestStellateKernelsMatchFormulas compares the gate updates of the
// kernels (vmath.Exp) with the rate functions evaluated with math.Exp
// (stellNaM, ..., cnexpAB, cnexp: the formulas of stellate_mech.mod), for
// gates at 0.01, 0.5 and 0.99 over stellateVoltages and dt 0.025 ms. Both
// compute the same expressions but for the exponential (about 1 ulp) and
// the division of exponents by constants (a multiplication by the rounded
// reciprocal, 1 ulp), so the updated gates must agree to 1e-13 relative to
// the larger of the old and new values (measured: 1e-14).
func TestStellateKernelsMatchFormulas(t *testing.T) {
	const dt, tol = 0.025, 1e-13
	h, err := NewStellateH(0.0015, -20, 0.51, 5.6)
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	// The difference is relative to the larger of the old and new gate
	// values: near 0 the update cancels x against (1 - e)(inf - x).
	check := func(name string, v, x, got, want float64) {
		t.Helper()
		d := math.Abs(got-want) / math.Max(math.Abs(want), x)
		if got == want {
			d = 0
		}
		worst = math.Max(worst, d)
		if !(d <= tol) {
			t.Fatalf("%s at v = %v: kernel %v, formula %v (relative difference %.3g)", name, v, got, want, d)
		}
	}
	for _, v := range stellateVoltages() {
		for _, x := range []float64{0.01, 0.5, 0.99} {
			m, hh, p := stellNaLane(v, x, x, x, dt)
			a, b := stellNaM(v)
			check("m", v, x, m, cnexpAB(x, a, b, dt))
			a, b = stellNaH(v)
			check("h", v, x, hh, cnexpAB(x, a, b, dt))
			a, b = stellNaP(v)
			check("p", v, x, p, cnexpAB(x, a, b, dt))
			a, b = stellKN(v)
			check("n", v, x, stellKdrLane(v, x, dt), cnexpAB(x, a, b, dt))
			hf, hs := stellHLane(v, x, x, h.hfTau, h.hsTau, dt)
			finf, ftau, sinf, stau := h.rates(v)
			check("hf", v, x, hf, cnexp(x, finf, ftau, dt))
			check("hs", v, x, hs, cnexp(x, sinf, stau, dt))
		}
	}
	t.Logf("max relative difference kernel vs math.Exp formulas: %.3g", worst)
}

// TestStellateSIMDMatchesScalar steps 103 stellate cells (not a multiple
// of 4: with AVX-512, 96 take the eight-lane kernels, 4 the four-lane ones
// and the last 3 the scalar lanes) under DC from 0 to 0.01 nA and, every
// other step, excitatory and inhibitory synaptic conductances for 200 ms
// with the SIMD kernels (four lanes only, and eight where the CPU has
// AVX-512) and with the scalar lanes only: gates, currents and the membrane
// update; every potential and gate must be bit-identical.
func TestStellateSIMDMatchesScalar(t *testing.T) {
	if !vectorKernelsAvailable {
		t.Skip("no SIMD kernels in this build or CPU")
	}
	wide := wideKernels
	defer func() { vectorKernels, wideKernels = vectorKernelsAvailable, wide }()
	c, err := Stellate(DefaultStellateParams())
	if err != nil {
		t.Fatal(err)
	}
	const n, steps, dt = 103, 8000, DefaultDtMs
	run := func(vec, w bool) (*Population, int) {
		vectorKernels, wideKernels = vec, w
		p, err := NewPopulation(c, n)
		if err != nil {
			t.Fatal(err)
		}
		inj := make([]float64, n)
		gs, gse := make([]float64, n), make([]float64, n)
		for k := range inj {
			inj[k] = 0.01 * float64(k) / n
		}
		spikes := 0
		buf := make([]int, 0, n)
		for s := 0; s < steps; s++ {
			for k := range gs {
				// An excitatory and an inhibitory conductance (uS), varying
				// with the cell and the step.
				ge := 1e-4 * float64((k+s)%7)
				gi := 2e-4 * float64((k*s)%5)
				gs[k], gse[k] = ge+gi, gi*-75 // reversals 0 and -75 mV
			}
			in := Input{INA: inj, GSynUS: gs, GSynEUSMV: gse}
			if s%2 == 1 {
				in = Input{INA: inj} // the scalar membrane loop's other case
			}
			buf = p.Step(0, n, float64(s)*dt, dt, in, buf[:0])
			spikes += len(buf)
		}
		return p, spikes
	}
	ps, ss := run(false, false)
	for _, w := range []bool{false, true} {
		if w && !wideKernelsAvailable {
			continue
		}
		pv, sv := run(true, w)
		if sv != ss || sv == 0 {
			t.Fatalf("spikes: SIMD (wide %v) %d, scalar %d (want equal and > 0)", w, sv, ss)
		}
		for k := range pv.V {
			if math.Float64bits(pv.V[k]) != math.Float64bits(ps.V[k]) {
				t.Fatalf("wide %v: cell %d: v SIMD %v, scalar %v", w, k, pv.V[k], ps.V[k])
			}
		}
		for j := range c.Channels {
			for g, gv := range pv.Gates(j) {
				for k := range gv {
					if math.Float64bits(gv[k]) != math.Float64bits(ps.Gates(j)[g][k]) {
						t.Fatalf("wide %v: channel %d gate %d cell %d: SIMD %v, scalar %v", w, j, g, k, gv[k], ps.Gates(j)[g][k])
					}
				}
			}
		}
	}
	t.Logf("%d spikes, identical (AVX-512 lanes tested too: %v)", ss, wide)
}

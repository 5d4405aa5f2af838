package channels

import (
	"math"

	"github.com/golgi-sim/golgi/sim/vmath"
)

// The stellate channels' gate updates (Advance) as kernels over cells: a
// scalar lane per cell, and SIMD lanes (kernels4_simd.go, kernels8_simd.go)
// that compute the same IEEE operations in the same order, four or eight
// cells at a time, with the same exponential (vmath.Exp), so that both give
// the same bits. The formulas
// are those of stellNaM, stellNaH, stellNaP, stellKN, StellateH.rates,
// cnexpAB and cnexp, with two changes that move results by about 1 ulp
// (TestStellateKernelsMatchFormulas): the exponential is vmath.Exp (its TestExp)
// and a division by a constant c in an exponent is a multiplication by the
// rounded 1/c (divisions cost far more than multiplications).

// vtrap10Lane is vtrap(x, 10) with vmath.Exp, x/10 taken as x*0.1.
func vtrap10Lane(x float64) float64 {
	xy := x * 0.1
	if math.Abs(xy) < 1e-6 {
		return 10 * (1 - xy/2)
	}
	return x / (vmath.Exp(xy) - 1)
}

// cnexpABLane is cnexpAB with vmath.Exp.
func cnexpABLane(x, a, b, dt float64) float64 {
	s := -a - b
	return x + float64((1-vmath.Exp(dt*s))*(-a/s-x))
}

// cnexpLane is cnexp with vmath.Exp.
func cnexpLane(x, inf, tau, dt float64) float64 {
	return x + float64((1-vmath.Exp(dt*(-1/tau)))*(inf-x))
}

// stellNaLane returns m, h, p advanced by dt at v.
func stellNaLane(v, m, h, p, dt float64) (float64, float64, float64) {
	a := .1 * vtrap10Lane(-(v + 23))
	b := 4 * vmath.Exp(-(v+48)*(1.0/18))
	m = cnexpABLane(m, a, b, dt)
	a = 0.07 * vmath.Exp(-(v+37)*(1.0/20))
	b = 1 / (vmath.Exp(-0.1*(v+7)) + 1)
	h = cnexpABLane(h, a, b, dt)
	e := vmath.Exp(-(v + 38) * (1 / 6.5))
	a = 1 / (0.15 * (e + 1))
	b = e / (0.15 * (e + 1))
	p = cnexpABLane(p, a, b, dt)
	return m, h, p
}

// stellKdrLane returns n advanced by dt at v.
func stellKdrLane(v, n, dt float64) float64 {
	a := 0.01 * vtrap10Lane(-(v + 27))
	b := 0.125 * vmath.Exp(-(v+37)*(1.0/80))
	return cnexpABLane(n, a, b, dt)
}

// stellHLane returns hf, hs advanced by dt at v, with time-constant
// numerators hfTau and hsTau.
func stellHLane(v, hf, hs, hfTau, hsTau, dt float64) (float64, float64) {
	finf := 1 / (1 + vmath.Exp((v+79.2)*(1/9.78)))
	ftau := hfTau/(vmath.Exp((v-1.7)*0.1)+vmath.Exp(-(v+340)*(1.0/52))) + 1
	sinf := 1 / (1 + vmath.Exp((v+71.3)*(1/7.9)))
	stau := hsTau/(vmath.Exp((v-1.7)*(1.0/14))+vmath.Exp(-(v+260)*(1.0/43))) + 1
	return cnexpLane(hf, finf, ftau, dt), cnexpLane(hs, sinf, stau, dt)
}

// stellNaAdvance advances the sodium gates of the cells of v.
func stellNaAdvance(v, m, h, p []float64, dt float64) {
	m, h, p = m[:len(v)], h[:len(v)], p[:len(v)]
	for k := stellNaVec(v, m, h, p, dt); k < len(v); k++ {
		m[k], h[k], p[k] = stellNaLane(v[k], m[k], h[k], p[k], dt)
	}
}

// stellKdrAdvance advances the potassium gate of the cells of v.
func stellKdrAdvance(v, n []float64, dt float64) {
	n = n[:len(v)]
	for k := stellKdrVec(v, n, dt); k < len(v); k++ {
		n[k] = stellKdrLane(v[k], n[k], dt)
	}
}

// stellHAdvance advances the HCN gates of the cells of v.
func stellHAdvance(v, hf, hs []float64, hfTau, hsTau, dt float64) {
	hf, hs = hf[:len(v)], hs[:len(v)]
	for k := stellHVec(v, hf, hs, hfTau, hsTau, dt); k < len(v); k++ {
		hf[k], hs[k] = stellHLane(v[k], hf[k], hs[k], hfTau, hsTau, dt)
	}
}

package channels

import (
	"math"
)

// hhQ10 returns hh.mod's temperature factor 3^((celsius - 6.3)/10).
func hhQ10(celsius float64) float64 { return math.Pow(3, (celsius-6.3)/10) }

// hhRatesM returns minf, mtau of hh.mod at v (mV) for temperature factor q.
func hhRatesM(v, q float64) (inf, tau float64) {
	alpha := .1 * vtrap(-(v+40), 10)
	beta := 4 * math.Exp(-(v+65)/18)
	sum := alpha + beta
	return alpha / sum, 1 / (q * sum)
}

// hhRatesH returns hinf, htau of hh.mod.
func hhRatesH(v, q float64) (inf, tau float64) {
	alpha := .07 * math.Exp(-(v+65)/20)
	beta := 1 / (math.Exp(-(v+35)/10) + 1)
	sum := alpha + beta
	return alpha / sum, 1 / (q * sum)
}

// hhRatesN returns ninf, ntau of hh.mod.
func hhRatesN(v, q float64) (inf, tau float64) {
	alpha := .01 * vtrap(-(v+55), 10)
	beta := .125 * math.Exp(-(v+65)/80)
	sum := alpha + beta
	return alpha / sum, 1 / (q * sum)
}

// cnexp advances x by dt towards inf with time constant tau, in the form
// NEURON's cnexp method generates: x + (1 - exp(dt*(-1/tau)))*(inf - x).
func cnexp(x, inf, tau, dt float64) float64 {
	return x + (1-math.Exp(dt*(-1/tau)))*(inf-x)
}

// HHNa is the sodium current of NEURON's built-in hh mechanism,
// ina = gnabar m^3 h (v - ena), with hh.mod's rate functions and
// temperature factor 3^((celsius - 6.3)/10). Gates: m, h.
type HHNa struct {
	gBar, eNa, celsius, q10 float64
	rates                   RateMode
	tab                     *rateTable // columns minf, mtau, hinf, htau
}

// NewHHNa returns the hh sodium channel with peak conductance gBarScm2
// (S/cm2, >= 0; hh's default 0.12), reversal eNaMV (mV; NEURON's default
// 50) at temperature celsius (degrees C; rates scale by
// 3^((celsius-6.3)/10)), with Exact rates (as NEURON with usetable_hh = 0)
// or Tabulated ones (NEURON's default).
func NewHHNa(gBarScm2, eNaMV, celsius float64, rates RateMode) (*HHNa, error) {
	const name = "hh_na"
	if err := firstErr(checkNonNeg(name, "gBarScm2", gBarScm2), checkFinite(name, "eNaMV", eNaMV),
		checkCelsius(name, celsius), rates.check(name)); err != nil {
		return nil, err
	}
	c := &HHNa{gBar: gBarScm2, eNa: eNaMV, celsius: celsius, q10: hhQ10(celsius), rates: rates}
	if rates == Tabulated {
		q := c.q10
		c.tab = newRateTable(tableVMinMV, tableVMaxMV, tableIntervals, 4, func(v float64, row []float64) {
			row[0], row[1] = hhRatesM(v, q)
			row[2], row[3] = hhRatesH(v, q)
		})
	}
	return c, nil
}

// Name returns "hh_na".
func (c *HHNa) Name() string { return "hh_na" }

// GateNames returns m, h.
func (c *HHNa) GateNames() []string { return []string{"m", "h"} }

func (c *HHNa) inf(v float64) (minf, mtau, hinf, htau float64) {
	if c.tab != nil {
		off, th := c.tab.locate(v)
		return c.tab.col(off, th, 0), c.tab.col(off, th, 1), c.tab.col(off, th, 2), c.tab.col(off, th, 3)
	}
	minf, mtau = hhRatesM(v, c.q10)
	hinf, htau = hhRatesH(v, c.q10)
	return
}

// Init implements Channel.
func (c *HHNa) Init(gates [][]float64, vMV []float64, lo, hi int) {
	m, h := gates[0], gates[1]
	for k := lo; k < hi; k++ {
		m[k], _, h[k], _ = c.inf(vMV[k])
	}
}

// Current implements Channel.
func (c *HHNa) Current(gates [][]float64, vMV []float64, _ float64, iMAcm2, didvScm2 []float64, lo, hi int) {
	m, h := gates[0][lo:hi], gates[1][lo:hi]
	v, i, g := vMV[lo:hi], iMAcm2[lo:hi], didvScm2[lo:hi]
	for k := range v {
		gna := c.gBar * m[k] * m[k] * m[k] * h[k]
		i[k] += gna * (v[k] - c.eNa)
		g[k] += gna
	}
}

// Advance implements Channel.
func (c *HHNa) Advance(gates [][]float64, vMV []float64, dtMs float64, lo, hi int) {
	m, h := gates[0], gates[1]
	for k := lo; k < hi; k++ {
		minf, mtau, hinf, htau := c.inf(vMV[k])
		m[k] = cnexp(m[k], minf, mtau, dtMs)
		h[k] = cnexp(h[k], hinf, htau, dtMs)
	}
}

// HHK is the potassium current of NEURON's built-in hh mechanism,
// ik = gkbar n^4 (v - ek). Gate: n.
type HHK struct {
	gBar, eK, celsius, q10 float64
	rates                  RateMode
	tab                    *rateTable // columns ninf, ntau
}

// NewHHK returns the hh potassium channel with peak conductance gBarScm2
// (S/cm2, >= 0; hh's default 0.036), reversal eKMV (mV; NEURON's default
// -77) at temperature celsius (degrees C), with Exact or Tabulated rates.
func NewHHK(gBarScm2, eKMV, celsius float64, rates RateMode) (*HHK, error) {
	const name = "hh_k"
	if err := firstErr(checkNonNeg(name, "gBarScm2", gBarScm2), checkFinite(name, "eKMV", eKMV),
		checkCelsius(name, celsius), rates.check(name)); err != nil {
		return nil, err
	}
	c := &HHK{gBar: gBarScm2, eK: eKMV, celsius: celsius, q10: hhQ10(celsius), rates: rates}
	if rates == Tabulated {
		q := c.q10
		c.tab = newRateTable(tableVMinMV, tableVMaxMV, tableIntervals, 2, func(v float64, row []float64) {
			row[0], row[1] = hhRatesN(v, q)
		})
	}
	return c, nil
}

// Name returns "hh_k".
func (c *HHK) Name() string { return "hh_k" }

// GateNames returns n.
func (c *HHK) GateNames() []string { return []string{"n"} }

func (c *HHK) inf(v float64) (ninf, ntau float64) {
	if c.tab != nil {
		off, th := c.tab.locate(v)
		return c.tab.col(off, th, 0), c.tab.col(off, th, 1)
	}
	return hhRatesN(v, c.q10)
}

// Init implements Channel.
func (c *HHK) Init(gates [][]float64, vMV []float64, lo, hi int) {
	n := gates[0]
	for k := lo; k < hi; k++ {
		n[k], _ = c.inf(vMV[k])
	}
}

// Current implements Channel.
func (c *HHK) Current(gates [][]float64, vMV []float64, _ float64, iMAcm2, didvScm2 []float64, lo, hi int) {
	n := gates[0][lo:hi]
	v, i, g := vMV[lo:hi], iMAcm2[lo:hi], didvScm2[lo:hi]
	for k := range v {
		gk := c.gBar * n[k] * n[k] * n[k] * n[k]
		i[k] += gk * (v[k] - c.eK)
		g[k] += gk
	}
}

// Advance implements Channel.
func (c *HHK) Advance(gates [][]float64, vMV []float64, dtMs float64, lo, hi int) {
	n := gates[0]
	for k := lo; k < hi; k++ {
		ninf, ntau := c.inf(vMV[k])
		n[k] = cnexp(n[k], ninf, ntau, dtMs)
	}
}

// Leak is a passive ohmic current g (v - e): NEURON's pas, hh's leak
// (il) and the stellate leak. It has no gates.
type Leak struct {
	name string
	g, e float64
}

// NewLeak returns a leak current named name (e.g. "pas") with conductance
// gScm2 (S/cm2, >= 0) and reversal eMV (mV).
func NewLeak(name string, gScm2, eMV float64) (*Leak, error) {
	if name == "" {
		name = "leak"
	}
	if err := firstErr(checkNonNeg(name, "gScm2", gScm2), checkFinite(name, "eMV", eMV)); err != nil {
		return nil, err
	}
	return &Leak{name: name, g: gScm2, e: eMV}, nil
}

// Name returns the name given to NewLeak.
func (c *Leak) Name() string { return c.name }

// GateNames returns nil: a leak has no state.
func (c *Leak) GateNames() []string { return nil }

// Init implements Channel; it does nothing.
func (c *Leak) Init([][]float64, []float64, int, int) {}

// Current implements Channel.
func (c *Leak) Current(_ [][]float64, vMV []float64, _ float64, iMAcm2, didvScm2 []float64, lo, hi int) {
	v, i, g := vMV[lo:hi], iMAcm2[lo:hi], didvScm2[lo:hi]
	for k := range v {
		i[k] += c.g * (v[k] - c.e)
		g[k] += c.g
	}
}

// Advance implements Channel; it does nothing.
func (c *Leak) Advance([][]float64, []float64, float64, int, int) {}

// HH returns NEURON's classic single-compartment Hodgkin-Huxley cell: a soma
// with L = diam = 12.6157 um (area HHSomaAreaUm2, 500 um2), cm 1 uF/cm2 and
// the built-in hh mechanism at its defaults (gnabar 0.12, gkbar 0.036,
// gl 0.0003 S/cm2, el -54.3, ena 50, ek -77 mV) at temperature celsius
// (degrees C; 6.3 is hh's reference temperature). rates selects Exact rate
// functions (NEURON with usetable_hh = 0) or NEURON's default Tabulated
// ones. The spike threshold is NEURON's NetCon default, +10 mV, and the
// initial potential -65 mV.
func HH(celsius float64, rates RateMode) (*Cell, error) {
	na, err := NewHHNa(0.12, 50, celsius, rates)
	if err != nil {
		return nil, err
	}
	k, err := NewHHK(0.036, -77, celsius, rates)
	if err != nil {
		return nil, err
	}
	l, err := NewLeak("hh_l", 0.0003, -54.3)
	if err != nil {
		return nil, err
	}
	c := &Cell{
		Name:        "hh",
		CmUFcm2:     1,
		AreaUm2:     HHSomaAreaUm2,
		Channels:    []Channel{na, k, l},
		ThresholdMV: 10,
		VInitMV:     -65,
	}
	return c, c.Validate()
}

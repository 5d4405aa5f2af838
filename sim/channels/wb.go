package channels

import (
	"math"

	"github.com/golgi-sim/golgi/sim/vmath"
)

// Rate forms of Lytton's generic Hodgkin-Huxley mechanisms
// (geneval_cvode.inc, naf.mod): rate(v) = A f((v - V0)/B).
func rateExp(v, a, b, v0 float64) float64 { return a * math.Exp((v-v0)/b) }

func rateSigmoid(v, a, b, v0 float64) float64 { return a / (math.Exp((v-v0)/b) + 1) }

func rateLinoid(v, a, b, v0 float64) float64 {
	if v == v0 {
		return a * b
	}
	return a * (v - v0) / (math.Exp((v-v0)/b) - 1)
}

// wbQ10 returns q10^((celsius - 27)/10) with q10 = 5, the factor of naf.mod
// and kdr.mod (the Wang-Buzsaki phi = 5 at 37 degrees C).
func wbQ10(celsius float64) float64 { return math.Pow(5, (celsius-27)/10.) }

// wbNaM returns the instantaneous activation m_inf of naf.mod.
func wbNaM(v float64) float64 {
	a := rateLinoid(v, -0.1, -10, -35)
	b := rateExp(v, 4, -18, -60)
	return a / (a + b)
}

// wbNaH returns hinf, htau of naf.mod for temperature factor q.
func wbNaH(v, q float64) (inf, tau float64) {
	a := rateExp(v, 0.07, -20, -58)
	b := rateSigmoid(v, 1, -10, -28)
	return a / (a + b), 1. / (a + b) / q
}

// wbKN returns ninf, ntau of kdr.mod for temperature factor q.
func wbKN(v, q float64) (inf, tau float64) {
	a := rateLinoid(v, -0.01, -10, -34)
	b := rateExp(v, 0.125, -80, -44)
	return a / (a + b), 1. / (a + b) / q
}

// WBNa is the Wang-Buzsaki (1996) transient sodium current as GridCellsCond's
// naf.mod implements it: ina = gmax m_inf(v)^3 h (v - erev), with m
// instantaneous (evaluated at the current potential) and h a state with
// time constant divided by 5^((celsius-27)/10). Because m_inf makes the
// current nonlinear in v, the slope is NEURON's finite difference
// (i(v + 0.001) - i(v))/0.001. Gate: h.
type WBNa struct {
	gBar, eNa, celsius, q float64
	rates                 RateMode
	tab                   *rateTable // columns minf, hinf, htau
}

// NewWBNa returns the Wang-Buzsaki sodium channel with peak conductance
// gBarScm2 (S/cm2, >= 0; GridCellsCond 0.035), reversal eNaMV (mV;
// naf.mod's own 55) at temperature celsius (degrees C; GridCellsCond 37),
// with Exact or Tabulated rates (NEURON's default, used by the reference
// data).
func NewWBNa(gBarScm2, eNaMV, celsius float64, rates RateMode) (*WBNa, error) {
	const name = "naf"
	if err := firstErr(checkNonNeg(name, "gBarScm2", gBarScm2), checkFinite(name, "eNaMV", eNaMV),
		checkCelsius(name, celsius), rates.check(name)); err != nil {
		return nil, err
	}
	c := &WBNa{gBar: gBarScm2, eNa: eNaMV, celsius: celsius, q: wbQ10(celsius), rates: rates}
	if rates == Tabulated {
		q := c.q
		c.tab = newRateTable(tableVMinMV, tableVMaxMV, tableIntervals, 3, func(v float64, row []float64) {
			row[0] = wbNaM(v)
			row[1], row[2] = wbNaH(v, q)
		})
	}
	return c, nil
}

// Name returns "naf".
func (c *WBNa) Name() string { return "naf" }

// GateNames returns h.
func (c *WBNa) GateNames() []string { return []string{"h"} }

func (c *WBNa) mInf(v float64) float64 {
	if c.tab != nil {
		off, th := c.tab.locate(v)
		return c.tab.col(off, th, 0)
	}
	return wbNaM(v)
}

func (c *WBNa) hInf(v float64) (inf, tau float64) {
	if c.tab != nil {
		off, th := c.tab.locate(v)
		return c.tab.col(off, th, 1), c.tab.col(off, th, 2)
	}
	return wbNaH(v, c.q)
}

// Init implements Channel.
func (c *WBNa) Init(gates [][]float64, vMV []float64, lo, hi int) {
	h := gates[0]
	for k := lo; k < hi; k++ {
		h[k], _ = c.hInf(vMV[k])
	}
}

// Current implements Channel.
func (c *WBNa) Current(gates [][]float64, vMV []float64, _ float64, iMAcm2, didvScm2 []float64, lo, hi int) {
	h := gates[0][lo:hi]
	v, i, g := vMV[lo:hi], iMAcm2[lo:hi], didvScm2[lo:hi]
	for k := range v {
		vp := v[k] + .001
		m := c.mInf(vp)
		ip := c.gBar * m * m * m * h[k] * (vp - c.eNa)
		m = c.mInf(v[k])
		i0 := c.gBar * m * m * m * h[k] * (v[k] - c.eNa)
		i[k] += i0
		g[k] += (ip - i0) / .001
	}
}

// Advance implements Channel: cnexp with the exponentials taken in blocks
// by vmath.ExpSlice (within about 1 ulp of math.Exp; SIMD where available).
func (c *WBNa) Advance(gates [][]float64, vMV []float64, dtMs float64, lo, hi int) {
	var inf, arg [cnexpBlock]float64
	for b := lo; b < hi; b += cnexpBlock {
		n := min(cnexpBlock, hi-b)
		for k, v := range vMV[b : b+n] {
			var tau float64
			inf[k], tau = c.hInf(v)
			arg[k] = dtMs * (-1 / tau)
		}
		cnexpBatch(gates[0][b:b+n], inf[:n], arg[:n])
	}
}

// cnexpBlock is the number of cells whose gate updates cnexpBatch takes at
// once, from arrays on the stack.
const cnexpBlock = 64

// cnexpBatch sets x[k] = x[k] + (1 - exp(arg[k]))*(inf[k] - x[k]), cnexp
// with arg = dt*(-1/tau), for every k; it overwrites arg. inf and arg must
// be as long as x.
func cnexpBatch(x, inf, arg []float64) {
	vmath.ExpSlice(arg, arg)
	inf, arg = inf[:len(x)], arg[:len(x)]
	for k := range x {
		x[k] += float64((1 - arg[k]) * (inf[k] - x[k]))
	}
}

// WBK is the Wang-Buzsaki (1996) delayed-rectifier potassium current as
// GridCellsCond's kdr.mod implements it: ik = gmax n^4 (v - erev), time
// constant divided by 5^((celsius-27)/10). Gate: n.
type WBK struct {
	gBar, eK, celsius, q float64
	rates                RateMode
	tab                  *rateTable // columns ninf, ntau
}

// NewWBK returns the Wang-Buzsaki potassium channel with peak conductance
// gBarScm2 (S/cm2, >= 0; GridCellsCond 0.009), reversal eKMV (mV; kdr.mod's
// own -90) at temperature celsius (degrees C), with Exact or Tabulated rates.
func NewWBK(gBarScm2, eKMV, celsius float64, rates RateMode) (*WBK, error) {
	const name = "kdr"
	if err := firstErr(checkNonNeg(name, "gBarScm2", gBarScm2), checkFinite(name, "eKMV", eKMV),
		checkCelsius(name, celsius), rates.check(name)); err != nil {
		return nil, err
	}
	c := &WBK{gBar: gBarScm2, eK: eKMV, celsius: celsius, q: wbQ10(celsius), rates: rates}
	if rates == Tabulated {
		q := c.q
		c.tab = newRateTable(tableVMinMV, tableVMaxMV, tableIntervals, 2, func(v float64, row []float64) {
			row[0], row[1] = wbKN(v, q)
		})
	}
	return c, nil
}

// Name returns "kdr".
func (c *WBK) Name() string { return "kdr" }

// GateNames returns n.
func (c *WBK) GateNames() []string { return []string{"n"} }

func (c *WBK) inf(v float64) (inf, tau float64) {
	if c.tab != nil {
		off, th := c.tab.locate(v)
		return c.tab.col(off, th, 0), c.tab.col(off, th, 1)
	}
	return wbKN(v, c.q)
}

// Init implements Channel.
func (c *WBK) Init(gates [][]float64, vMV []float64, lo, hi int) {
	n := gates[0]
	for k := lo; k < hi; k++ {
		n[k], _ = c.inf(vMV[k])
	}
}

// Current implements Channel.
func (c *WBK) Current(gates [][]float64, vMV []float64, _ float64, iMAcm2, didvScm2 []float64, lo, hi int) {
	n := gates[0][lo:hi]
	v, i, g := vMV[lo:hi], iMAcm2[lo:hi], didvScm2[lo:hi]
	for k := range v {
		gk := c.gBar * n[k] * n[k] * n[k] * n[k]
		i[k] += gk * (v[k] - c.eK)
		g[k] += gk
	}
}

// Advance implements Channel, as WBNa.Advance does.
func (c *WBK) Advance(gates [][]float64, vMV []float64, dtMs float64, lo, hi int) {
	var inf, arg [cnexpBlock]float64
	for b := lo; b < hi; b += cnexpBlock {
		n := min(cnexpBlock, hi-b)
		for k, v := range vMV[b : b+n] {
			var tau float64
			inf[k], tau = c.inf(v)
			arg[k] = dtMs * (-1 / tau)
		}
		cnexpBatch(gates[0][b:b+n], inf[:n], arg[:n])
	}
}

// Theta is GridCellsCond's sinusoidal "theta" current (itheta.mod,
// itheta_stell.mod), an outward-positive current density independent of
// voltage:
//
//	i = Amp sin(2*3.14*freq*(t + phase)) + offset
//
// Note the original's 3.14 in place of pi: a nominal 0.01/ms (10 Hz) runs at
// 9.9949 Hz. It has no gates and a zero slope.
type Theta struct {
	name                     string
	amp, freq, phase, offset float64
	twoPiFreq                float64 // 2*3.14*freq
}

// NewTheta returns a theta current named name ("i_theta" if empty) with
// amplitude ampMAcm2 (mA/cm2, outward positive; GridCellsCond's interneuron
// 1e-4), frequency freqPerMs (1/ms, >= 0; 0.01 is 10 Hz nominal), phase
// shift phaseMs (ms, added to t) and constant offset offsetMAcm2 (mA/cm2).
func NewTheta(name string, ampMAcm2, freqPerMs, phaseMs, offsetMAcm2 float64) (*Theta, error) {
	if name == "" {
		name = "i_theta"
	}
	if err := firstErr(checkFinite(name, "ampMAcm2", ampMAcm2), checkNonNeg(name, "freqPerMs", freqPerMs),
		checkFinite(name, "phaseMs", phaseMs), checkFinite(name, "offsetMAcm2", offsetMAcm2)); err != nil {
		return nil, err
	}
	return &Theta{name: name, amp: ampMAcm2, freq: freqPerMs, phase: phaseMs, offset: offsetMAcm2,
		twoPiFreq: 2 * 3.14 * freqPerMs}, nil
}

// Name returns the name given to NewTheta.
func (c *Theta) Name() string { return c.name }

// GateNames returns nil.
func (c *Theta) GateNames() []string { return nil }

// Init implements Channel; it does nothing.
func (c *Theta) Init([][]float64, []float64, int, int) {}

// CurrentAt returns the current density (mA/cm2) at time tMs.
func (c *Theta) CurrentAt(tMs float64) float64 {
	return c.amp*math.Sin(c.twoPiFreq*(tMs+c.phase)) + c.offset
}

// Current implements Channel. The current is the same for every cell.
func (c *Theta) Current(_ [][]float64, _ []float64, tMs float64, iMAcm2, _ []float64, lo, hi int) {
	it := c.CurrentAt(tMs)
	for k := lo; k < hi; k++ {
		iMAcm2[k] += it
	}
}

// Advance implements Channel; it does nothing.
func (c *Theta) Advance([][]float64, []float64, float64, int, int) {}

// InterneuronParams are the parameters of GridCellsCond's interneuron
// (interneuron.py, naf.mod, kdr.mod, itheta.mod); see
// DefaultInterneuronParams for the values the original uses.
type InterneuronParams struct {
	Celsius          float64  // temperature, degrees C (37)
	CmUFcm2          float64  // specific capacitance, uF/cm2 (1), > 0
	AreaUm2          float64  // membrane area, um2 (GridCellsAreaUm2), > 0
	GNaBarScm2       float64  // naf gmax, S/cm2 (0.035), >= 0
	ENaMV            float64  // naf reversal, mV (55)
	GKBarScm2        float64  // kdr gmax, S/cm2 (0.009), >= 0
	EKMV             float64  // kdr reversal, mV (-90)
	GLeakScm2        float64  // pas g, S/cm2 (1e-4), >= 0
	ELeakMV          float64  // pas e, mV (-65)
	Rates            RateMode // naf/kdr rates (Tabulated, as NEURON runs them)
	ThetaAmpMAcm2    float64  // theta amplitude, mA/cm2 (1e-4); 0 with ThetaOffsetMAcm2 0 omits the current
	ThetaFreqPerMs   float64  // theta frequency, 1/ms (0.01), >= 0
	ThetaPhaseMs     float64  // theta phase, ms (0)
	ThetaOffsetMAcm2 float64  // theta constant term, mA/cm2 (0)
	ThresholdMV      float64  // spike threshold, mV (10)
	VInitMV          float64  // initial potential, mV (-65)
}

// DefaultInterneuronParams returns the interneuron as GridCellsCond's network
// builds it: 37 C, cm 1, area 100.0507 um2, naf 0.035, kdr 0.009, pas 1e-4
// S/cm2 at -65 mV, tabulated rates, theta current 1e-4 mA/cm2 at 0.01/ms,
// threshold +10 mV, v_init -65 mV.
func DefaultInterneuronParams() InterneuronParams {
	return InterneuronParams{
		Celsius: 37, CmUFcm2: 1, AreaUm2: GridCellsAreaUm2,
		GNaBarScm2: 0.035, ENaMV: 55, GKBarScm2: 0.009, EKMV: -90,
		GLeakScm2: 1e-4, ELeakMV: -65, Rates: Tabulated,
		ThetaAmpMAcm2: 1e-4, ThetaFreqPerMs: 0.01,
		ThresholdMV: 10, VInitMV: -65,
	}
}

// WangBuzsaki returns GridCellsCond's interneuron: a single compartment with
// the Wang-Buzsaki sodium (naf) and potassium (kdr) currents, a passive leak
// and, unless ThetaAmpMAcm2 and ThetaOffsetMAcm2 are both 0, the theta current.
func WangBuzsaki(p InterneuronParams) (*Cell, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	na, err := NewWBNa(p.GNaBarScm2, p.ENaMV, p.Celsius, p.Rates)
	if err != nil {
		return nil, err
	}
	k, err := NewWBK(p.GKBarScm2, p.EKMV, p.Celsius, p.Rates)
	if err != nil {
		return nil, err
	}
	l, err := NewLeak("pas", p.GLeakScm2, p.ELeakMV)
	if err != nil {
		return nil, err
	}
	th, err := NewTheta("i_theta", p.ThetaAmpMAcm2, p.ThetaFreqPerMs, p.ThetaPhaseMs, p.ThetaOffsetMAcm2)
	if err != nil {
		return nil, err
	}
	chans := []Channel{na, k, l}
	if p.ThetaAmpMAcm2 != 0 || p.ThetaOffsetMAcm2 != 0 {
		chans = append(chans, th)
	}
	c := &Cell{
		Name:        "interneuron",
		CmUFcm2:     p.CmUFcm2,
		AreaUm2:     p.AreaUm2,
		Channels:    chans,
		ThresholdMV: p.ThresholdMV,
		VInitMV:     p.VInitMV,
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// validate checks every field, naming it in the error.
func (p *InterneuronParams) validate() error {
	const n = "interneuron"
	return firstErr(checkCelsius(n, p.Celsius),
		checkPos(n, "CmUFcm2", p.CmUFcm2), checkPos(n, "AreaUm2", p.AreaUm2),
		checkNonNeg(n, "GNaBarScm2", p.GNaBarScm2), checkFinite(n, "ENaMV", p.ENaMV),
		checkNonNeg(n, "GKBarScm2", p.GKBarScm2), checkFinite(n, "EKMV", p.EKMV),
		checkNonNeg(n, "GLeakScm2", p.GLeakScm2), checkFinite(n, "ELeakMV", p.ELeakMV),
		p.Rates.check(n),
		checkFinite(n, "ThetaAmpMAcm2", p.ThetaAmpMAcm2), checkNonNeg(n, "ThetaFreqPerMs", p.ThetaFreqPerMs),
		checkFinite(n, "ThetaPhaseMs", p.ThetaPhaseMs), checkFinite(n, "ThetaOffsetMAcm2", p.ThetaOffsetMAcm2),
		checkFinite(n, "ThresholdMV", p.ThresholdMV), checkFinite(n, "VInitMV", p.VInitMV))
}

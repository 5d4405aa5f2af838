package channels

import (
	"math"
)

// cnexpAB advances a gate x obeying x' = a(1 - x) - b x by dt in the form
// NEURON's cnexp generates: x + (1 - exp(dt*(-a - b)))*(-a/(-a - b) - x).
func cnexpAB(x, a, b, dt float64) float64 {
	s := -a - b
	return x + (1-math.Exp(dt*s))*(-a/s-x)
}

// Rate functions of stellate_mech.mod (Acker, Kopell and White 2003).
func stellNaM(v float64) (a, b float64) {
	return .1 * vtrap(-(v+23), 10), 4 * math.Exp(-(v+48)/18)
}

func stellNaH(v float64) (a, b float64) {
	return 0.07 * math.Exp(-(v+37)/20), 1 / (math.Exp(-0.1*(v+7)) + 1)
}

func stellNaP(v float64) (a, b float64) {
	e := math.Exp(-(v + 38) / 6.5)
	return 1 / (0.15 * (e + 1)), e / (0.15 * (e + 1))
}

func stellKN(v float64) (a, b float64) {
	return 0.01 * vtrap(-(v+27), 10), 0.125 * math.Exp(-(v+37)/80)
}

// StellateNa is the sodium current of GridCellsCond's stellate cell
// (stellate_mech.mod, Acker et al. 2003): a transient and a persistent
// component sharing the sodium reversal,
//
//	ina = (gnabar m^3 h + gnap_bar p) (v - ena).
//
// There is no temperature factor. Gates: m, h, p.
type StellateNa struct {
	gBar, gNaPBar, eNa float64
}

// NewStellateNa returns the stellate sodium current with transient peak
// conductance gBarScm2 (S/cm2, >= 0; 0.052), persistent conductance
// gNaPBarScm2 (S/cm2, >= 0; 0.0005) and reversal eNaMV (mV; 55).
func NewStellateNa(gBarScm2, gNaPBarScm2, eNaMV float64) (*StellateNa, error) {
	const name = "stellate_na"
	if err := firstErr(checkNonNeg(name, "gBarScm2", gBarScm2), checkNonNeg(name, "gNaPBarScm2", gNaPBarScm2),
		checkFinite(name, "eNaMV", eNaMV)); err != nil {
		return nil, err
	}
	return &StellateNa{gBar: gBarScm2, gNaPBar: gNaPBarScm2, eNa: eNaMV}, nil
}

// Name returns "stellate_na".
func (c *StellateNa) Name() string { return "stellate_na" }

// GateNames returns m, h, p.
func (c *StellateNa) GateNames() []string { return []string{"m", "h", "p"} }

// Init implements Channel.
func (c *StellateNa) Init(gates [][]float64, vMV []float64, lo, hi int) {
	m, h, p := gates[0], gates[1], gates[2]
	for k := lo; k < hi; k++ {
		v := vMV[k]
		a, b := stellNaM(v)
		m[k] = a / (a + b)
		a, b = stellNaH(v)
		h[k] = a / (a + b)
		a, b = stellNaP(v)
		p[k] = a / (a + b)
	}
}

// Current implements Channel.
func (c *StellateNa) Current(gates [][]float64, vMV []float64, _ float64, iMAcm2, didvScm2 []float64, lo, hi int) {
	m, h, p := gates[0][lo:hi], gates[1][lo:hi], gates[2][lo:hi]
	v, i, g := vMV[lo:hi], iMAcm2[lo:hi], didvScm2[lo:hi]
	for k := stellNaCurrentVec(m, h, p, v, i, g, c.gBar, c.gNaPBar, c.eNa); k < len(v); k++ {
		gna := c.gBar * m[k] * m[k] * m[k] * h[k]
		gnap := c.gNaPBar * p[k]
		i[k] += (gna + gnap) * (v[k] - c.eNa)
		g[k] += gna + gnap
	}
}

// Advance implements Channel. It runs the kernel of stellate_kernels.go
// (SIMD where available): the rate formulas above to about 1 ulp (its own
// exponential; constant divisors of exponents as reciprocal
// multiplications).
func (c *StellateNa) Advance(gates [][]float64, vMV []float64, dtMs float64, lo, hi int) {
	if lo < hi {
		stellNaAdvance(vMV[lo:hi], gates[0][lo:hi], gates[1][lo:hi], gates[2][lo:hi], dtMs)
	}
}

// StellateKdr is the delayed-rectifier potassium current of GridCellsCond's
// stellate cell, ik = gkbar n^4 (v - ek). Gate: n.
type StellateKdr struct {
	gBar, eK float64
}

// NewStellateKdr returns the stellate potassium current with peak
// conductance gBarScm2 (S/cm2, >= 0; 0.011) and reversal eKMV (mV; -90).
func NewStellateKdr(gBarScm2, eKMV float64) (*StellateKdr, error) {
	const name = "stellate_kdr"
	if err := firstErr(checkNonNeg(name, "gBarScm2", gBarScm2), checkFinite(name, "eKMV", eKMV)); err != nil {
		return nil, err
	}
	return &StellateKdr{gBar: gBarScm2, eK: eKMV}, nil
}

// Name returns "stellate_kdr".
func (c *StellateKdr) Name() string { return "stellate_kdr" }

// GateNames returns n.
func (c *StellateKdr) GateNames() []string { return []string{"n"} }

// Init implements Channel.
func (c *StellateKdr) Init(gates [][]float64, vMV []float64, lo, hi int) {
	n := gates[0]
	for k := lo; k < hi; k++ {
		a, b := stellKN(vMV[k])
		n[k] = a / (a + b)
	}
}

// Current implements Channel.
func (c *StellateKdr) Current(gates [][]float64, vMV []float64, _ float64, iMAcm2, didvScm2 []float64, lo, hi int) {
	n := gates[0][lo:hi]
	v, i, g := vMV[lo:hi], iMAcm2[lo:hi], didvScm2[lo:hi]
	for k := stellKdrCurrentVec(n, v, i, g, c.gBar, c.eK); k < len(v); k++ {
		gk := c.gBar * n[k] * n[k] * n[k] * n[k]
		i[k] += gk * (v[k] - c.eK)
		g[k] += gk
	}
}

// Advance implements Channel, by the kernel of stellate_kernels.go.
func (c *StellateKdr) Advance(gates [][]float64, vMV []float64, dtMs float64, lo, hi int) {
	if lo < hi {
		stellKdrAdvance(vMV[lo:hi], gates[0][lo:hi], dtMs)
	}
}

// StellateH is the two-component HCN current of GridCellsCond's stellate
// cell, ih = ghbar (0.65 hf + 0.35 hs)(v - eh), with
//
//	hf_inf = 1/(1 + exp((v + 79.2)/9.78))
//	tau_f  = hfTau/(exp((v - 1.7)/10) + exp(-(v + 340)/52)) + 1
//	hs_inf = 1/(1 + exp((v + 71.3)/7.9))
//	tau_s  = hsTau/(exp((v - 1.7)/14) + exp(-(v + 260)/43)) + 1
//
// hfTau and hsTau (GridCellsCond's hf_tau, hs_tau) are numerators, not time
// constants: with the defaults 0.51 and 5.6 ms, tau_f peaks at 82.1 ms and
// tau_s at 317 ms. Gates: hf, hs.
type StellateH struct {
	gBar, eH, hfTau, hsTau float64
}

// NewStellateH returns the stellate HCN current with peak conductance
// gBarScm2 (S/cm2, >= 0; 0.0015), reversal eHMV (mV; -20) and time-constant
// numerators hfTauMs and hsTauMs (ms, >= 0; 0.51 and 5.6).
func NewStellateH(gBarScm2, eHMV, hfTauMs, hsTauMs float64) (*StellateH, error) {
	const name = "stellate_h"
	if err := firstErr(checkNonNeg(name, "gBarScm2", gBarScm2), checkFinite(name, "eHMV", eHMV),
		checkNonNeg(name, "hfTauMs", hfTauMs), checkNonNeg(name, "hsTauMs", hsTauMs)); err != nil {
		return nil, err
	}
	return &StellateH{gBar: gBarScm2, eH: eHMV, hfTau: hfTauMs, hsTau: hsTauMs}, nil
}

// Name returns "stellate_h".
func (c *StellateH) Name() string { return "stellate_h" }

// GateNames returns hf, hs.
func (c *StellateH) GateNames() []string { return []string{"hf", "hs"} }

func (c *StellateH) rates(v float64) (finf, ftau, sinf, stau float64) {
	finf = 1 / (1 + math.Exp((v+79.2)/9.78))
	ftau = c.hfTau/(math.Exp((v-1.7)/10)+math.Exp(-(v+340)/52)) + 1
	sinf = 1 / (1 + math.Exp((v+71.3)/7.9))
	stau = c.hsTau/(math.Exp((v-1.7)/14)+math.Exp(-(v+260)/43)) + 1
	return
}

// TauMs returns the fast and slow time constants (ms) at vMV.
func (c *StellateH) TauMs(vMV float64) (fast, slow float64) {
	_, fast, _, slow = c.rates(vMV)
	return fast, slow
}

// Init implements Channel.
func (c *StellateH) Init(gates [][]float64, vMV []float64, lo, hi int) {
	hf, hs := gates[0], gates[1]
	for k := lo; k < hi; k++ {
		hf[k], _, hs[k], _ = c.rates(vMV[k])
	}
}

// Current implements Channel.
func (c *StellateH) Current(gates [][]float64, vMV []float64, _ float64, iMAcm2, didvScm2 []float64, lo, hi int) {
	hf, hs := gates[0][lo:hi], gates[1][lo:hi]
	v, i, g := vMV[lo:hi], iMAcm2[lo:hi], didvScm2[lo:hi]
	for k := stellHCurrentVec(hf, hs, v, i, g, c.gBar, c.eH); k < len(v); k++ {
		gh := c.gBar * (0.65*hf[k] + 0.35*hs[k])
		i[k] += gh * (v[k] - c.eH)
		g[k] += gh
	}
}

// Advance implements Channel, by the kernel of stellate_kernels.go.
func (c *StellateH) Advance(gates [][]float64, vMV []float64, dtMs float64, lo, hi int) {
	if lo < hi {
		stellHAdvance(vMV[lo:hi], gates[0][lo:hi], gates[1][lo:hi], c.hfTau, c.hsTau, dtMs)
	}
}

// StellateParams are the parameters of GridCellsCond's stellate cell
// (stellate.py, stellate_mech.mod, itheta_stell.mod); see
// DefaultStellateParams for the values the original uses. The mechanism has
// no temperature dependence.
type StellateParams struct {
	CmUFcm2          float64 // specific capacitance, uF/cm2 (1.5), > 0
	AreaUm2          float64 // membrane area, um2 (GridCellsAreaUm2), > 0
	GNaBarScm2       float64 // transient Na gnabar, S/cm2 (0.052), >= 0
	GNaPBarScm2      float64 // persistent Na gnap_bar, S/cm2 (0.0005), >= 0 (param gnap_bar)
	ENaMV            float64 // Na reversal, mV (55)
	GKBarScm2        float64 // Kdr gkbar, S/cm2 (0.011), >= 0
	EKMV             float64 // K reversal, mV (-90)
	GLeakScm2        float64 // leak gl, S/cm2 (0.0005), >= 0
	ELeakMV          float64 // leak el, mV (-65)
	GhBarScm2        float64 // HCN ghbar, S/cm2 (0.0015), >= 0 (param g_h_bar)
	EhMV             float64 // HCN reversal, mV (-20)
	HfTauMs          float64 // fast HCN time-constant numerator, ms (0.51), >= 0 (param hf_tau)
	HsTauMs          float64 // slow HCN time-constant numerator, ms (5.6), >= 0 (param hs_tau)
	ThetaAmpMAcm2    float64 // theta amplitude, mA/cm2 (0: off; param stell_theta_Amp)
	ThetaFreqPerMs   float64 // theta frequency, 1/ms (0.01), >= 0 (param stell_theta_omega)
	ThetaPhaseMs     float64 // theta phase, ms (0)
	ThetaOffsetMAcm2 float64 // theta constant term, mA/cm2 (0)
	ThresholdMV      float64 // spike threshold, mV (10)
	VInitMV          float64 // initial potential, mV (-65)
}

// DefaultStellateParams returns the stellate cell as GridCellsCond's network
// builds it: cm 1.5, area 100.0507 um2, gnabar 0.052, gnap_bar 0.0005,
// gkbar 0.011, gl 0.0005, ghbar 0.0015 S/cm2, ena 55, ek -90, el -65,
// eh -20 mV, hf_tau 0.51, hs_tau 5.6, theta off, threshold +10 mV, v_init
// -65 mV.
func DefaultStellateParams() StellateParams {
	return StellateParams{
		CmUFcm2: 1.5, AreaUm2: GridCellsAreaUm2,
		GNaBarScm2: 0.052, GNaPBarScm2: 0.0005, ENaMV: 55,
		GKBarScm2: 0.011, EKMV: -90,
		GLeakScm2: 0.0005, ELeakMV: -65,
		GhBarScm2: 0.0015, EhMV: -20, HfTauMs: 0.51, HsTauMs: 5.6,
		ThetaFreqPerMs: 0.01,
		ThresholdMV:    10, VInitMV: -65,
	}
}

// Stellate returns GridCellsCond's entorhinal stellate cell: a single
// compartment with transient and persistent Na, delayed-rectifier K, leak
// and two-component HCN currents and, unless ThetaAmpMAcm2 and ThetaOffsetMAcm2 are
// both 0, a theta current.
func Stellate(p StellateParams) (*Cell, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	na, err := NewStellateNa(p.GNaBarScm2, p.GNaPBarScm2, p.ENaMV)
	if err != nil {
		return nil, err
	}
	k, err := NewStellateKdr(p.GKBarScm2, p.EKMV)
	if err != nil {
		return nil, err
	}
	l, err := NewLeak("stellate_l", p.GLeakScm2, p.ELeakMV)
	if err != nil {
		return nil, err
	}
	h, err := NewStellateH(p.GhBarScm2, p.EhMV, p.HfTauMs, p.HsTauMs)
	if err != nil {
		return nil, err
	}
	th, err := NewTheta("i_theta_stell", p.ThetaAmpMAcm2, p.ThetaFreqPerMs, p.ThetaPhaseMs, p.ThetaOffsetMAcm2)
	if err != nil {
		return nil, err
	}
	chans := []Channel{na, k, l, h}
	if p.ThetaAmpMAcm2 != 0 || p.ThetaOffsetMAcm2 != 0 {
		chans = append(chans, th)
	}
	c := &Cell{
		Name:        "stellate",
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
func (p *StellateParams) validate() error {
	const n = "stellate"
	return firstErr(
		checkPos(n, "CmUFcm2", p.CmUFcm2), checkPos(n, "AreaUm2", p.AreaUm2),
		checkNonNeg(n, "GNaBarScm2", p.GNaBarScm2), checkNonNeg(n, "GNaPBarScm2", p.GNaPBarScm2),
		checkFinite(n, "ENaMV", p.ENaMV), checkNonNeg(n, "GKBarScm2", p.GKBarScm2), checkFinite(n, "EKMV", p.EKMV),
		checkNonNeg(n, "GLeakScm2", p.GLeakScm2), checkFinite(n, "ELeakMV", p.ELeakMV),
		checkNonNeg(n, "GhBarScm2", p.GhBarScm2), checkFinite(n, "EhMV", p.EhMV),
		checkNonNeg(n, "HfTauMs", p.HfTauMs), checkNonNeg(n, "HsTauMs", p.HsTauMs),
		checkFinite(n, "ThetaAmpMAcm2", p.ThetaAmpMAcm2), checkNonNeg(n, "ThetaFreqPerMs", p.ThetaFreqPerMs),
		checkFinite(n, "ThetaPhaseMs", p.ThetaPhaseMs), checkFinite(n, "ThetaOffsetMAcm2", p.ThetaOffsetMAcm2),
		checkFinite(n, "ThresholdMV", p.ThresholdMV), checkFinite(n, "VInitMV", p.VInitMV))
}

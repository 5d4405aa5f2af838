package miv

import "math"

// Point-process mechanisms of MiV's synapses (SPEC 3.4): AMPA, GABA_A and
// GABA_B are LinExp2Syn, NMDA is LinExp2SynNMDA (package
// sim/nmodl/mods/mivsyn, set "mivsyn"). A NetCon's weight vector is
// (weight, g_unit uS).
const (
	LinExp2Syn     = "LinExp2Syn"
	LinExp2SynNMDA = "LinExp2SynNMDA"
)

// Exp2 is the double-exponential kinetics of LinExp2Syn and
// LinExp2SynNMDA: g = B - A with A and B decaying with TauRiseMs and
// TauDecayMs, both incremented by weight x g_unit x Factor on an event.
type Exp2 struct {
	TauRiseMs, TauDecayMs float64
}

// tauRise is the rise time the mechanisms' INITIAL uses: clipped to
// 0.9999 tau_decay.
func (k Exp2) tauRise() float64 {
	if k.TauRiseMs/k.TauDecayMs > .9999 {
		return .9999 * k.TauDecayMs
	}
	return k.TauRiseMs
}

// PeakMs is the time of the conductance peak after an event:
// tau_r tau_d / (tau_d - tau_r) ln(tau_d / tau_r).
func (k Exp2) PeakMs() float64 {
	r, d := k.tauRise(), k.TauDecayMs
	return r * d / (d - r) * math.Log(d/r)
}

// Factor normalises the peak to weight x g_unit: 1 / (e^(-tp/tau_d) -
// e^(-tp/tau_r)).
func (k Exp2) Factor() float64 {
	tp := k.PeakMs()
	return 1 / (math.Exp(-tp/k.TauDecayMs) - math.Exp(-tp/k.tauRise()))
}

// IntegralMsPerUS is the time integral of the conductance of one event
// of weight x g_unit = 1 uS: Factor (tau_d - tau_r), ms.
func (k Exp2) IntegralMsPerUS() float64 {
	return k.Factor() * (k.TauDecayMs - k.tauRise())
}

// MgBlock is LinExp2SynNMDA's magnesium block at vMV:
// 1 / (1 + e^(-gamma (v + vshift)) [Mg] / Kd), with the mechanism's
// defaults [Mg] 1 mM, Kd 3.57 mM, gamma 0.062 /mV, vshift 0 in
// DefaultMgBlock.
type MgBlock struct {
	MgMM, KdMM, GammaPerMV, VShiftMV float64
}

// DefaultMgBlock are LinExp2SynNMDA's PARAMETER defaults.
var DefaultMgBlock = MgBlock{MgMM: 1, KdMM: 3.57, GammaPerMV: 0.062, VShiftMV: 0}

// At returns the unblocked fraction at vMV.
func (b MgBlock) At(vMV float64) float64 {
	return 1 / (1 + math.Exp(b.GammaPerMV*-(vMV+b.VShiftMV))*(b.MgMM/b.KdMM))
}

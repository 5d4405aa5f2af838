package channels

import (
	"fmt"
	"math"
)

// Jahr and Stevens' (1990) magnesium block of NMDA receptors, as used in
// most NEURON NMDA mechanisms.
const (
	JahrStevensKMM        = 3.57  // dissociation constant at 0 mV, mM
	JahrStevensSlopePerMV = 0.062 // voltage dependence, 1/mV
)

// MgBlock is the voltage-dependent magnesium block of an NMDA conductance
// (Jahr and Stevens 1990): the open fraction
//
//	B(v) = 1 / (1 + [Mg]/K exp(-Slope v))
//
// multiplies the synaptic conductance. The zero value of KMM and
// SlopePerMV mean Jahr and Stevens' 3.57 mM and 0.062/mV; MgMM zero means
// no magnesium (B = 1).
type MgBlock struct {
	MgMM       float64 // extracellular magnesium concentration, mM (>= 0; 1 is typical)
	KMM        float64 // 0: JahrStevensKMM
	SlopePerMV float64 // 0: JahrStevensSlopePerMV
}

// Params returns [Mg]/K and the slope with the defaults filled in, after
// checking the fields.
func (b MgBlock) Params() (mgOverK, slopePerMV float64, err error) {
	k, s := b.KMM, b.SlopePerMV
	if k == 0 {
		k = JahrStevensKMM
	}
	if s == 0 {
		s = JahrStevensSlopePerMV
	}
	if !(b.MgMM >= 0) || math.IsInf(b.MgMM, 0) || !(k > 0) || math.IsInf(k, 0) || math.IsNaN(s) || math.IsInf(s, 0) {
		return 0, 0, fmt.Errorf("channels: Mg block %+v: want MgMM >= 0, KMM > 0 (0: %g), finite SlopePerMV (0: %g)", b, JahrStevensKMM, JahrStevensSlopePerMV)
	}
	return b.MgMM / k, s, nil
}

// Fraction returns the unblocked fraction B(vMV); invalid fields give NaN.
func (b MgBlock) Fraction(vMV float64) float64 {
	r, s, err := b.Params()
	if err != nil {
		return math.NaN()
	}
	return 1 / (1 + r*math.Exp(-s*vMV))
}

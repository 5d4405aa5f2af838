package gridcells

import (
	"fmt"
	"math"
	"math/cmplx"
	"sort"
)

// ButterLowpassSOS returns the digital Butterworth low-pass filter of the
// given order and cut-off (Hz) at sampling rate fsHz as second-order
// sections {b0, b1, b2, 1, a1, a2}, as scipy.signal.butter(order, cutoffHz,
// fs=fsHz, output='sos') designs it: analog prototype poles
// -exp(i pi m/(2 order)), m = -order+1, -order+3, ..., order-1, scaled by
// the prewarped cut-off w = 4 tan(pi cutoffHz/fsHz) (for a normalised
// sampling rate of 2), mapped by the bilinear transform z = (4 + p)/(4 - p)
// with all zeros at -1, the gain w^order/prod(4 - p) put in the first
// section, and complex-conjugate pole pairs ordered from the farthest to
// the nearest to the unit circle (an odd order gets one first-order
// section first, as scipy's zpk2sos with its real pole). The sections'
// coefficients equal scipy's to rounding.
func ButterLowpassSOS(order int, cutoffHz, fsHz float64) ([][6]float64, error) {
	if order < 1 || !(fsHz > 0) || !(cutoffHz > 0) || cutoffHz >= fsHz/2 {
		return nil, fmt.Errorf("analysis.ButterLowpassSOS: order %d, cut-off %g Hz at %g Hz", order, cutoffHz, fsHz)
	}
	w := 4 * math.Tan(math.Pi*cutoffHz/fsHz)
	var pd []complex128
	var real1 []complex128
	gain := complex(math.Pow(w, float64(order)), 0)
	for m := -order + 1; m < order; m += 2 {
		p := -cmplx.Exp(complex(0, math.Pi*float64(m)/float64(2*order))) * complex(w, 0)
		gain /= 4 - p
		z := (4 + p) / (4 - p)
		switch {
		case m == 0:
			real1 = append(real1, complex(real(z), 0))
		case m > 0:
			pd = append(pd, z) // one of each conjugate pair
		}
	}
	sort.Slice(pd, func(i, j int) bool { return cmplx.Abs(pd[i]) < cmplx.Abs(pd[j]) })
	var sos [][6]float64
	for _, p := range real1 {
		sos = append(sos, [6]float64{1, 1, 0, 1, -real(p), 0})
	}
	for _, p := range pd {
		sos = append(sos, [6]float64{1, 2, 1, 1, -2 * real(p), real(p)*real(p) + imag(p)*imag(p)})
	}
	k := real(gain)
	for j := 0; j < 3; j++ {
		sos[0][j] *= k
	}
	return sos, nil
}

// SOSFilter is scipy.signal.sosfilt: x filtered causally by the cascade of
// second-order sections from rest, each in transposed direct form II:
//
//	y = b0 x + z1;  z1 = b1 x - a1 y + z2;  z2 = b2 x - a2 y.
func SOSFilter(sos [][6]float64, x []float64) []float64 {
	y := append([]float64(nil), x...)
	for _, s := range sos {
		b0, b1, b2, a1, a2 := s[0]/s[3], s[1]/s[3], s[2]/s[3], s[4]/s[3], s[5]/s[3]
		var z1, z2 float64
		for i, v := range y {
			o := b0*v + z1
			z1 = b1*v - a1*o + z2
			z2 = b2*v - a2*o
			y[i] = o
		}
	}
	return y
}

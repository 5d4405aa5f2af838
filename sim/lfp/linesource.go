package lfp

import (
	"errors"
	"fmt"
	"math"
)

// DefaultRhoOhmCm is the extracellular resistivity MiV-Simulator uses by
// default (Ω·cm).
const DefaultRhoOhmCm = 333.0

// mVPerOhmCmNAPerUm converts ρ I / distance from Ω·cm·nA/µm to mV:
// 1 Ω·cm · 1e-9 A / 1e-4 cm = 1e-5 V.
const mVPerOhmCmNAPerUm = 0.01

// Electrode is a point electrode in a homogeneous medium.
type Electrode struct {
	PosUm    [3]float64 // position (µm)
	RhoOhmCm float64    // extracellular resistivity (Ω·cm); zero means DefaultRhoOhmCm
}

func (e Electrode) rho() float64 {
	if e.RhoOhmCm == 0 {
		return DefaultRhoOhmCm
	}
	return e.RhoOhmCm
}

func (e Electrode) check() error {
	for i, v := range e.PosUm {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("electrode coordinate %d is %g", i, v)
		}
	}
	if r := e.rho(); !(r > 0) || math.IsInf(r, 0) {
		return fmt.Errorf("electrode resistivity %g ohm cm: want a positive finite value", e.RhoOhmCm)
	}
	return nil
}

// ErrSingular reports an electrode on the axis of a segment of zero
// diameter, where the line-source potential is infinite.
var ErrSingular = errors.New("the electrode lies on a segment of zero diameter: the potential is infinite")

// Coefficient returns K, the potential at electrode e (mV) of 1 nA
// spread uniformly along the straight segment from a to b (µm) of
// diameter diamUm: the normative line-source coefficient (mV/nA), with
// the perpendicular distance floored at diamUm/2. A segment of zero
// length is a point source at a (its distance floored likewise). It
// returns ErrSingular (wrapped) for an electrode on a segment of zero
// diameter and an error for coordinates that are not finite or a
// negative diameter.
func Coefficient(a, b [3]float64, diamUm float64, e Electrode) (float64, error) {
	if err := e.check(); err != nil {
		return 0, err
	}
	if err := checkSegment(a, b, diamUm); err != nil {
		return 0, err
	}
	return coefficient(a, b, diamUm/2, e.PosUm, e.rho())
}

func checkSegment(a, b [3]float64, diamUm float64) error {
	for i := range 3 {
		if math.IsNaN(a[i]) || math.IsInf(a[i], 0) || math.IsNaN(b[i]) || math.IsInf(b[i], 0) {
			return fmt.Errorf("segment ends %v, %v: coordinates must be finite", a, b)
		}
	}
	if !(diamUm >= 0) || math.IsInf(diamUm, 0) {
		return fmt.Errorf("segment diameter %g um: want a finite value >= 0", diamUm)
	}
	return nil
}

// coefficient is Coefficient on checked arguments.
func coefficient(a, b [3]float64, radiusUm float64, e [3]float64, rho float64) (float64, error) {
	ab := [3]float64{b[0] - a[0], b[1] - a[1], b[2] - a[2]}
	ae := [3]float64{e[0] - a[0], e[1] - a[1], e[2] - a[2]}
	ds := math.Sqrt(ab[0]*ab[0] + ab[1]*ab[1] + ab[2]*ab[2])
	c := mVPerOhmCmNAPerUm * rho / (4 * math.Pi)
	if ds == 0 {
		d := math.Max(math.Sqrt(ae[0]*ae[0]+ae[1]*ae[1]+ae[2]*ae[2]), radiusUm)
		if d == 0 {
			return 0, ErrSingular
		}
		return c / d, nil
	}
	u := [3]float64{ab[0] / ds, ab[1] / ds, ab[2] / ds}
	lam := ae[0]*u[0] + ae[1]*u[1] + ae[2]*u[2]
	// The perpendicular distance as the norm of a cross product, which
	// does not cancel as ‖e − a‖² − λ² does.
	cx := ae[1]*u[2] - ae[2]*u[1]
	cy := ae[2]*u[0] - ae[0]*u[2]
	cz := ae[0]*u[1] - ae[1]*u[0]
	r := math.Max(math.Sqrt(cx*cx+cy*cy+cz*cz), radiusUm)
	f := lineFactor(ds, lam, r)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, ErrSingular
	}
	return c / ds * f, nil
}

// lineFactor returns
//
//	ln( ((ds−lam) + √((ds−lam)² + r²)) / (−lam + √(lam² + r²)) )
//	  = asinh((ds−lam)/r) + asinh(lam/r),
//
// the integral of 1/distance along a segment of length ds from an
// electrode at axial coordinate lam and distance r from the axis, in a
// form that loses no digits to cancellation: by symmetry (the factor is
// unchanged by lam → ds − lam) lam <= ds/2, the denominator Q is
// computed as r²/(lam + √(lam² + r²)) when lam > 0, and ln(P/Q) as
// log1p((P − Q)/Q) with P − Q = ds (1 + (ds − 2 lam)/(√((ds−lam)² + r²)
// + √(lam² + r²))), a sum of non-negative terms. r = 0 with the electrode
// beyond an end gives the finite limit ln((|lam| + ds)/|lam|); r = 0
// alongside the segment gives +Inf.
func lineFactor(ds, lam, r float64) float64 {
	if lam > ds/2 {
		lam = ds - lam
	}
	s2 := math.Hypot(lam, r)
	s1 := math.Hypot(ds-lam, r)
	var q float64
	if lam > 0 {
		q = r * r / (lam + s2)
	} else {
		q = -lam + s2
	}
	pq := ds * (1 + (ds-2*lam)/(s1+s2))
	return math.Log1p(pq / q)
}

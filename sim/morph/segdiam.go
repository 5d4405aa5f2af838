package morph

import (
	"fmt"
	"math"
)

// A cylindrical section (no 3-D points) may have a diameter per segment,
// as NEURON's diam(x) = d assigned segment by segment (for example by
// BluePyOpt's replace_axon): Section.SegDiamUm, one diameter per segment
// (len = Nseg, which must then be set). NEURON computes such a section as
// it does any section without 3-D points, segment by segment: area
// pi*d_j*L/nseg and half-segment resistances Ra*(L/2/nseg)/(pi*d_j^2/4)
// with each segment's own diameter. Diam is then only used where NEURON
// uses diam(0.5) of the section (the d_lambda rule).

// segDiam returns the diameter of segment j of a cylindrical section.
func (s *Section) segDiam(j int) float64 {
	if len(s.SegDiamUm) > 0 {
		return s.SegDiamUm[j]
	}
	return s.Diam
}

// checkSegDiam returns an error if SegDiamUm is set but does not fit the
// section.
func (s *Section) checkSegDiam(w string) error {
	if len(s.SegDiamUm) == 0 {
		return nil
	}
	if len(s.Points) > 0 {
		return fmt.Errorf("%s has both 3-D points and SegDiamUm; per-segment diameters are for sections without 3-D points", w)
	}
	if len(s.SegDiamUm) != s.Nseg {
		return fmt.Errorf("%s: %d SegDiamUm for Nseg = %d; give one diameter per segment (and Nseg)", w, len(s.SegDiamUm), s.Nseg)
	}
	for j, d := range s.SegDiamUm {
		if !(d > 0) || math.IsInf(d, 0) {
			return fmt.Errorf("%s: SegDiamUm[%d] = %g um, want > 0", w, j, d)
		}
	}
	return nil
}

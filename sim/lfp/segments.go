package lfp

import (
	"fmt"
	"math"
)

// Segments are straight segments of membrane in structure of arrays:
// segment k runs from (X0Um[k], Y0Um[k], Z0Um[k]) to (X1Um[k], Y1Um[k],
// Z1Um[k]) with diameter DiamUm[k], and its current counts Weight[k]
// times (a cell's weight: 1, or 1/fdst for a sampled distal cell; nil
// means 1 for every segment). All slices have one length.
type Segments struct {
	X0Um, Y0Um, Z0Um []float64
	X1Um, Y1Um, Z1Um []float64
	DiamUm           []float64
	Weight           []float64
}

// Len returns the number of segments.
func (s *Segments) Len() int { return len(s.X0Um) }

// Append adds a segment from a to b (µm) of diameter diamUm and weight w.
// A weight other than 1 allocates Weight if it is nil.
func (s *Segments) Append(a, b [3]float64, diamUm, w float64) {
	if s.Weight == nil && w != 1 {
		s.Weight = make([]float64, s.Len(), s.Len()+1)
		for k := range s.Weight {
			s.Weight[k] = 1
		}
	}
	s.X0Um, s.Y0Um, s.Z0Um = append(s.X0Um, a[0]), append(s.Y0Um, a[1]), append(s.Z0Um, a[2])
	s.X1Um, s.Y1Um, s.Z1Um = append(s.X1Um, b[0]), append(s.Y1Um, b[1]), append(s.Z1Um, b[2])
	s.DiamUm = append(s.DiamUm, diamUm)
	if s.Weight != nil {
		s.Weight = append(s.Weight, w)
	}
}

// ends returns segment k's ends.
func (s *Segments) ends(k int) (a, b [3]float64) {
	return [3]float64{s.X0Um[k], s.Y0Um[k], s.Z0Um[k]}, [3]float64{s.X1Um[k], s.Y1Um[k], s.Z1Um[k]}
}

func (s *Segments) check() error {
	n := s.Len()
	for i, l := range [][]float64{s.Y0Um, s.Z0Um, s.X1Um, s.Y1Um, s.Z1Um, s.DiamUm} {
		if len(l) != n {
			return fmt.Errorf("lfp: segments: %d x0 values but %d of %s", n, len(l), [...]string{"y0", "z0", "x1", "y1", "z1", "diam"}[i])
		}
	}
	if s.Weight != nil && len(s.Weight) != n {
		return fmt.Errorf("lfp: segments: %d segments but %d weights", n, len(s.Weight))
	}
	return nil
}

// LineSource holds the coefficients of one electrode: the potential
// (mV) of 1 nA in each segment, weights included.
type LineSource struct {
	Electrode Electrode
	// KMVPerNA[k] is the potential at the electrode of 1 nA in segment k
	// (mV/nA), the segment's weight included.
	KMVPerNA []float64
}

// New computes the normative line-source coefficients of segs at
// electrode e. An error names the first segment that is not finite, has
// a negative diameter or puts the electrode on its axis with zero
// diameter (ErrSingular).
func New(segs *Segments, e Electrode) (*LineSource, error) {
	if err := e.check(); err != nil {
		return nil, fmt.Errorf("lfp: %w", err)
	}
	if err := segs.check(); err != nil {
		return nil, err
	}
	ls := &LineSource{Electrode: e, KMVPerNA: make([]float64, segs.Len())}
	rho := e.rho()
	for k := range ls.KMVPerNA {
		a, b := segs.ends(k)
		if err := checkSegment(a, b, segs.DiamUm[k]); err != nil {
			return nil, fmt.Errorf("lfp: segment %d: %w", k, err)
		}
		c, err := coefficient(a, b, segs.DiamUm[k]/2, e.PosUm, rho)
		if err != nil {
			return nil, fmt.Errorf("lfp: segment %d (%v to %v, diameter %g um), electrode at %v: %w", k, a, b, segs.DiamUm[k], e.PosUm, err)
		}
		if segs.Weight != nil {
			w := segs.Weight[k]
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return nil, fmt.Errorf("lfp: segment %d: weight %g", k, w)
			}
			c *= w
		}
		ls.KMVPerNA[k] = c
	}
	return ls, nil
}

// Len returns the number of segments.
func (ls *LineSource) Len() int { return len(ls.KMVPerNA) }

// PotentialMV returns the potential at the electrode (mV) of the
// segments' membrane currents (nA, positive outward, in the order of the
// segments): Σ_k K_k I_k. It allocates nothing; a slice of another length
// is an error.
func (ls *LineSource) PotentialMV(currentsNA []float64) (float64, error) {
	if len(currentsNA) != len(ls.KMVPerNA) {
		return 0, fmt.Errorf("lfp: %d currents for %d segments", len(currentsNA), len(ls.KMVPerNA))
	}
	return dot(ls.KMVPerNA, currentsNA), nil
}

// dot returns Σ k[i] c[i] over len(k) <= len(c), in order.
func dot(k, c []float64) float64 {
	c = c[:len(k)]
	var v float64
	for i, x := range k {
		v += x * c[i]
	}
	return v
}

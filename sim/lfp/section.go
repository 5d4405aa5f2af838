package lfp

import (
	"fmt"
	"math"
)

// Section is an unbranched cable as NEURON describes it by 3-D points
// (pt3d): the points' coordinates and diameters (µm, at least two
// points) and its number of segments.
type Section struct {
	XUm, YUm, ZUm, DiamUm []float64
	Nseg                  int
	// AreaUm2 is NEURON's area(x) of each segment (µm²). Only the
	// DefaultArea and SharedCoefficients defects read it (of every
	// section and of Options.DefaultSection); nil otherwise.
	AreaUm2 []float64
}

// Cell is what a cell contributes to the potential: its sections, in
// the order of NEURON's cell.all (the order of its segments' currents),
// and its weight (1 for a proximal cell, 1/fdst for a sampled distal
// one; zero means 1).
type Cell struct {
	Sections []Section
	Weight   float64
}

func (c *Cell) weight() float64 {
	if c.Weight == 0 {
		return 1
	}
	return c.Weight
}

// arc returns the cumulative arc length at each 3-D point.
func (s *Section) arc() []float64 {
	l := make([]float64, len(s.XUm))
	for i := 1; i < len(l); i++ {
		dx, dy, dz := s.XUm[i]-s.XUm[i-1], s.YUm[i]-s.YUm[i-1], s.ZUm[i]-s.ZUm[i-1]
		l[i] = l[i-1] + math.Sqrt(dx*dx+dy*dy+dz*dz)
	}
	return l
}

func (s *Section) check() error {
	n := len(s.XUm)
	if n < 2 {
		return fmt.Errorf("%d 3-D points: want at least 2", n)
	}
	if len(s.YUm) != n || len(s.ZUm) != n || len(s.DiamUm) != n {
		return fmt.Errorf("3-D points: %d x, %d y, %d z and %d diameters", n, len(s.YUm), len(s.ZUm), len(s.DiamUm))
	}
	for i := range n {
		for _, v := range [...]float64{s.XUm[i], s.YUm[i], s.ZUm[i], s.DiamUm[i]} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("3-D point %d is not finite", i)
			}
		}
		if s.DiamUm[i] < 0 {
			return fmt.Errorf("3-D point %d: diameter %g um", i, s.DiamUm[i])
		}
	}
	if s.Nseg < 1 {
		return fmt.Errorf("nseg %d", s.Nseg)
	}
	return nil
}

// interp returns the values ys at the normalized arc position x in
// [0, 1] by linear interpolation, as NEURON's Vector.interpolate does
// (the ends outside the points' range). arc is the section's arc(),
// arc[len-1] > 0.
func interp(arc []float64, x float64, ys ...[]float64) [4]float64 {
	var out [4]float64
	n := len(arc)
	xa := x * arc[n-1]
	switch {
	case xa <= arc[0]:
		for i, y := range ys {
			out[i] = y[0]
		}
	case xa >= arc[n-1]:
		for i, y := range ys {
			out[i] = y[n-1]
		}
	default:
		// arc[j] < xa <= arc[j+1]: never a piece of zero length.
		j := 0
		for arc[j+1] < xa {
			j++
		}
		f := (xa - arc[j]) / (arc[j+1] - arc[j])
		for i, y := range ys {
			out[i] = y[j] + (y[j+1]-y[j])*f
		}
	}
	return out
}

// at returns the point and diameter at normalized arc position x.
func (s *Section) at(arc []float64, x float64) (p [3]float64, diamUm float64) {
	v := interp(arc, x, s.XUm, s.YUm, s.ZUm, s.DiamUm)
	return [3]float64{v[0], v[1], v[2]}, v[3]
}

// SegmentEnds returns segment j's ends (µm), the 3-D points interpolated
// by arc length at x = j/nseg and (j+1)/nseg, and its diameter, the 3-D
// points' diameter interpolated at its centre.
func (s *Section) SegmentEnds(j int) (a, b [3]float64, diamUm float64, err error) {
	if err := s.check(); err != nil {
		return a, b, 0, err
	}
	if j < 0 || j >= s.Nseg {
		return a, b, 0, fmt.Errorf("segment %d of %d", j, s.Nseg)
	}
	arc := s.arc()
	if arc[len(arc)-1] == 0 {
		return a, b, 0, fmt.Errorf("section of zero length")
	}
	a, b, diamUm = s.segmentEnds(arc, j)
	return a, b, diamUm, nil
}

func (s *Section) segmentEnds(arc []float64, j int) (a, b [3]float64, diamUm float64) {
	n := float64(s.Nseg)
	a, _ = s.at(arc, float64(j)/n)
	b, _ = s.at(arc, float64(j+1)/n)
	_, diamUm = s.at(arc, (float64(j)+0.5)/n)
	return a, b, diamUm
}

// AppendSegments appends the segments of the cells to segs, each with
// its cell's weight: the normative geometry of FromCells.
func AppendSegments(segs *Segments, cells []Cell) error {
	for ci := range cells {
		c := &cells[ci]
		for si := range c.Sections {
			s := &c.Sections[si]
			if err := s.check(); err != nil {
				return fmt.Errorf("lfp: cell %d, section %d: %w", ci, si, err)
			}
			arc := s.arc()
			if arc[len(arc)-1] == 0 {
				return fmt.Errorf("lfp: cell %d, section %d: section of zero length", ci, si)
			}
			for j := range s.Nseg {
				a, b, d := s.segmentEnds(arc, j)
				segs.Append(a, b, d, c.weight())
			}
		}
	}
	return nil
}

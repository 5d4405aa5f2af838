package lfp

import (
	"errors"
	"fmt"
	"math"
)

// Defect is a set of MiV-Simulator HEAD's departures from the line-source
// coefficient (SPEC 5.6, docs/LFP.md), for regression against HEAD.
// MiV writes the coefficient of the j-th segment of a section, for its
// current density i (mA/cm²), as
//
//	k_j = 1e-4 area(x) ρ/(4π l) |ln( (√(ld² + rd²) − ld) / (√(sd² + rd²) − sd) )|
//
// which with the right quantities (rd the perpendicular distance, ld =
// −λ, sd = Δs − λ, l = Δs, the segment's own area, no absolute value) is
// the normative K times the segment's area. Each Defect replaces one of
// them by what HEAD uses; with none, FromCells gives New's coefficients.
type Defect uint8

const (
	// FullDistance (a): rd is the full 3-D distance from the electrode
	// to the node used (the segment's start when NodeOffByOne is not
	// set), not the distance from the segment's axis.
	FullDistance Defect = 1 << iota
	// NodeOffByOne (b): the node of segment j is entry j of the
	// section's interpolated nodes (0, 1/(2n), 3/(2n), ..., 1): the
	// 0-end for segment 0 and the centre of segment j−1 after; ld is
	// that node's straight distance from the 0-end, sd = l − ld (negative
	// for j >= 2) and l = L/nseg (arc length). rd, without FullDistance,
	// stays the perpendicular distance from segment j's axis.
	NodeOffByOne
	// AbsLog (c): the logarithm's absolute value. The exact factor is
	// positive, so alone this changes nothing; it flips the sign of the
	// negative factors NodeOffByOne gives.
	AbsLog
	// DefaultArea (d): area(x) without a section is the area of the
	// segment at x of the default section (Options.DefaultSection), not
	// of the segment's own: in terms of currents, K is multiplied by
	// area_default(x_j)/area_own(x_j) (Section.AreaUm2 of every
	// section is needed).
	DefaultArea
	// SharedCoefficients (e): a cell's coefficients are indexed by the
	// segment's index j within its section, reset for every section, so
	// segment j of every section gets the coefficient of segment j of the
	// last section (in Cell.Sections order) that has more than j
	// segments. The coefficients multiply current densities, so per
	// current the reader's is the writer's times the writer's area over
	// the reader's (Section.AreaUm2 of every section is needed).
	SharedCoefficients

	// MiVHEAD is all five: what MiV-Simulator's lfp.py computes at HEAD
	// f279b9c.
	MiVHEAD = FullDistance | NodeOffByOne | AbsLog | DefaultArea | SharedCoefficients
)

// String returns the defects' letters of SPEC 5.6, such as "a,b,c,d,e".
func (d Defect) String() string {
	s := ""
	for i, l := range []string{"a", "b", "c", "d", "e"} {
		if d&(1<<i) != 0 {
			if s != "" {
				s += ","
			}
			s += l
		}
	}
	if s == "" {
		return "none"
	}
	return s
}

// Options adjusts FromCells.
type Options struct {
	// Compat is the set of MiV HEAD's defects to reproduce; zero gives
	// the normative coefficients.
	Compat Defect
	// DefaultSection is NEURON's default (currently accessed) section,
	// whose areas DefaultArea uses; required with DefaultArea.
	DefaultSection *Section
}

// errHEADRaises marks a coefficient MiV HEAD's Python would not compute.
var errHEADRaises = errors.New("MiV HEAD's Python raises here (division by zero or the logarithm of zero)")

// FromCells computes the coefficients of the cells' segments (in cell,
// section and segment order) at electrode e: the normative ones of New,
// or with opt.Compat MiV HEAD's defects.
func FromCells(cells []Cell, e Electrode, opt *Options) (*LineSource, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.Compat&^MiVHEAD != 0 {
		return nil, fmt.Errorf("lfp: unknown compat defects %#x", uint8(o.Compat&^MiVHEAD))
	}
	if o.Compat == 0 {
		var segs Segments
		if err := AppendSegments(&segs, cells); err != nil {
			return nil, err
		}
		return New(&segs, e)
	}
	if err := e.check(); err != nil {
		return nil, fmt.Errorf("lfp: %w", err)
	}
	if o.Compat&DefaultArea != 0 {
		d := o.DefaultSection
		if d == nil || d.Nseg < 1 || len(d.AreaUm2) != d.Nseg {
			return nil, errors.New("lfp: compat DefaultArea needs Options.DefaultSection with nseg >= 1 and one area per segment")
		}
	}
	needArea := o.Compat&(DefaultArea|SharedCoefficients) != 0
	ls := &LineSource{Electrode: e}
	var shared []float64 // MiV's per-cell vector, coefficients of current densities
	for ci := range cells {
		c := &cells[ci]
		start := len(ls.KMVPerNA)
		shared = shared[:0]
		for si := range c.Sections {
			s := &c.Sections[si]
			if err := s.check(); err != nil {
				return nil, fmt.Errorf("lfp: cell %d, section %d: %w", ci, si, err)
			}
			if needArea {
				if len(s.AreaUm2) != s.Nseg {
					return nil, fmt.Errorf("lfp: cell %d, section %d: compat %v needs %d segment areas, have %d", ci, si, o.Compat, s.Nseg, len(s.AreaUm2))
				}
				for j, a := range s.AreaUm2 {
					if !(a > 0) || math.IsInf(a, 0) {
						return nil, fmt.Errorf("lfp: cell %d, section %d, segment %d: area %g um2: want > 0", ci, si, j, a)
					}
				}
			}
			arc := s.arc()
			if arc[len(arc)-1] == 0 {
				return nil, fmt.Errorf("lfp: cell %d, section %d: section of zero length", ci, si)
			}
			for j := range s.Nseg {
				k, err := compatCoefficient(s, arc, j, e, o.Compat)
				if err != nil {
					return nil, fmt.Errorf("lfp: cell %d, section %d, segment %d (compat %v): %w", ci, si, j, o.Compat, err)
				}
				// MiV's coefficient multiplies the current density, with
				// area(x) of the default section (d) or, right, of the
				// segment itself; in terms of the segment's current
				// (nA = 0.01 µm² mA/cm²) it is divided by the area of
				// the segment whose density it multiplies.
				area := 1.
				if needArea {
					area = s.AreaUm2[j]
				}
				if o.Compat&DefaultArea != 0 {
					d := o.DefaultSection
					x := (float64(j) + 0.5) / float64(s.Nseg)
					area = d.AreaUm2[min(int(x*float64(d.Nseg)), d.Nseg-1)]
				}
				k *= area * c.weight()
				if math.IsNaN(k) {
					k = 0 // MiV: if math.isnan(k): k = 0.0
				}
				if o.Compat&SharedCoefficients != 0 {
					for len(shared) <= j {
						shared = append(shared, 0)
					}
					shared[j] = k
				}
				if needArea {
					k /= s.AreaUm2[j]
				}
				ls.KMVPerNA = append(ls.KMVPerNA, k)
			}
		}
		if o.Compat&SharedCoefficients != 0 {
			// pos_lfp: segment j of every section reads what the last
			// writer of index j left, times its own density.
			k := start
			for si := range c.Sections {
				s := &c.Sections[si]
				for j := range s.Nseg {
					ls.KMVPerNA[k] = shared[j] / s.AreaUm2[j]
					k++
				}
			}
		}
	}
	return ls, nil
}

// compatCoefficient is segment j's coefficient (mV/nA, without the
// cell's weight) under the defects of compat other than DefaultArea and
// SharedCoefficients.
func compatCoefficient(s *Section, arc []float64, j int, e Electrode, compat Defect) (float64, error) {
	a, b, diam := s.segmentEnds(arc, j)
	c := mVPerOhmCmNAPerUm * e.rho() / (4 * math.Pi)
	var k float64
	if compat&(FullDistance|NodeOffByOne) == 0 {
		var err error
		if k, err = coefficient(a, b, diam/2, e.PosUm, e.rho()); err != nil {
			return 0, err
		}
	} else {
		ab := [3]float64{b[0] - a[0], b[1] - a[1], b[2] - a[2]}
		ds := norm(ab)
		var p [3]float64 // the node
		var ld, sd, l float64
		if compat&NodeOffByOne != 0 {
			n := float64(s.Nseg)
			x := 0.
			if j > 0 {
				x = (2*float64(j) - 1) / (2 * n)
			}
			p, _ = s.at(arc, x)
			p0, _ := s.at(arc, 0)
			ld = norm(sub(p, p0))
			l = arc[len(arc)-1] / n
			sd = l - ld
		} else {
			if ds == 0 {
				return 0, errHEADRaises
			}
			u := [3]float64{ab[0] / ds, ab[1] / ds, ab[2] / ds}
			lam := dot3(sub(e.PosUm, a), u)
			p, ld, sd, l = a, -lam, ds-lam, ds
		}
		var rd float64
		if compat&FullDistance != 0 {
			rd = norm(sub(e.PosUm, p))
		} else {
			if ds == 0 {
				return 0, errHEADRaises
			}
			u := [3]float64{ab[0] / ds, ab[1] / ds, ab[2] / ds}
			rd = math.Max(norm(cross(sub(e.PosUm, a), u)), diam/2)
		}
		num := math.Sqrt(ld*ld+rd*rd) - ld
		den := math.Sqrt(sd*sd+rd*rd) - sd
		if den == 0 || num == 0 || l == 0 {
			return 0, errHEADRaises
		}
		k = c / l * math.Log(num/den)
	}
	if compat&AbsLog != 0 {
		k = math.Abs(k)
	}
	return k, nil
}

func sub(a, b [3]float64) [3]float64 { return [3]float64{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }
func dot3(a, b [3]float64) float64   { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
func norm(a [3]float64) float64      { return math.Sqrt(dot3(a, a)) }
func cross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

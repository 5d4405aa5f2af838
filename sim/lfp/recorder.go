package lfp

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/morph"
)

// Recorder is the potential at one electrode of cells stepped by
// morph.CellGroups: the line-source coefficient of every segment of their
// sections with 3-D points, and a probe of the segment's membrane current
// (CellGroup.EnableMembraneCurrent, NEURON's i_membrane_, nA). PotentialMV
// reads the currents and sums; it does not allocate. A Recorder is not
// safe for concurrent use.
type Recorder struct {
	ls     *LineSource
	probes []morph.Probe
	cur    []float64
}

// RecordedCell is a cell of a CellGroup whose membrane current a Recorder
// reads: the group (which must have EnableMembraneCurrent on), the cell's
// index in it, its morphology as the group built it, and its weight (0
// means 1).
type RecordedCell struct {
	Group  *morph.CellGroup
	Cell   int
	Morph  *morph.Morphology
	Weight float64
}

// NewRecorder returns the recorder of the cells at electrode e. Every
// section of every cell must have 3-D points (at least two) and its
// number of segments set.
func NewRecorder(cells []RecordedCell, e Electrode) (*Recorder, error) {
	var segs Segments
	var probes []morph.Probe
	for ci, rc := range cells {
		if rc.Group == nil || rc.Morph == nil {
			return nil, fmt.Errorf("lfp: cell %d: no group or morphology", ci)
		}
		c := Cell{Weight: rc.Weight}
		for _, s := range rc.Morph.Sections {
			if len(s.Points) < 2 {
				return nil, fmt.Errorf("lfp: cell %d, section %s: %d 3-D points, want at least 2", ci, s.Name, len(s.Points))
			}
			if s.Nseg < 1 {
				return nil, fmt.Errorf("lfp: cell %d, section %s: nseg %d, want it set", ci, s.Name, s.Nseg)
			}
			sec := Section{Nseg: s.Nseg}
			for _, p := range s.Points {
				sec.XUm = append(sec.XUm, p.X)
				sec.YUm = append(sec.YUm, p.Y)
				sec.ZUm = append(sec.ZUm, p.Z)
				sec.DiamUm = append(sec.DiamUm, p.D)
			}
			c.Sections = append(c.Sections, sec)
			for j := range s.Nseg {
				p, err := rc.Group.Probe(rc.Cell, morph.At(s.Name, (float64(j)+.5)/float64(s.Nseg)), "i_membrane")
				if err != nil {
					return nil, fmt.Errorf("lfp: cell %d: %w", ci, err)
				}
				probes = append(probes, p)
			}
		}
		if err := AppendSegments(&segs, []Cell{c}); err != nil {
			return nil, fmt.Errorf("lfp: cell %d: %w", ci, err)
		}
	}
	ls, err := New(&segs, e)
	if err != nil {
		return nil, err
	}
	return &Recorder{ls: ls, probes: probes, cur: make([]float64, len(probes))}, nil
}

// PotentialMV returns the potential at the electrode (mV) of the cells'
// present membrane currents.
func (r *Recorder) PotentialMV() float64 {
	for k := range r.probes {
		r.cur[k] = r.probes[k].Value()
	}
	return dot(r.ls.KMVPerNA, r.cur)
}

// Segments returns the number of segments the recorder sums.
func (r *Recorder) Segments() int { return len(r.probes) }

// CoefficientsMVPerNA returns the line-source coefficient of every
// segment (mV/nA, weights included), in the order PotentialMV sums them;
// the slice is the recorder's, not to be changed. With AppendCurrentsNA
// it lets the segments of cells stepped apart (on other ranks) be summed
// in one order: LineSource{KMVPerNA: k}.PotentialMV(currents) is
// PotentialMV's sum of the same values, bit for bit.
func (r *Recorder) CoefficientsMVPerNA() []float64 { return r.ls.KMVPerNA }

// AppendCurrentsNA appends the segments' present membrane currents (nA),
// in the order of CoefficientsMVPerNA, to dst and returns it.
func (r *Recorder) AppendCurrentsNA(dst []float64) []float64 {
	for k := range r.probes {
		dst = append(dst, r.probes[k].Value())
	}
	return dst
}

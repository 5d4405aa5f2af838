package morph

import (
	"fmt"
	"math"
	"sort"

	"github.com/golgi-sim/golgi/sim/rng"
)

// Range selects the parts of the sections of Where whose path distance
// from the cell's origin (Cell.Origin, by default the soma's centre) lies
// in [MinUm, MaxUm], for placing synapses by distance rules such as "the
// apical dendrites between 100 and 300 um from the soma". MaxUm may be
// +Inf.
type Range struct {
	Where        Where
	MinUm, MaxUm float64
}

func (r Range) String() string {
	return fmt.Sprintf("%v between %g and %g um from the origin", r.Where, r.MinUm, r.MaxUm)
}

// Weighting chooses how Scatter spreads locations over the membrane.
type Weighting int

const (
	// ByLength draws locations uniformly along the length of the cable.
	ByLength Weighting = iota
	// ByArea draws them in proportion to membrane area: each segment's
	// area is spread evenly along it.
	ByArea
)

// sectionSpan describes the path distance along section i: it falls
// linearly from the ends to a vertex at x = xv, where it is dv, and rises
// at one um per um on each side (xv = 0 for a section away from the
// origin; the origin's section and its ancestors have xv inside).
type sectionSpan struct {
	l, xv, dv float64
}

func (cp *Compartments) span(i int) sectionSpan {
	m := cp.Cell.Morphology
	o := cp.origin()
	os, _ := cp.locate(o)
	l := m.Length(i)
	d0, d1 := m.distance(os, o.X, i, 0), m.distance(os, o.X, i, 1)
	xv := math.Min(1, math.Max(0, (d0-d1+l)/(2*l)))
	return sectionSpan{l: l, xv: xv, dv: d0 - xv*l}
}

// extent returns the smallest and largest distance on the section.
func (s sectionSpan) extent() (lo, hi float64) {
	return s.dv, s.dv + math.Max(s.xv, 1-s.xv)*s.l
}

// within returns the intervals of x (at most two) where the distance lies
// in [lo, hi].
func (s sectionSpan) within(lo, hi float64) [][2]float64 {
	var out [][2]float64
	a, b := (lo-s.dv)/s.l, (hi-s.dv)/s.l // offsets from the vertex
	a = math.Max(a, 0)
	if b < a {
		return nil
	}
	// Left of the vertex: x in [xv - b, xv - a] within [0, xv].
	if x0, x1 := math.Max(0, s.xv-b), math.Min(s.xv, s.xv-a); x1 > x0 {
		out = append(out, [2]float64{x0, x1})
	}
	// Right: x in [xv + a, xv + b] within [xv, 1].
	if x0, x1 := math.Max(s.xv, s.xv+a), math.Min(1, s.xv+b); x1 > x0 {
		out = append(out, [2]float64{x0, x1})
	}
	return out
}

// origin returns the point distances are measured from.
func (cp *Compartments) origin() Location {
	if cp.Cell.Origin != nil {
		return *cp.Cell.Origin
	}
	return Location{cp.Cell.Morphology.Sections[0].Name, 0.5}
}

// check returns an error describing r if it is malformed.
func (r Range) check(m *Morphology) error {
	if math.IsNaN(r.MinUm) || math.IsNaN(r.MaxUm) || r.MinUm < 0 || r.MaxUm < r.MinUm || math.IsInf(r.MinUm, 0) {
		return fmt.Errorf("range %g to %g um: want 0 <= MinUm <= MaxUm", r.MinUm, r.MaxUm)
	}
	return r.Where.check(m)
}

// extentOf describes the distances the sections of w span, for messages.
func (cp *Compartments) extentOf(w Where) string {
	m := cp.Cell.Morphology
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range m.Sections {
		if w.match(&m.Sections[i]) {
			a, b := cp.span(i).extent()
			lo, hi = math.Min(lo, a), math.Max(hi, b)
		}
	}
	return fmt.Sprintf("%v spans %.6g to %.6g um from the origin", w, lo, hi)
}

// SegmentsIn returns the centres of the segments of the sections of r.Where
// whose centre lies within r's distances, in the order of the nodes (as
// NEURON's "for each segment of these sections with distance in range").
// A range that selects no segment is an error giving the distances the
// sections span.
func (cp *Compartments) SegmentsIn(r Range) ([]Location, error) {
	m := cp.Cell.Morphology
	if err := r.check(m); err != nil {
		return nil, fmt.Errorf("morph: SegmentsIn: %w", err)
	}
	var out []Location
	for _, nd := range cp.Nodes {
		s := &m.Sections[nd.Section]
		if nd.AreaUm2 == 0 || !r.Where.match(s) || nd.DistUm < r.MinUm || nd.DistUm > r.MaxUm {
			continue
		}
		out = append(out, Location{s.Name, nd.X})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("morph: SegmentsIn: no segment centre of %v (%s)", r, cp.extentOf(r.Where))
	}
	return out, nil
}

// AtDistance returns the points of the sections of w at path distance
// distUm from the origin, one per section that reaches it (two on a
// section around the origin), in section order. A distance beyond every
// selected section is an error giving the distances they span.
func (cp *Compartments) AtDistance(w Where, distUm float64) ([]Location, error) {
	m := cp.Cell.Morphology
	if err := w.check(m); err != nil {
		return nil, fmt.Errorf("morph: AtDistance: %w", err)
	}
	if !(distUm >= 0) || math.IsInf(distUm, 0) {
		return nil, fmt.Errorf("morph: AtDistance: distance %g um, want a finite distance >= 0", distUm)
	}
	var out []Location
	for i := range m.Sections {
		s := &m.Sections[i]
		if !w.match(s) {
			continue
		}
		sp := cp.span(i)
		off := (distUm - sp.dv) / sp.l
		if off < 0 {
			continue
		}
		if x := sp.xv - off; x >= 0 && off > 0 {
			out = append(out, Location{s.Name, x})
		}
		if x := sp.xv + off; x <= 1 {
			out = append(out, Location{s.Name, x})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("morph: AtDistance: %g um is beyond %s", distUm, cp.extentOf(w))
	}
	return out, nil
}

// Scatter returns n locations drawn at random over the parts of the
// sections of r.Where within r's distances, uniformly along their length
// (ByLength) or in proportion to membrane area (ByArea). The draw is
// determined by seed: the same cell, range, n and seed give the same
// locations. An empty range is an error giving the distances the sections
// span.
func (cp *Compartments) Scatter(r Range, n int, by Weighting, seed uint64) ([]Location, error) {
	m := cp.Cell.Morphology
	if err := r.check(m); err != nil {
		return nil, fmt.Errorf("morph: Scatter: %w", err)
	}
	if n < 0 {
		return nil, fmt.Errorf("morph: Scatter: n = %d, want n >= 0", n)
	}
	if by != ByLength && by != ByArea {
		return nil, fmt.Errorf("morph: Scatter: weighting %d, want ByLength or ByArea", int(by))
	}
	type piece struct {
		sec    int
		x0, x1 float64
	}
	var pieces []piece
	var cum []float64 // cumulative weights
	total := 0.
	for i := range m.Sections {
		if !r.Where.match(&m.Sections[i]) {
			continue
		}
		sp := cp.span(i)
		nseg := cp.Nseg[i]
		for _, iv := range sp.within(r.MinUm, r.MaxUm) {
			// Split at segment boundaries so that area weights per segment.
			for j := nodeIndex(nseg, iv[0]); j < nseg; j++ {
				a := math.Max(iv[0], float64(j)/float64(nseg))
				b := math.Min(iv[1], float64(j+1)/float64(nseg))
				if b <= a {
					if a >= iv[1] {
						break
					}
					continue
				}
				w := (b - a) * sp.l
				if by == ByArea {
					w = cp.Nodes[cp.first[i]+j].AreaUm2 * (b - a) * float64(nseg)
				}
				total += w
				pieces = append(pieces, piece{i, a, b})
				cum = append(cum, total)
			}
		}
	}
	if !(total > 0) {
		return nil, fmt.Errorf("morph: Scatter: nothing of %v (%s)", r, cp.extentOf(r.Where))
	}
	s := rng.New(seed, 0x5ca77e2, 0, 0)
	out := make([]Location, n)
	for k := range out {
		u := s.Float64() * total
		p := sort.SearchFloat64s(cum, u)
		if p == len(cum) || cum[p] == u {
			p = min(p+1, len(cum)-1)
		}
		pc := pieces[p]
		out[k] = Location{m.Sections[pc.sec].Name, pc.x0 + s.Float64()*(pc.x1-pc.x0)}
	}
	return out, nil
}

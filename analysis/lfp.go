package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// DefaultResistivity is the extracellular resistivity of cortex used by
// default: 333 ohm cm = 3.33 ohm m.
const DefaultResistivity = 3.33

// Vec3 is a position in space (m).
type Vec3 [3]float64

func (a Vec3) sub(b Vec3) Vec3    { return Vec3{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }
func (a Vec3) dot(b Vec3) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
func (a Vec3) norm() float64      { return math.Sqrt(a.dot(a)) }

// LFPOptions adjusts the extracellular potentials. The zero value gives
// the defaults.
type LFPOptions struct {
	// Resistivity of the extracellular medium (ohm m); zero means
	// DefaultResistivity (333 ohm cm).
	Resistivity float64
	// MaxDistance leaves out sources farther than this from an electrode
	// (m; for a line source, its midpoint); zero means no limit.
	MaxDistance float64
	// MinDistance is the smallest distance used (m): closer sources are
	// taken to be at this distance, to keep the potential finite; zero
	// means 1e-6 (1 um, about a neurite's radius).
	MinDistance float64
	// Fraction of the cells sampled, chosen at random (reproducibly, from
	// Seed) among the distinct Cell values of the sources; zero or >= 1
	// means all cells.
	Fraction float64
	Seed     uint64
}

func (o *LFPOptions) defaults() {
	if o.Resistivity == 0 {
		o.Resistivity = DefaultResistivity
	}
	if o.MinDistance == 0 {
		o.MinDistance = 1e-6
	}
}

// PointSource is a current source at a point, such as a compartment of a
// cell seen from afar.
type PointSource struct {
	Pos  Vec3 // position (m)
	Cell int  // the cell it belongs to, for LFPOptions.Fraction
}

// LineSource is a current spread uniformly along a straight segment, such
// as a cylindrical compartment (Holt and Koch 1999).
type LineSource struct {
	Start, End Vec3 // ends of the segment (m)
	Cell       int  // the cell it belongs to, for LFPOptions.Fraction
}

// PointSourceLFP returns the extracellular potential (V) at each electrode
// (positions in m) of transmembrane currents (A, positive outward) at point
// sources in an infinite homogeneous medium of resistivity rho:
//
//	phi_e(t) = rho/(4 pi) sum_s I_s(t) / |r_e - r_s|.
//
// currents[s] is the current of source s at each time step; all have the
// same length, which the result's rows have too (result[e][t]). No
// sources give zeros. Mismatched lengths return an error.
func PointSourceLFP(electrodes []Vec3, sources []PointSource, currents [][]float64, opt *LFPOptions) ([][]float64, error) {
	var o LFPOptions
	if opt != nil {
		o = *opt
	}
	o.defaults()
	cells := make([]int, len(sources))
	for s, src := range sources {
		cells[s] = src.Cell
	}
	return lfp("PointSourceLFP", electrodes, cells, currents, o, func(e Vec3, s int) (float64, bool) {
		r := e.sub(sources[s].Pos).norm()
		if o.MaxDistance > 0 && r > o.MaxDistance {
			return 0, false
		}
		return o.Resistivity / (4 * math.Pi * math.Max(r, o.MinDistance)), true
	})
}

// LineSourceLFP returns the extracellular potential (V) at each electrode
// (m) of transmembrane currents (A, positive outward) spread uniformly
// along straight segments, the line-source approximation (Holt and Koch
// 1999, as in LFPy): for a segment of length L, an electrode at distance h
// along the segment's axis from its start and d from the axis,
//
//	phi = rho I / (4 pi L) [asinh((L - h)/d) + asinh(h/d)],
//
// the exact potential of a uniform line current (computed in a form that
// stays accurate on the axis beyond the ends), with d raised to
// MinDistance if smaller and the electrode alongside the segment
// (0 <= h <= L). A segment of zero length is a point source.
// currents[s] is the current of segment s at each time step (result[e][t]
// likewise); mismatched lengths return an error.
func LineSourceLFP(electrodes []Vec3, segments []LineSource, currents [][]float64, opt *LFPOptions) ([][]float64, error) {
	var o LFPOptions
	if opt != nil {
		o = *opt
	}
	o.defaults()
	cells := make([]int, len(segments))
	for s, seg := range segments {
		cells[s] = seg.Cell
	}
	return lfp("LineSourceLFP", electrodes, cells, currents, o, func(e Vec3, s int) (float64, bool) {
		seg := segments[s]
		ax := seg.End.sub(seg.Start)
		l := ax.norm()
		mid := Vec3{(seg.Start[0] + seg.End[0]) / 2, (seg.Start[1] + seg.End[1]) / 2, (seg.Start[2] + seg.End[2]) / 2}
		if o.MaxDistance > 0 && e.sub(mid).norm() > o.MaxDistance {
			return 0, false
		}
		k := o.Resistivity / (4 * math.Pi)
		p := e.sub(seg.Start)
		if l == 0 {
			return k / math.Max(p.norm(), o.MinDistance), true
		}
		h := p.dot(ax) / l
		d := math.Sqrt(math.Max(0, p.dot(p)-h*h))
		switch {
		case h > l: // beyond the end: a stable form that allows d = 0
			a := h - l
			return k / l * math.Log((h+math.Hypot(h, d))/(a+math.Hypot(a, d))), true
		case h < 0: // before the start
			return k / l * math.Log(((l-h)+math.Hypot(l-h, d))/(-h+math.Hypot(h, d))), true
		}
		d = math.Max(d, o.MinDistance)
		return k / l * (math.Asinh((l-h)/d) + math.Asinh(h/d)), true
	})
}

// lfp sums w(e, s) * currents[s] over the sampled sources for each electrode.
func lfp(fn string, electrodes []Vec3, cells []int, currents [][]float64, o LFPOptions, w func(Vec3, int) (float64, bool)) ([][]float64, error) {
	if len(currents) != len(cells) {
		return nil, fmt.Errorf("analysis.%s: %d current traces for %d sources", fn, len(currents), len(cells))
	}
	nt := 0
	if len(currents) > 0 {
		nt = len(currents[0])
	}
	for s, c := range currents {
		if len(c) != nt {
			return nil, fmt.Errorf("analysis.%s: source %d has %d samples, source 0 %d", fn, s, len(c), nt)
		}
	}
	keep := sampleCells(cells, o.Fraction, o.Seed)
	out := make([][]float64, len(electrodes))
	for e, pos := range electrodes {
		out[e] = make([]float64, nt)
		for s, c := range currents {
			if keep != nil && !keep[cells[s]] {
				continue
			}
			k, ok := w(pos, s)
			if !ok {
				continue
			}
			for t, i := range c {
				out[e][t] += k * i
			}
		}
	}
	return out, nil
}

// sampleCells returns the set of cells kept when sampling a fraction of
// the distinct cells, or nil for all.
func sampleCells(cells []int, frac float64, seed uint64) map[int]bool {
	if frac <= 0 || frac >= 1 {
		return nil
	}
	set := map[int]bool{}
	for _, c := range cells {
		set[c] = true
	}
	ids := make([]int, 0, len(set))
	for c := range set {
		ids = append(ids, c)
	}
	sort.Ints(ids)
	r := rand.New(rand.NewPCG(seed, 0x1f9))
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	keep := map[int]bool{}
	for _, c := range ids[:int(math.Round(frac*float64(len(ids))))] {
		keep[c] = true
	}
	return keep
}

// AbsCurrentProxy returns the LFP proxy of point-neuron networks that sums
// the absolute synaptic currents (Mazzoni et al. 2015's "I" proxy):
// proxy[t] = sum_c |currents[c][t]|, in the unit of the currents (A).
// currents holds one trace per cell and receptor (for example the AMPA and
// the GABA current of each excitatory cell), all of the same length. No
// traces return an empty slice; traces of different lengths an error.
func AbsCurrentProxy(currents [][]float64) ([]float64, error) {
	if len(currents) == 0 {
		return nil, nil
	}
	out := make([]float64, len(currents[0]))
	for c, tr := range currents {
		if len(tr) != len(out) {
			return nil, fmt.Errorf("analysis.AbsCurrentProxy: trace %d has %d samples, trace 0 %d", c, len(tr), len(out))
		}
		for t, v := range tr {
			out[t] += math.Abs(v)
		}
	}
	return out, nil
}

// WeightedSumProxy returns Mazzoni et al. (2015)'s best LFP proxy of
// integrate-and-fire networks, the weighted sum of synaptic currents
//
//	proxy(t) = ampa(t - delay) - alpha * gaba(t)
//
// from the AMPA and GABA currents summed over the excitatory cells (A,
// sampled every dt s; the paper's convention is inward negative), with
// the paper's delay = 6 ms and alpha = 1.65 when zero is given. The first
// sample of the result is at time delay (rounded to a sample) after the
// first input sample; inputs shorter than the delay give an empty result,
// inputs of different lengths or dt <= 0 an error. Normalise (z-score)
// the result to compare with a measured LFP, as in the paper.
func WeightedSumProxy(ampa, gaba []float64, dt, delay, alpha float64) ([]float64, error) {
	if !(dt > 0) {
		return nil, fmt.Errorf("analysis.WeightedSumProxy: dt %g s: %w", dt, ErrEmptyWindow)
	}
	if len(ampa) != len(gaba) {
		return nil, fmt.Errorf("analysis.WeightedSumProxy: %d AMPA and %d GABA samples", len(ampa), len(gaba))
	}
	if delay == 0 {
		delay = 6e-3
	}
	if alpha == 0 {
		alpha = 1.65
	}
	nd := int(math.Round(delay / dt))
	if nd < 0 {
		return nil, fmt.Errorf("analysis.WeightedSumProxy: delay %g s", delay)
	}
	if nd >= len(ampa) {
		return []float64{}, nil
	}
	out := make([]float64, len(ampa)-nd)
	for k := range out {
		out[k] = ampa[k] - alpha*gaba[k+nd]
	}
	return out, nil
}

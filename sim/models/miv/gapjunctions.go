package miv

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/golgi-sim/golgi/sim/rng"
)

// Streams of the gap-junction generation (sim/rng purposes).
const (
	purposeGapPairs     = 0x4741_5001 // "GAP": the choice of the coupled pairs
	purposeGapLocations = 0x4741_5002 // sections and positions of one junction
)

// GapJunction is one gap junction (SPEC 2.9): a half-gap on the source
// cell and one on the destination cell, each at a section (index in its
// population's tree) and a normalised position, with the coupling
// strength of each half (coefficient × the fitted coupling weight at
// the half's path distance to the soma). Positions and couplings are
// single-precision values, as the file stores them.
type GapJunction struct {
	SourceGid, DestinationGid           int
	SourceSection, DestinationSection   int
	SourcePosition, DestinationPosition float64
	SourceCoupling, DestinationCoupling float64
}

// f32 rounds to single precision, as the gap-junction file stores
// positions and couplings: a construction in memory and one read back
// make the same network.
func f32(x float64) float64 { return float64(float32(x)) }

// GapJunctionSet are the gap junctions of one population pair
// (Gap Junctions.Locations.<Source>.<Destination>), sorted by source
// then destination gid.
type GapJunctionSet struct {
	Source, Destination string
	Junctions           []GapJunction
}

// cubicFit is numpy's polyfit(x, y, 3): the least-squares cubic through
// the table, coefficients of 1, d, d², d³.
type cubicFit [4]float64

// fitCubic fits the cubic to a distance table (at least 4 distances).
func fitCubic(t DistanceTable) (cubicFit, error) {
	var f cubicFit
	if len(t) < 4 {
		return f, fmt.Errorf("%d distances: a cubic needs at least 4", len(t))
	}
	a := mat.NewDense(len(t), 4, nil)
	b := mat.NewVecDense(len(t), nil)
	for i, r := range t {
		p := 1.
		for j := range 4 {
			a.Set(i, j, p)
			p *= r.DistanceUm
		}
		b.SetVec(i, r.Value)
	}
	var x mat.VecDense
	if err := x.SolveVec(a, b); err != nil {
		return f, fmt.Errorf("fitting a cubic: %w", err)
	}
	for j := range 4 {
		f[j] = x.AtVec(j)
	}
	return f, nil
}

// at evaluates the cubic at d.
func (f cubicFit) at(d float64) float64 {
	return f[0] + d*(f[1]+d*(f[2]+d*f[3]))
}

// GapJunctions generates the gap junctions of the configuration (SPEC
// 2.9) between the cells of somata, their sections taken from the
// populations' trees: nil when the configuration has no Gap Junctions.
//
// For each pair (A, B) of Gap Junctions.Locations, in sorted order, with
// index i: the candidates are all ordered pairs (a in A, b in B) whose
// somata (X, Y, Z) are 0 < d <= max key of Connection Weights apart
// (175 µm); k = round(p × #candidates) of them (p = Connection
// Probabilities.A.B) are drawn without replacement with probability
// proportional to the cubic fitted to Connection Weights at d (negative
// values of the fit count as 0). For each chosen pair a section type is
// drawn among Locations.A.B (50/50 between two), then on each cell a
// section of that type uniformly and a position max(U(0, 1), 0.01); the
// coupling of each half is Coupling Coefficients.A.B × the cubic fitted
// to Coupling Weights at the half's path distance from the soma's
// middle (pathDistances), the distance clamped to the table's bounds
// [min key, max key] (the cubic of the cases' table turns negative
// beyond them) and the weight to >= 0.
//
// The draws are Golgi's own sim/rng streams keyed by Random Seeds.Gap
// Junctions and i (the pairs; per junction also its index), not MiV's
// numpy streams: the junctions follow MiV's distributions, not its
// draws. The pairs are drawn by Efraimidis-Spirakis keys log(U)/w (the k
// largest), which has the distribution of numpy's successive draws
// without replacement.
func (c *Config) GapJunctions(somata map[string]*Somata, trees map[string]*Tree) ([]GapJunctionSet, error) {
	gj := c.ConnectionGenerator.GapJunctions
	if gj == nil {
		return nil, nil
	}
	const key = "Connection Generator.Gap Junctions"
	connFit, err := fitCubic(gj.ConnectionWeights)
	if err != nil {
		return nil, fmt.Errorf("miv config %s: %s.Connection Weights: %w", c.Path, key, err)
	}
	coupFit, err := fitCubic(gj.CouplingWeights)
	if err != nil {
		return nil, fmt.Errorf("miv config %s: %s.Coupling Weights: %w", c.Path, key, err)
	}
	maxDistUm := gj.ConnectionWeights[len(gj.ConnectionWeights)-1].DistanceUm
	lo, hi := gj.CouplingWeights[0].DistanceUm, gj.CouplingWeights[len(gj.CouplingWeights)-1].DistanceUm
	coupling := func(dUm float64) float64 { return max(coupFit.at(min(max(dUm, lo), hi)), 0) }
	type pair struct {
		a, b string
		secs []string
	}
	var pairs []pair
	for _, a := range gj.Locations {
		for _, b := range a.Value {
			pairs = append(pairs, pair{a.Name, b.Name, b.Value})
		}
	}
	slices.SortFunc(pairs, func(x, y pair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	var out []GapJunctionSet
	for i, pr := range pairs {
		where := fmt.Sprintf("miv config %s: %s.Locations.%s.%s", c.Path, key, pr.a, pr.b)
		sa, sb := somata[pr.a], somata[pr.b]
		if sa == nil || sb == nil {
			return nil, fmt.Errorf("%s: population %s or %s has no somata", where, pr.a, pr.b)
		}
		ta, tb := trees[pr.a], trees[pr.b]
		if ta == nil || tb == nil {
			return nil, fmt.Errorf("%s: population %s or %s has no tree (gap junctions need biophysical cells)", where, pr.a, pr.b)
		}
		if len(pr.secs) == 0 {
			return nil, fmt.Errorf("%s: no section types", where)
		}
		types := make([]int, len(pr.secs))
		for k, s := range pr.secs {
			id, ok := c.Definitions.SWCTypes.Get(s)
			if !ok {
				return nil, fmt.Errorf("%s[%d]: section type %q is not in Definitions.SWC Types", where, k, s)
			}
			types[k] = id
		}
		secsA, secsB := sectionsByType(ta), sectionsByType(tb)
		for k, t := range types {
			if len(secsA[t]) == 0 || len(secsB[t]) == 0 {
				return nil, fmt.Errorf("%s[%d]: the trees of %s and %s need sections of type %s", where, k, pr.a, pr.b, pr.secs[k])
			}
		}
		row, _ := gj.ConnectionProbabilities.Get(pr.a)
		p, ok := row.Get(pr.b)
		if !ok {
			return nil, fmt.Errorf("miv config %s: %s.Connection Probabilities.%s.%s: missing", c.Path, key, pr.a, pr.b)
		}
		crow, _ := gj.CouplingCoefficients.Get(pr.a)
		coeff, ok := crow.Get(pr.b)
		if !ok {
			return nil, fmt.Errorf("miv config %s: %s.Coupling Coefficients.%s.%s: missing", c.Path, key, pr.a, pr.b)
		}
		cands := gapCandidates(sa, sb, maxDistUm)
		k := int(math.Round(p * float64(len(cands))))
		w := make([]float64, len(cands))
		for j, cd := range cands {
			w[j] = max(connFit.at(cd.distUm), 0)
		}
		s := rng.New(uint64(c.RandomSeeds.GapJunctions), purposeGapPairs, uint64(i), 0)
		chosen, err := sampleWithoutReplacement(&s, w, k)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		slices.Sort(chosen)
		distA, distB := newPathDistances(ta), newPathDistances(tb)
		set := GapJunctionSet{Source: pr.a, Destination: pr.b, Junctions: make([]GapJunction, len(chosen))}
		for j, ci := range chosen {
			cd := cands[ci]
			ls := rng.New(uint64(c.RandomSeeds.GapJunctions), purposeGapLocations, uint64(i), uint64(j))
			t := types[0]
			if len(types) > 1 {
				t = types[ls.Intn(len(types))]
			}
			secA := secsA[t][ls.Intn(len(secsA[t]))]
			xA := max(ls.Float64(), 0.01)
			secB := secsB[t][ls.Intn(len(secsB[t]))]
			xB := max(ls.Float64(), 0.01)
			set.Junctions[j] = GapJunction{
				SourceGid: sa.Start + cd.a, DestinationGid: sb.Start + cd.b,
				SourceSection: secA, DestinationSection: secB,
				SourcePosition: f32(xA), DestinationPosition: f32(xB),
				SourceCoupling:      f32(coeff * coupling(distA.at(secA, xA))),
				DestinationCoupling: f32(coeff * coupling(distB.at(secB, xB))),
			}
		}
		out = append(out, set)
	}
	return out, nil
}

// gapCandidate is a candidate pair: cell indices in their populations.
type gapCandidate struct {
	a, b   int
	distUm float64
}

// gapCandidates lists the ordered pairs (a, b), a-major, whose somata
// are 0 < d <= maxUm apart.
func gapCandidates(sa, sb *Somata, maxUm float64) []gapCandidate {
	var out []gapCandidate
	for a := range sa.X {
		for b := range sb.X {
			dx, dy, dz := sa.X[a]-sb.X[b], sa.Y[a]-sb.Y[b], sa.Z[a]-sb.Z[b]
			d := math.Sqrt(dx*dx + dy*dy + dz*dz)
			if d > 0 && d <= maxUm {
				out = append(out, gapCandidate{a, b, d})
			}
		}
	}
	return out
}

// sampleWithoutReplacement draws k distinct indices with the
// distribution of successive draws proportional to w among the indices
// not yet drawn (numpy's choice(replace=False, p=w/sum(w))), by
// Efraimidis-Spirakis keys: the k largest log(U)/w. Indices of weight 0
// are never drawn: fewer than k positive weights is an error, as in
// numpy.
func sampleWithoutReplacement(s *rng.Stream, w []float64, k int) ([]int, error) {
	type keyed struct {
		key float64
		i   int
	}
	ks := make([]keyed, 0, len(w))
	for i, v := range w {
		u := s.OpenFloat64() // one draw per index, drawn or not
		if v > 0 {
			ks = append(ks, keyed{math.Log(u) / v, i})
		}
	}
	if k > len(ks) {
		return nil, fmt.Errorf("%d gap junctions wanted, %d candidate pairs of positive weight", k, len(ks))
	}
	slices.SortFunc(ks, func(x, y keyed) int { return cmp.Or(cmp.Compare(y.key, x.key), cmp.Compare(x.i, y.i)) })
	out := make([]int, k)
	for j := range k {
		out[j] = ks[j].i
	}
	return out, nil
}

// sectionsByType lists the sections of a tree by SWC type, in index
// order.
func sectionsByType(t *Tree) map[int][]int {
	out := map[int][]int{}
	for i := range t.Sections {
		ty := t.SectionType(i)
		out[ty] = append(out[ty], i)
	}
	return out
}

// pathDistances are the path distances along a tree from the middle of
// its root section (NEURON's distance from soma(0.5)): the distance at
// each section's start and its length.
type pathDistances struct {
	root     int
	startUm  []float64
	lengthUm []float64
}

// newPathDistances measures tree t: a section hangs from its parent's
// point Loc (at the arc length of that point along the parent).
func newPathDistances(t *Tree) *pathDistances {
	n := len(t.Sections)
	p := &pathDistances{root: -1, startUm: make([]float64, n), lengthUm: make([]float64, n)}
	parent, loc := make([]int, n), make([]int, n)
	for i := range n {
		parent[i] = -1
		p.lengthUm[i] = t.SectionLengthUm(i)
	}
	for k, d := range t.Dst {
		parent[d], loc[d] = int(t.Src[k]), int(t.Loc[k])
	}
	done := make([]bool, n)
	var visit func(i int) float64
	visit = func(i int) float64 {
		if done[i] {
			return p.startUm[i]
		}
		done[i] = true // a cycle (not a tree) ends here
		if parent[i] < 0 {
			if p.root < 0 {
				p.root = i
			}
			p.startUm[i] = 0
			return 0
		}
		pa := parent[i]
		visit(pa)
		x := 0.
		if l := p.lengthUm[pa]; l > 0 {
			x = arcToPoint(t, pa, loc[i]) / l
		}
		p.startUm[i] = p.at(pa, x)
		return p.startUm[i]
	}
	for i := range n {
		visit(i)
	}
	return p
}

// at is the path distance at position x of section i.
func (p *pathDistances) at(i int, x float64) float64 {
	if i == p.root {
		return math.Abs(x-0.5) * p.lengthUm[i]
	}
	return p.startUm[i] + x*p.lengthUm[i]
}

// arcToPoint is the arc length of section i up to its point k.
func arcToPoint(t *Tree, i, k int) float64 {
	s := t.Sections[i]
	l := 0.
	for j := 1; j <= k && j < len(s); j++ {
		a, b := s[j-1], s[j]
		dx := float64(t.X[b]) - float64(t.X[a])
		dy := float64(t.Y[b]) - float64(t.Y[a])
		dz := float64(t.Z[b]) - float64(t.Z[a])
		l += math.Sqrt(dx*dx + dy*dy + dz*dz)
	}
	return l
}

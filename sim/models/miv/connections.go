package miv

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/golgi-sim/golgi/sim/rng"
)

// Somata are a population's somata by gid (element k is gid Start+k):
// coordinates (U, V, L; X, Y, Z, µm) and arc distances along U and V
// from the origin (SPEC 2.2, 2.3). generate_connections reads only the
// arc distances.
type Somata struct {
	Start            int
	U, V, L, X, Y, Z []float64
	DistUUm, DistVUm []float64
}

// Len is the number of cells.
func (s *Somata) Len() int { return len(s.DistUUm) }

// Streams of generate_connections (sim/rng purposes).
const (
	purposeProjectionPartition = 0x9a27_0001
	purposeSourceChoice        = 0x9a27_0002
	purposeClusterShuffle      = 0x9a27_0003
)

// maxPartitionTries is MiV's limit on repeating the partition until
// every projection has a synapse.
const maxPartitionTries = 10

// Connector generates the connections into one destination
// population (SPEC 2.6): its projections (Synapses[D], source
// populations in sorted name order), the sources' axon extents and
// velocities, the somata of the destination and of every source.
type Connector struct {
	Destination string
	Projections []*ProjectionRule // sorted by source name
	Somata      map[string]*Somata
	// Seeds: Random Seeds.Synapse Projection Partitions, Distance-
	// Dependent Connectivity, Connectivity Clustering.
	PartitionSeed, SourceSeed, ClusterSeed int64

	layerNames map[int]string
}

// ProjectionRule is one source population's projection onto the
// destination with its names resolved to ids.
type ProjectionRule struct {
	Source   string
	SynType  int
	Entries  []ProjectionEntry
	Contacts int
	// Extents are the source's axon extents per layer name or
	// "default"; VelocityUmPerMs its conduction velocity.
	Extents         map[string]AxonExtent
	VelocityUmPerMs float64
}

// ProjectionEntry is one (section, layer, proportion) of a projection.
type ProjectionEntry struct {
	SWCType, Layer int
	Proportion     float64
}

// Edges are one projection's edges into one destination cell: source
// gid, the destination's synapse and the U+V soma distance (the edge
// attributes Synapses/syn_id and Connections/distance), sorted by source
// gid as NeuroH5 stores them (synapses in the order generated within one
// source).
type Edges struct {
	Source     string
	SourceGids []uint32
	SynIDs     []uint32
	DistanceUm []float32
}

// Connections are the edges into one destination cell, one Edges per
// projection in Connector.Projections order.
type Connections struct {
	Gid   int
	Edges []*Edges
	// Unconnected counts synapses of a (projection, layer) group for
	// which no source lies within the axon extent: MiV leaves them
	// without an edge.
	Unconnected int
}

// NewConnector prepares generate_connections for destination
// population dest of cfg with the given somata (every source population
// of Synapses[dest] and dest itself).
func (c *Config) NewConnector(dest string, somata map[string]*Somata) (*Connector, error) {
	prj, ok := c.ConnectionGenerator.Synapses.Get(dest)
	if !ok {
		return nil, fmt.Errorf("miv connections %s: no projections onto it (Connection Generator.Synapses)", dest)
	}
	g := &Connector{
		Destination: dest, Somata: somata,
		PartitionSeed: c.RandomSeeds.SynapseProjectionPartitions,
		SourceSeed:    c.RandomSeeds.DistanceDependentConnectivity,
		ClusterSeed:   c.RandomSeeds.ConnectivityClustering,
		layerNames:    map[int]string{},
	}
	for _, l := range c.Definitions.Layers {
		g.layerNames[l.Value] = l.Name
	}
	if _, ok := somata[dest]; !ok {
		return nil, fmt.Errorf("miv connections %s: no somata for the destination", dest)
	}
	for name, s := range somata {
		if s == nil || len(s.DistUUm) != len(s.DistVUm) {
			return nil, fmt.Errorf("miv connections %s: somata of %s: want as many U as V arc distances", dest, name)
		}
	}
	for _, it := range prj {
		p := it.Value
		r := &ProjectionRule{Source: it.Name, Contacts: p.Contacts, Extents: map[string]AxonExtent{}}
		var ok bool
		if r.SynType, ok = c.Definitions.SynapseTypes.Get(p.Type); !ok {
			return nil, it.At.errorf("synapse type %s is not in Definitions.Synapse Types", p.Type)
		}
		if len(p.Sections) != len(p.Layers) || len(p.Sections) != len(p.Proportions) {
			return nil, it.At.errorf("%d sections, %d layers, %d proportions: want as many of each", len(p.Sections), len(p.Layers), len(p.Proportions))
		}
		for k := range p.Sections {
			swc, ok1 := c.Definitions.SWCTypes.Get(p.Sections[k])
			layer, ok2 := c.Definitions.Layers.Get(p.Layers[k])
			if !ok1 || !ok2 || !(p.Proportions[k] >= 0) {
				return nil, it.At.errorf("entry %d (%s, %s, %g): want an SWC type, a layer and a proportion >= 0", k, p.Sections[k], p.Layers[k], p.Proportions[k])
			}
			r.Entries = append(r.Entries, ProjectionEntry{swc, layer, p.Proportions[k]})
		}
		if r.Contacts < 1 {
			return nil, it.At.errorf("contacts %d: want >= 1", r.Contacts)
		}
		ext, ok := c.ConnectionGenerator.AxonExtent.Get(it.Name)
		if !ok {
			return nil, it.At.errorf("no Axon Extent for source population %s", it.Name)
		}
		for _, e := range ext {
			w := e.Value
			if !(w.WidthUm[0] > 0 && w.WidthUm[1] > 0) || !(w.WidthUm[0]/2-w.OffsetUm[0] > 0 && w.WidthUm[1]/2-w.OffsetUm[1] > 0) {
				return nil, e.At.errorf("width %v, offset %v µm: want width/2 - offset > 0 on both axes", w.WidthUm, w.OffsetUm)
			}
			r.Extents[e.Name] = w
		}
		if r.VelocityUmPerMs, ok = c.ConnectionGenerator.ConnectionVelocityUmPerMs.Get(it.Name); !ok || !(r.VelocityUmPerMs > 0) {
			return nil, it.At.errorf("no positive Connection Velocity for source population %s", it.Name)
		}
		if _, ok := somata[it.Name]; !ok {
			return nil, fmt.Errorf("miv connections %s: no somata for source population %s", dest, it.Name)
		}
		g.Projections = append(g.Projections, r)
	}
	slices.SortFunc(g.Projections, func(a, b *ProjectionRule) int { return cmp.Compare(a.Source, b.Source) })
	return g, nil
}

// extent is the source's axon extent for a synapse layer: the layer's
// own entry, else "default".
func (g *Connector) extent(r *ProjectionRule, layer int) (AxonExtent, error) {
	if e, ok := r.Extents[g.layerNames[layer]]; ok {
		return e, nil
	}
	if e, ok := r.Extents["default"]; ok {
		return e, nil
	}
	return AxonExtent{}, fmt.Errorf("no Axon Extent for %s in layer %d and no default", r.Source, layer)
}

// SourceCandidates are the cells of a source population within the
// axon extent of a destination cell, with their normalised weights.
type SourceCandidates struct {
	Gids       []uint32
	P          []float64 // normalised Gaussian weights
	DistanceUm []float64 // |Δu| + |Δv| of the arc distances
}

// Candidates returns the sources of projection r within the axon extent
// e of destination gid (SPEC 2.6): the cells s with |Δu| < W_u/2 and
// |Δv| < W_v/2 (strict; the destination itself is not excluded), each
// weighted φ_σu(|Δu| - o_u)·φ_σv(|Δv| - o_v) with σ = (W/2 - o)/3 and φ the
// zero-mean Gaussian density, normalised to sum 1.
func (g *Connector) Candidates(r *ProjectionRule, e AxonExtent, gid int) SourceCandidates {
	d := g.Somata[g.Destination]
	src := g.Somata[r.Source]
	k := gid - d.Start
	du0, dv0 := d.DistUUm[k], d.DistVUm[k]
	hu, hv := e.WidthUm[0]/2-e.OffsetUm[0], e.WidthUm[1]/2-e.OffsetUm[1]
	su, sv := hu/3, hv/3
	maxU, maxV := hu+e.OffsetUm[0], hv+e.OffsetUm[1]
	var c SourceCandidates
	sum := 0.
	for j := range src.DistUUm {
		du, dv := math.Abs(du0-src.DistUUm[j]), math.Abs(dv0-src.DistVUm[j])
		if !(maxU-du > 0 && maxV-dv > 0) {
			continue
		}
		w := gaussPDF(du-e.OffsetUm[0], su) * gaussPDF(dv-e.OffsetUm[1], sv)
		c.Gids = append(c.Gids, uint32(src.Start+j))
		c.P = append(c.P, w)
		c.DistanceUm = append(c.DistanceUm, du+dv)
		sum += w
	}
	if sum > 0 {
		for j := range c.P {
			c.P[j] /= sum
		}
	}
	return c
}

func gaussPDF(x, sigma float64) float64 {
	return math.Exp(-.5*(x/sigma)*(x/sigma)) / (sigma * math.Sqrt(2*math.Pi))
}

// Generate makes the edges into destination cell gid from its synapses
// (SPEC 2.6): every synapse assigned to a projection by the proportions
// of its (type, section, layer) class, repeated (at most 10 times) until
// every projection has a synapse; then per projection and synapse layer
// the synapses, sorted by cdist, get sources drawn from the Gaussian
// weights of the candidates, ceil(n/contacts) draws, each chosen source
// taking `contacts` synapses, in MiV's clustered order.
//
// Random numbers: sim/rng streams keyed by the three seeds and gid (and
// the group's index for the clustering), so a cell's edges depend on
// nothing else.
func (g *Connector) Generate(gid int, syn *SynapseAttributes) (*Connections, error) {
	d := g.Somata[g.Destination]
	if k := gid - d.Start; k < 0 || k >= d.Len() {
		return nil, fmt.Errorf("miv connections %s gid %d: no soma for it (gids [%d, %d))", g.Destination, gid, d.Start, d.Start+d.Len())
	}
	part, err := g.partition(gid, syn)
	if err != nil {
		return nil, err
	}
	con := rng.New(uint64(g.SourceSeed), purposeSourceChoice, uint64(gid), 0)
	out := &Connections{Gid: gid, Edges: make([]*Edges, len(g.Projections))}
	group := 0
	for _, pi := range part.order {
		r := g.Projections[pi]
		e := &Edges{Source: r.Source}
		for _, layer := range part.layerOrder[pi] {
			ids := part.groups[pi][layer]
			ext, err := g.extent(r, layer)
			if err != nil {
				return nil, fmt.Errorf("miv connections %s gid %d: %w", g.Destination, gid, err)
			}
			c := g.Candidates(r, ext, gid)
			if len(c.Gids) == 0 {
				out.Unconnected += len(ids)
				continue
			}
			slices.SortStableFunc(ids, func(a, b uint32) int { return cmp.Compare(syn.SynCdistsUm[a], syn.SynCdistsUm[b]) })
			nGroups := (len(ids) + r.Contacts - 1) / r.Contacts
			counts := multinomial(&con, nGroups, c.P)
			if r.Contacts > 1 {
				for j := range counts {
					counts[j] *= r.Contacts
				}
			}
			cl := rng.New(uint64(g.ClusterSeed), purposeClusterShuffle, uint64(gid), uint64(group))
			group++
			order := clusteredShuffle(&cl, counts)
			if len(order) < len(ids) { // all weights 0 (underflow)
				out.Unconnected += len(ids) - len(order)
				ids = ids[:len(order)]
			}
			order = order[:len(ids)]
			for k, j := range order {
				e.SourceGids = append(e.SourceGids, c.Gids[j])
				e.SynIDs = append(e.SynIDs, ids[k])
				e.DistanceUm = append(e.DistanceUm, float32(c.DistanceUm[j]))
			}
		}
		e.sortBySource()
		out.Edges[pi] = e
	}
	for pi, e := range out.Edges {
		if e == nil { // cannot happen: every projection has a synapse
			out.Edges[pi] = &Edges{Source: g.Projections[pi].Source}
		}
	}
	return out, nil
}

// partition is a destination cell's synapses by projection and layer.
type partition struct {
	groups     []map[int][]uint32 // per projection, per layer: syn_ids
	order      []int              // projections in order of their first synapse
	layerOrder [][]int            // per projection, layers in order of their first synapse
}

// partition assigns every synapse to a projection (SPEC 2.6 step 1).
func (g *Connector) partition(gid int, syn *SynapseAttributes) (*partition, error) {
	s := rng.New(uint64(g.PartitionSeed), purposeProjectionPartition, uint64(gid), 0)
	var cand []int
	var prob []float64
	for try := 0; ; try++ {
		p := &partition{groups: make([]map[int][]uint32, len(g.Projections)), layerOrder: make([][]int, len(g.Projections))}
		for i := range syn.SynIDs {
			st, swc, layer := int(syn.SynTypes[i]), int(syn.SWCTypes[i]), int(syn.SynLayers[i])
			cand, prob = cand[:0], prob[:0]
			for pi, r := range g.Projections {
				if r.SynType != st {
					continue
				}
				for _, en := range r.Entries {
					if en.SWCType == swc && en.Layer == layer {
						cand = append(cand, pi)
						prob = append(prob, en.Proportion)
					}
				}
			}
			var pi int
			switch len(cand) {
			case 0:
				return nil, fmt.Errorf("miv connections %s gid %d: synapse %d (type %d, section type %d, layer %d): no projection takes it", g.Destination, gid, syn.SynIDs[i], st, swc, layer)
			case 1:
				pi = cand[0]
			default:
				pi = cand[categorical(&s, prob)]
			}
			if p.groups[pi] == nil {
				p.groups[pi] = map[int][]uint32{}
				p.order = append(p.order, pi)
			}
			if _, ok := p.groups[pi][layer]; !ok {
				p.layerOrder[pi] = append(p.layerOrder[pi], layer)
			}
			p.groups[pi][layer] = append(p.groups[pi][layer], syn.SynIDs[i])
		}
		if len(p.order) == len(g.Projections) {
			return p, nil
		}
		if try+1 == maxPartitionTries {
			var empty []string
			for pi, r := range g.Projections {
				if p.groups[pi] == nil {
					empty = append(empty, r.Source)
				}
			}
			return nil, fmt.Errorf("miv connections %s gid %d: no synapse for the projections from %v after %d partitions", g.Destination, gid, empty, maxPartitionTries)
		}
	}
}

// categorical draws an index with probabilities proportional to w.
func categorical(s *rng.Stream, w []float64) int {
	sum := 0.
	for _, v := range w {
		sum += v
	}
	u := s.Float64() * sum
	for i, v := range w {
		if u < v {
			return i
		}
		u -= v
	}
	// Rounding: the last index of positive weight.
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] > 0 {
			return i
		}
	}
	return len(w) - 1
}

// multinomial draws counts of n trials over probabilities p (summing to
// 1, or all 0: then no trial lands and all counts are 0, as numpy's
// multinomial with p = w does when the weights underflow).
func multinomial(s *rng.Stream, n int, p []float64) []int {
	counts := make([]int, len(p))
	cdf := make([]float64, len(p))
	sum := 0.
	for j, v := range p {
		sum += v
		cdf[j] = sum
	}
	if !(sum > 0) {
		return counts
	}
	for range n {
		u := s.Float64() * sum
		j := sort.SearchFloat64s(cdf, u)
		for j < len(p) && (cdf[j] <= u || p[j] == 0) {
			j++
		}
		for j == len(p) || p[j] == 0 { // rounding at the top: the last positive
			j--
		}
		counts[j]++
	}
	return counts
}

// clusteredShuffle is MiV's random_clustered_shuffle: one centre per
// candidate, sorted U(-1, 1) draws; counts[j] values centre_j + N(0, 2²)
// per candidate; the candidates in the order of their sorted values.
func clusteredShuffle(s *rng.Stream, counts []int) []int {
	centres := make([]float64, len(counts))
	for j := range centres {
		centres[j] = 2*s.Float64() - 1
	}
	slices.Sort(centres)
	type v struct {
		x float64
		j int
	}
	var vals []v
	for j, n := range counts {
		for range n {
			vals = append(vals, v{centres[j] + 2*s.NormFloat64(), j})
		}
	}
	slices.SortStableFunc(vals, func(a, b v) int { return cmp.Compare(a.x, b.x) })
	out := make([]int, len(vals))
	for k, x := range vals {
		out[k] = x.j
	}
	return out
}

// sortBySource orders the edges by source gid, keeping the generated
// order among one source's edges.
func (e *Edges) sortBySource() {
	idx := make([]int, len(e.SourceGids))
	for k := range idx {
		idx[k] = k
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(e.SourceGids[a], e.SourceGids[b]) })
	src, ids, dist := make([]uint32, len(idx)), make([]uint32, len(idx)), make([]float32, len(idx))
	for k, i := range idx {
		src[k], ids[k], dist[k] = e.SourceGids[i], e.SynIDs[i], e.DistanceUm[i]
	}
	e.SourceGids, e.SynIDs, e.DistanceUm = src, ids, dist
}

// Len is the number of edges.
func (e *Edges) Len() int { return len(e.SourceGids) }

// EdgeDelayMs is the conduction delay of an edge (SPEC 3.5): its
// distance over the source's conduction velocity, at least two time
// steps (MiV's floor, 2·dt).
func EdgeDelayMs(distanceUm, velocityUmPerMs, dtMs float64) float64 {
	return max(distanceUm/velocityUmPerMs, 2*dtMs)
}

// GeneratePopulation makes the edges into every gid of gids (element k
// from syns[k]) with up to workers goroutines (<= 0: GOMAXPROCS); each
// cell's edges depend on its gid and synapses only, so the result is the
// same for any number of workers.
func (g *Connector) GeneratePopulation(gids []int, syns []*SynapseAttributes, workers int) ([]*Connections, error) {
	if len(gids) != len(syns) {
		return nil, fmt.Errorf("miv connections %s: %d gids, %d synapse sets", g.Destination, len(gids), len(syns))
	}
	return forEachGid(len(gids), workers, func(k int) (*Connections, error) { return g.Generate(gids[k], syns[k]) })
}

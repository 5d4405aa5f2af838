package miv

import (
	"fmt"
	"slices"
	"sort"

	"github.com/golgi-sim/golgi/sim/store"
)

// The edge attributes of generate_connections (SPEC 2.6, 2.8).
const (
	edgeNamespaceSynapses    = "Synapses"
	edgeNamespaceConnections = "Connections"
	edgeAttrSynID            = "syn_id"
	edgeAttrDistance         = "distance"
)

// ProjectionsNeuroH5 returns the projections into population dst, one
// per source population (sorted by name), in NeuroH5's Destination
// Block Sparse layout: the destinations are the gids of conns (sorted),
// each with its Edges of that source (a destination without Edges of a
// source is not in that projection), sources relative to their
// population's Start, Synapses/syn_id and Connections/distance parallel
// to them. types gives the populations' starts and sizes.
func ProjectionsNeuroH5(types store.NeuroH5Types, dst string, conns []*Connections) ([]store.NeuroH5Edges, error) {
	pd, ok := types.Population(dst)
	if !ok {
		return nil, fmt.Errorf("miv connections %s: the population is not in /H5Types", dst)
	}
	sorted := slices.Clone(conns)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Gid < sorted[j].Gid })
	type proj struct {
		dst       []uint32
		counts    []int
		src, syn  []uint32
		distances []float32
	}
	bySource := map[string]*proj{}
	for k, c := range sorted {
		if k > 0 && c.Gid == sorted[k-1].Gid {
			return nil, fmt.Errorf("miv connections %s: gid %d given twice", dst, c.Gid)
		}
		if c.Gid < int(pd.Start) || c.Gid >= int(pd.Start)+int(pd.Count) {
			return nil, fmt.Errorf("miv connections %s: gid %d: the population has gids [%d, %d)", dst, c.Gid, pd.Start, pd.Start+uint64(pd.Count))
		}
		seen := map[string]bool{}
		for _, e := range c.Edges {
			ps, ok := types.Population(e.Source)
			if !ok {
				return nil, fmt.Errorf("miv connections %s gid %d: source population %s is not in /H5Types", dst, c.Gid, e.Source)
			}
			if seen[e.Source] {
				return nil, fmt.Errorf("miv connections %s gid %d: two edge sets from %s", dst, c.Gid, e.Source)
			}
			seen[e.Source] = true
			if len(e.SynIDs) != e.Len() || len(e.DistanceUm) != e.Len() {
				return nil, fmt.Errorf("miv connections %s gid %d from %s: %d sources, %d syn_ids, %d distances", dst, c.Gid, e.Source, e.Len(), len(e.SynIDs), len(e.DistanceUm))
			}
			p := bySource[e.Source]
			if p == nil {
				p = &proj{}
				bySource[e.Source] = p
			}
			p.dst = append(p.dst, uint32(c.Gid-int(pd.Start)))
			p.counts = append(p.counts, e.Len())
			for i, g := range e.SourceGids {
				if uint64(g) < ps.Start || uint64(g) >= ps.Start+uint64(ps.Count) {
					return nil, fmt.Errorf("miv connections %s gid %d: source gid %d is not in %s [%d, %d)", dst, c.Gid, g, e.Source, ps.Start, ps.Start+uint64(ps.Count))
				}
				if i > 0 && g < e.SourceGids[i-1] {
					return nil, fmt.Errorf("miv connections %s gid %d from %s: source gids not sorted (%d after %d)", dst, c.Gid, e.Source, g, e.SourceGids[i-1])
				}
				p.src = append(p.src, g-uint32(ps.Start))
			}
			p.syn = append(p.syn, e.SynIDs...)
			p.distances = append(p.distances, e.DistanceUm...)
		}
	}
	sources := make([]string, 0, len(bySource))
	for s := range bySource {
		sources = append(sources, s)
	}
	slices.Sort(sources)
	out := make([]store.NeuroH5Edges, 0, len(sources))
	for _, s := range sources {
		p := bySource[s]
		e, err := store.NewNeuroH5Edges(s, dst, p.dst, p.counts, p.src, []store.NeuroH5EdgeAttribute{
			{Namespace: edgeNamespaceSynapses, Name: edgeAttrSynID, Values: p.syn},
			{Namespace: edgeNamespaceConnections, Name: edgeAttrDistance, Values: p.distances},
		})
		if err != nil {
			return nil, fmt.Errorf("miv connections: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

// ReadConnections reads every projection into population dst from the
// NeuroH5 file at path (a connections.h5 or connectivity file), as
// neuroh5's read_graph returns them: one Connections per destination
// gid (ascending), its Edges one per source population (sorted by name)
// with absolute source gids, syn_id and distance. Unconnected is 0 (the
// file does not record it).
func ReadConnections(path, dst string) ([]*Connections, error) {
	types, err := store.ReadNeuroH5Types(path)
	if err != nil {
		return nil, fmt.Errorf("miv connections: %w", err)
	}
	pd, ok := types.Population(dst)
	if !ok {
		return nil, fmt.Errorf("miv connections: %s: population %s is not in /H5Types", path, dst)
	}
	sources, err := store.NeuroH5ProjectionSources(path, dst)
	if err != nil {
		return nil, fmt.Errorf("miv connections: %w", err)
	}
	byGid := map[int]*Connections{}
	for _, s := range sources {
		ps, ok := types.Population(s)
		if !ok {
			return nil, fmt.Errorf("miv connections: %s: /Projections/%s/%s: population %s is not in /H5Types", path, dst, s, s)
		}
		e, err := store.ReadNeuroH5Edges(path, s, dst)
		if err != nil {
			return nil, fmt.Errorf("miv connections: %w", err)
		}
		where := fmt.Sprintf("%s: /Projections/%s/%s", path, dst, s)
		syn, err := edgeValues[uint32](&e, edgeNamespaceSynapses, edgeAttrSynID, where)
		if err != nil {
			return nil, err
		}
		dist, err := edgeValues[float32](&e, edgeNamespaceConnections, edgeAttrDistance, where)
		if err != nil {
			return nil, err
		}
		for j, d := range e.Destinations() {
			gid := int(pd.Start) + int(d)
			lo, hi := e.DestinationPointer[j], e.DestinationPointer[j+1]
			ed := &Edges{Source: s, SourceGids: make([]uint32, hi-lo), SynIDs: syn[lo:hi:hi], DistanceUm: dist[lo:hi:hi]}
			for i, x := range e.SourceIndex[lo:hi] {
				ed.SourceGids[i] = x + uint32(ps.Start)
			}
			c := byGid[gid]
			if c == nil {
				c = &Connections{Gid: gid}
				byGid[gid] = c
			}
			c.Edges = append(c.Edges, ed)
		}
	}
	out := make([]*Connections, 0, len(byGid))
	for _, c := range byGid {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Gid < out[j].Gid })
	return out, nil
}

// ReadEdges is ReadConnections by gid: the Edges into each destination
// gid, one per source population sorted by name.
func ReadEdges(path, dst string) (map[int][]*Edges, error) {
	conns, err := ReadConnections(path, dst)
	if err != nil {
		return nil, err
	}
	out := make(map[int][]*Edges, len(conns))
	for _, c := range conns {
		out[c.Gid] = c.Edges
	}
	return out, nil
}

// edgeValues returns the values of edge attribute ns/name, of type T.
func edgeValues[T uint32 | float32](e *store.NeuroH5Edges, ns, name, where string) ([]T, error) {
	a, ok := e.Attribute(ns, name)
	if !ok {
		return nil, fmt.Errorf("miv connections: %s: no edge attribute %s/%s", where, ns, name)
	}
	v, ok := a.Values.([]T)
	if !ok {
		return nil, fmt.Errorf("miv connections: %s/%s/%s holds %T, want %T", where, ns, name, a.Values, []T{})
	}
	return v, nil
}

package miv

import (
	"fmt"
	"math"
)

// Gather collects on rank 0 the synapse attributes and edges that every
// rank of comm computed of its share of the gids (ConstructOptions.Ranks
// and Rank; collective): rank 0's con then holds what one process's
// Construct gives, value for value, and can be written (Write). The other
// ranks' con are left as they are. The values travel as float64, which
// holds every uint32, float32 and int8 exactly.
func (con *Construction) Gather(cfg *Config, comm Comm) error {
	ranges := cfg.PopulationRanges()
	popIndex := map[string]int{}
	for i, r := range ranges {
		popIndex[r.Name] = i
	}
	var send []float64
	put := func(vs ...float64) { send = append(send, vs...) }
	for _, r := range ranges {
		syns := con.Synapses[r.Name]
		for k, a := range syns {
			if a == nil {
				continue // another rank's
			}
			gid := r.Start + k
			put(float64(gid), float64(a.Len()))
			for i := range a.Len() {
				put(float64(a.SynIDs[i]), float64(a.SynLocs[i]), float64(a.SynSecs[i]), float64(a.SynLayers[i]),
					float64(a.SynTypes[i]), float64(a.SWCTypes[i]), float64(a.SynCdistsUm[i]))
			}
			edges, ok := con.Edges[gid]
			if !ok {
				put(-1)
				continue
			}
			put(float64(len(edges)))
			for _, e := range edges {
				pi, ok := popIndex[e.Source]
				if !ok {
					return fmt.Errorf("miv: gathering the construction: gid %d: edges from population %q, not in the configuration", gid, e.Source)
				}
				put(float64(pi), float64(e.Len()))
				for j := range e.Len() {
					put(float64(e.SourceGids[j]), float64(e.SynIDs[j]), float64(e.DistanceUm[j]))
				}
			}
		}
	}
	size := comm.Size()
	lens := make([]int64, size)
	if err := comm.AllgatherInt64([]int64{int64(len(send))}, lens); err != nil {
		return fmt.Errorf("miv: gathering the construction: %w", err)
	}
	counts, displs := make([]int, size), make([]int, size)
	total := 0
	for r, l := range lens {
		counts[r], displs[r] = int(l), total
		total += int(l)
	}
	var recv []float64
	if comm.Rank() == 0 {
		recv = make([]float64, total)
	}
	if err := comm.GathervFloat64(send, recv, counts, displs, 0); err != nil {
		return fmt.Errorf("miv: gathering the construction: %w", err)
	}
	if comm.Rank() != 0 {
		return nil
	}
	return con.decode(ranges, recv)
}

// decode puts the synapse attributes and edges of Gather's values into
// con.
func (con *Construction) decode(ranges []PopulationRange, v []float64) error {
	bad := fmt.Errorf("miv: gathering the construction: %d values: malformed", len(v))
	at := 0
	next := func() (float64, bool) {
		if at >= len(v) {
			return 0, false
		}
		at++
		return v[at-1], true
	}
	count := func() (int, bool) {
		x, ok := next()
		if !ok || x != math.Trunc(x) || x < -1 || int(x) > len(v) {
			return 0, false
		}
		return int(x), true
	}
	for at < len(v) {
		g, ok1 := next()
		n, ok2 := count()
		gid := int(g)
		if !ok1 || !ok2 || g != math.Trunc(g) || n < 0 || at+7*n > len(v) {
			return bad
		}
		pop := ""
		for _, r := range ranges {
			if gid >= r.Start && gid < r.Start+r.Count {
				pop = r.Name
			}
		}
		syns := con.Synapses[pop]
		k := gid - con.Somata[pop].Start
		if pop == "" || k < 0 || k >= len(syns) {
			return fmt.Errorf("miv: gathering the construction: gid %d is not a cell of the construction", gid)
		}
		a := &SynapseAttributes{SynIDs: make([]uint32, n), SynLocs: make([]float32, n), SynSecs: make([]uint32, n),
			SynLayers: make([]int8, n), SynTypes: make([]uint8, n), SWCTypes: make([]uint8, n), SynCdistsUm: make([]float32, n)}
		for i := range n {
			s := v[at : at+7]
			a.SynIDs[i], a.SynLocs[i], a.SynSecs[i], a.SynLayers[i] = uint32(s[0]), float32(s[1]), uint32(s[2]), int8(s[3])
			a.SynTypes[i], a.SWCTypes[i], a.SynCdistsUm[i] = uint8(s[4]), uint8(s[5]), float32(s[6])
			at += 7
		}
		syns[k] = a
		ne, ok := count()
		if !ok {
			return bad
		}
		if ne < 0 {
			continue // no edges entry (no projection onto the population)
		}
		edges := make([]*Edges, ne)
		for j := range edges {
			pi, ok1 := count()
			m, ok2 := count()
			if !ok1 || !ok2 || pi < 0 || pi >= len(ranges) || m < 0 || at+3*m > len(v) {
				return bad
			}
			e := &Edges{Source: ranges[pi].Name, SourceGids: make([]uint32, m), SynIDs: make([]uint32, m), DistanceUm: make([]float32, m)}
			for i := range m {
				e.SourceGids[i], e.SynIDs[i], e.DistanceUm[i] = uint32(v[at]), uint32(v[at+1]), float32(v[at+2])
				at += 3
			}
			edges[j] = e
		}
		con.Edges[gid] = edges
	}
	return nil
}

package frames

import (
	"fmt"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/golgi-sim/golgi/sim/store"
)

// ReportFilter selects part of a SONATA frame report; the zero value (or
// nil) selects all of it.
type ReportFilter struct {
	Population string   // "" for every population
	NodeIDs    []uint64 // nil for every node
	// Elements are the indices, within each node's elements, to keep (0
	// is a soma report's only element); nil for all.
	Elements []int
	// FromMs and ToMs bound the frames' times, FromMs <= t < ToMs; ToMs 0
	// means no upper bound.
	FromMs, ToMs float64
}

// SONATAReport reads a SONATA frame report (compartment, summation or
// synapse, as libsonatareport and golgi run write them) into a long
// table: one row per frame and element, with columns population,
// node_id, element (its index within the node's elements), element_id
// (the section or synapse id the file gives), t_ms and value (in the
// report's units, the column's name says nothing of them: see
// store.ReadSONATAReport's Units).
func SONATAReport(path string, f *ReportFilter) (dataframe.DataFrame, error) {
	if f == nil {
		f = &ReportFilter{}
	}
	reps, err := store.ReadSONATAReport(path)
	if err != nil {
		return dataframe.DataFrame{}, fmt.Errorf("frames: %w", err)
	}
	nodes := map[uint64]bool{}
	for _, id := range f.NodeIDs {
		nodes[id] = true
	}
	var pop []string
	var node, elem, elemID []int
	var t, v []float64
	found := false
	for _, r := range reps {
		if f.Population != "" && r.Population != f.Population {
			continue
		}
		found = true
		for k, frame := range r.Data {
			tMs := r.StartMs + float64(k)*r.DtMs
			if tMs < f.FromMs || (f.ToMs > 0 && tMs >= f.ToMs) {
				continue
			}
			for i, id := range r.NodeIDs {
				if len(nodes) > 0 && !nodes[id] {
					continue
				}
				lo, hi := int(r.IndexPointers[i]), int(r.IndexPointers[i+1])
				add := func(j int) {
					pop = append(pop, r.Population)
					node = append(node, int(id))
					elem = append(elem, j-lo)
					elemID = append(elemID, int(r.ElementIDs[j]))
					t = append(t, tMs)
					v = append(v, float64(frame[j]))
				}
				if f.Elements == nil {
					for j := lo; j < hi; j++ {
						add(j)
					}
					continue
				}
				for _, e := range f.Elements {
					if e >= 0 && lo+e < hi {
						add(lo + e)
					}
				}
			}
		}
	}
	if f.Population != "" && !found {
		return dataframe.DataFrame{}, fmt.Errorf("frames: %s has no population %q", path, f.Population)
	}
	return dataframe.New(
		series.New(pop, series.String, "population"),
		series.New(node, series.Int, "node_id"),
		series.New(elem, series.Int, "element"),
		series.New(elemID, series.Int, "element_id"),
		series.New(t, series.Float, "t_ms"),
		series.New(v, series.Float, "value"),
	), nil
}

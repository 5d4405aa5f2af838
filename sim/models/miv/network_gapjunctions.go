package miv

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/morph"
)

// maxGapX keeps a half-gap inside its section (a position stored in
// single precision may round to 1).
const maxGapX = 0.9999999

// pendingGap is a half-gap placed on a cell, waiting for its group: its
// vgap follows the potential of the other cell at the other half's
// location.
type pendingGap struct {
	cell, other int // indices in Cells
	name        string
	otherAt     morph.Location
}

// placeGapJunctions places the gap junctions of the construction (SPEC
// 3.6): for each junction a ggap on both cells at (section, position),
// g = 0.001 × Coupling strength/Source µS for both halves. Both cells
// must be in the network (with a Comm: those of this rank's cells).
func (n *Network) placeGapJunctions(sets []GapJunctionSet) ([]pendingGap, error) {
	var out []pendingGap
	for _, set := range sets {
		for j, gj := range set.Junctions {
			ia, oka := n.byGid[gj.SourceGid]
			ib, okb := n.byGid[gj.DestinationGid]
			if n.comm != nil && !n.local(gj.SourceGid) && !n.local(gj.DestinationGid) {
				continue // another rank's (Distribute keeps both cells on one)
			}
			if !oka || !okb {
				return nil, fmt.Errorf("miv: gap junction %d of %s -> %s couples gids %d and %d: both must be biophysical cells of the network", j, set.Source, set.Destination, gj.SourceGid, gj.DestinationGid)
			}
			if !(gj.SourceCoupling >= 0) || math.IsInf(gj.SourceCoupling, 0) {
				return nil, fmt.Errorf("miv: gap junction %d of %s -> %s (gids %d, %d): coupling strength %g, want a finite value >= 0", j, set.Source, set.Destination, gj.SourceGid, gj.DestinationGid, gj.SourceCoupling)
			}
			gUS := 0.001 * gj.SourceCoupling
			var at [2]morph.Location
			halves := [2]struct {
				cell, sec int
				x         float64
			}{{ia, gj.SourceSection, gj.SourcePosition}, {ib, gj.DestinationSection, gj.DestinationPosition}}
			for h, hv := range halves {
				secs := n.Cells[hv.cell].Morph.Morphology.Sections
				if hv.sec < 0 || hv.sec >= len(secs) {
					return nil, fmt.Errorf("miv: gap junction %d of %s -> %s: gid %d has no section %d (%d sections)", j, set.Source, set.Destination, n.Cells[hv.cell].Gid, hv.sec, len(secs))
				}
				if math.IsNaN(hv.x) || math.IsInf(hv.x, 0) {
					return nil, fmt.Errorf("miv: gap junction %d of %s -> %s: gid %d: position %g on section %d, want a finite value", j, set.Source, set.Destination, n.Cells[hv.cell].Gid, hv.x, hv.sec)
				}
				at[h] = morph.At(secs[hv.sec].Name, min(max(hv.x, 0), maxGapX))
			}
			for h, hv := range halves {
				c := n.Cells[hv.cell]
				name := fmt.Sprintf("ggap %s->%s #%d %c", set.Source, set.Destination, j, "sd"[h])
				c.Morph.PointProcesses = append(c.Morph.PointProcesses, morph.PointProcess{Name: name, Mech: "ggap", At: at[h],
					Params: map[string]float64{"g": gUS}})
				out = append(out, pendingGap{cell: hv.cell, other: halves[1-h].cell, name: name, otherAt: at[1-h]})
			}
		}
	}
	return out, nil
}

// gapComponents numbers the cells by their component under the gap
// junctions (cells coupled directly or through others share one), the
// components in the order of their first cell: without gap junctions
// cell i is component i.
func gapComponents(ncells int, gaps []pendingGap) []int {
	parent := make([]int, ncells)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, g := range gaps {
		a, b := find(g.cell), find(g.other)
		if a != b {
			parent[max(a, b)] = min(a, b) // the root is the component's first cell
		}
	}
	comp, seen := make([]int, ncells), map[int]int{}
	for i := range comp {
		r := find(i)
		k, ok := seen[r]
		if !ok {
			k = len(seen)
			seen[r] = k
		}
		comp[i] = k
	}
	return comp
}

// linkGaps sets each half-gap's vgap to follow the other cell's
// potential at the other half (its cells in group gi).
func (n *Network) linkGaps(gi int, gaps []pendingGap) error {
	g := n.Groups[gi]
	for _, gp := range gaps {
		c, o := n.Cells[gp.cell], n.Cells[gp.other]
		if c.Ref.Group != gi {
			continue
		}
		if o.Ref.Group != gi {
			return fmt.Errorf("miv: %s of gid %d: gid %d is in another group", gp.name, c.Gid, o.Gid)
		}
		ref, err := g.PointProcess(c.Ref.Cell, gp.name)
		if err != nil {
			return fmt.Errorf("miv: %w", err)
		}
		if err := g.LinkVar(ref, "vgap", o.Ref.Cell, gp.otherAt); err != nil {
			return fmt.Errorf("miv: %s of gid %d: %w", gp.name, c.Gid, err)
		}
	}
	return nil
}

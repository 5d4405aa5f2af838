package sonata

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/morph"
)

// pendingGap is a gap junction placed on a cell, waiting for its group.
type pendingGap struct {
	target   int // index in Cells
	name     string
	at       morph.Location
	aff, eff int64 // afferent_junction_id (published), efferent_junction_id (read)
}

// addGapJunctions places the gap junctions of the electrical edge
// populations (SPEC 3.9): a Gap of g = conductance (nS) per edge whose
// source is simulated (the node_set filters the sources; overrides do
// not apply), at afferent_section_id and afferent_section_pos.
func (n *Network) addGapJunctions() ([]pendingGap, error) {
	var out []pendingGap
	for ti := range n.Cells {
		c := &n.Cells[ti]
		secByID := c.sectionsByID()
		for _, ep := range n.Sim.Circuit.Edges() {
			if ep.Target != c.Population || ep.Type != Electrical {
				continue
			}
			gj, err := ep.GapJunctions(c.Node)
			if err != nil {
				return nil, err
			}
			// Without afferent_section_pos, the segment fields place them
			// as synapses (SPEC 2.4).
			var seg *Synapses
			if gj.SectionPos == nil && len(gj.EdgeIDs) > 0 {
				rs, err := ep.Afferent(c.Node)
				if err != nil {
					return nil, err
				}
				seg = &Synapses{}
				if seg.SegmentID, err = ep.Int64("afferent_segment_id", rs); err != nil {
					return nil, err
				}
				if seg.SegmentOffsetUM, err = ep.Float64("afferent_segment_offset", rs); err != nil {
					return nil, err
				}
			}
			for i := range gj.EdgeIDs {
				sgid, err := n.gm.Gid(ep.Source, gj.Sources[i])
				if err != nil {
					continue
				}
				if _, ok := n.simulated[sgid]; !ok {
					continue // the source is not simulated
				}
				si, ok := secByID[gj.SectionID[i]]
				if !ok {
					n.Notes = append(n.Notes, fmt.Sprintf("%s: gap junction %d of %s on a replaced axon section skipped", c.Morph.Name, i, ep.Name))
					continue
				}
				var x float64
				if seg != nil {
					if x, err = synapseX(c.Morph.Morphology, si, seg, i); err != nil {
						return nil, fmt.Errorf("sonata: %s: gap junction %d of %s: %w", c.Morph.Name, i, ep.Name, err)
					}
				} else {
					x = min(max(gj.SectionPos[i], 1e-7), 0.9999999)
				}
				at := morph.At(c.Morph.Morphology.Sections[si].Name, x)
				name := fmt.Sprintf("gap:%s#%d", ep.Name, i)
				c.Morph.PointProcesses = append(c.Morph.PointProcesses, morph.PointProcess{Name: name, Mech: "Gap", At: at,
					Params: map[string]float64{"g": gj.ConductanceNS[i]}})
				out = append(out, pendingGap{target: ti, name: name, at: at, aff: gj.AfferentJunctionID[i], eff: gj.EfferentJunctionID[i]})
			}
		}
	}
	return out, nil
}

// linkGapJunctions couples the gap junctions (all in one group): each
// publishes the potential at its point under its afferent junction id,
// and its vgap reads the one published under its efferent junction id.
func (n *Network) linkGapJunctions(gaps []pendingGap) error {
	type point struct {
		cell int
		at   morph.Location
	}
	pub := map[int64]point{}
	for _, gp := range gaps {
		pub[gp.aff] = point{cell: n.Cells[gp.target].Ref.Cell, at: gp.at}
	}
	for _, gp := range gaps {
		src, ok := pub[gp.eff]
		if !ok {
			return fmt.Errorf("sonata: %s: gap junction %s reads junction %d, which no simulated gap junction publishes", n.Cells[gp.target].Morph.Name, gp.name, gp.eff)
		}
		t := n.Cells[gp.target].Ref
		g := n.Groups[t.Group]
		ref, err := g.PointProcess(t.Cell, gp.name)
		if err != nil {
			return err
		}
		if err := g.LinkVar(ref, "vgap", src.cell, src.at); err != nil {
			return fmt.Errorf("sonata: %s: %w", gp.name, err)
		}
	}
	return nil
}

package sonata

import (
	"fmt"
	"math"
)

// neuromodEvent is a neuromodulatory edge bound to a chemical synapse: a
// replay NetCon onto it (SPEC 3.11).
type neuromodEvent struct {
	syn     int // index in syns
	srcPop  string
	srcNode uint64
	sgid    uint64
	delayMS float64
	w       []float64 // [1 or 0, strength, dtc, 0, nc_type 10]
}

// addNeuromodulation binds the edges of the neuromodulatory populations
// (SPEC 3.11) to the chemical synapses: for each edge of a connection
// created (connection_overrides apply as to chemical edges), the nearest
// synapse on the same target and section with |dx| < 0.05 gets a
// NetCon driven by replayed spikes only, of delay the edge's, weight
// [1 if the weight factor is > 0 else 0, strength, dtc, 0, 10]; strength
// and dtc are neuromod_strength and neuromod_dtc unless an override
// gives them. An edge that finds no synapse abandons the rest of its
// connection, as neurodamus does.
func (n *Network) addNeuromodulation() error {
	dt := n.Sim.Config.Run.DtMS
	for _, ep := range n.Sim.Circuit.Edges() {
		if ep.Type != Neuromodulatory {
			continue
		}
		plan, err := n.plan(ep)
		if err != nil {
			return err
		}
		for ti := range n.Cells {
			c := &n.Cells[ti]
			if ep.Target != c.Population {
				continue
			}
			rs, err := ep.Afferent(c.Node)
			if err != nil {
				return err
			}
			if rs.Count() == 0 {
				continue
			}
			src, err := ep.SourceNodeIDs(rs)
			if err != nil {
				return err
			}
			sec, err := ep.Int64("afferent_section_id", rs)
			if err != nil {
				return err
			}
			pos, err := ep.Float64("afferent_section_pos", rs)
			if err != nil {
				return err
			}
			delay, err := ep.Float64("delay", rs)
			if err != nil {
				return err
			}
			strength, err := ep.Float64("neuromod_strength", rs)
			if err != nil {
				return err
			}
			dtc, err := ep.Float64("neuromod_dtc", rs)
			if err != nil {
				return err
			}
			sel := plan.selectSynapses(ep, c.Node, &Synapses{Sources: src, EdgeIDs: make([]uint64, len(src))})
			abandoned := map[uint64]bool{}
			for _, i := range sel {
				if abandoned[src[i]] {
					continue
				}
				best, bestDx := -1, 0.05
				for k := range n.syns {
					ps := &n.syns[k]
					if ps.target != ti || ps.secID != sec[i] {
						continue
					}
					if dx := math.Abs(ps.x - pos[i]); dx < bestDx {
						best, bestDx = k, dx
					}
				}
				if best < 0 {
					abandoned[src[i]] = true
					n.Notes = append(n.Notes, fmt.Sprintf("%s: neuromodulatory edge from %s node %d: no synapse within 0.05 of section %d (%g); the rest of the connection is abandoned", c.Morph.Name, ep.Source, src[i], sec[i], pos[i]))
					continue
				}
				if m := n.syns[best].mech; m == "GluSynapse" {
					// Its NET_RECEIVE has no strength and time constant.
					return fmt.Errorf("sonata: %s: neuromodulatory edge from %s node %d onto a %s synapse (modoverride): Golgi delivers neuromodulation to ProbAMPANMDA_EMS and ProbGABAAB_EMS only", c.Morph.Name, ep.Source, src[i], m)
				}
				wf, st, tau := 1.0, strength[i], dtc[i]
				for oi := range n.Sim.Config.ConnectionOverrides {
					o := &n.Sim.Config.ConnectionOverrides[oi]
					if o.DelayMS > 0 {
						continue
					}
					s, err := n.resolveSet(o.Source)
					if err != nil {
						return err
					}
					t, err := n.resolveSet(o.Target)
					if err != nil {
						return err
					}
					if !s.has(ep.Source, src[i]) || !t.has(c.Population, c.Node) {
						continue
					}
					wf = o.Weight
					if o.NeuromodulationStrength != nil {
						st = *o.NeuromodulationStrength
					}
					if o.NeuromodulationDtcMS != nil {
						tau = *o.NeuromodulationDtcMS
					}
				}
				w0 := 0.0
				if wf > 0 {
					w0 = 1
				}
				ev := neuromodEvent{syn: best, srcPop: ep.Source, srcNode: src[i],
					delayMS: math.Floor(delay[i]/dt+1e-5) * dt, w: []float64{w0, st, tau, 0, 10}}
				if sgid, err := n.gm.Gid(ep.Source, src[i]); err == nil {
					ev.sgid = sgid
				}
				n.neuromods = append(n.neuromods, ev)
			}
		}
	}
	return nil
}

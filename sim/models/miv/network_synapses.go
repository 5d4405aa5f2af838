package miv

import (
	"fmt"
	"math"
	"strings"

	"github.com/golgi-sim/golgi/sim/morph"
)

// Synapse locations are clipped into [minSynLoc, maxSynLoc] (SPEC 3.4).
const (
	minSynLoc = 0.05
	maxSynLoc = 0.95
)

// pendingNetCon is a NetCon of a synapse, waiting for the cell groups:
// from source gid to the point process named point of cell (index into
// Network.Cells).
type pendingNetCon struct {
	cell    int
	point   string
	source  int
	delayMs float64
	weight  []float64
}

// pointKey is a shared point process: section, segment and label.
type pointKey struct {
	sec, seg int
	label    string
}

// synapseParams are a projection's parameters of one label split into
// the point process's (mech_params) and the NetCon's weight vector
// (netcon_params).
type synapseParams struct {
	mech   string
	params map[string]float64
	weight []float64
}

// projectionParams resolves the parameters of every mechanism label of
// the projection pre -> post for synapses on sections of SWC type name
// swc: the projection's `swctype mechanisms` entry of that type if
// there is one, else its `mechanisms`; each label's point process from
// Connection Generator.Synapse Mechanisms and its parameters split by
// that mechanism's Synapse Parameter Rules. An unknown label, a
// mechanism without rules, or a parameter that is neither a mech_param
// nor a netcon_param is an error naming the key.
func (c *Config) projectionParams(post, pre, swc string) (labels []string, out map[string]synapseParams, err error) {
	pm, _ := c.ConnectionGenerator.Synapses.Get(post)
	prj, ok := pm.Get(pre)
	if !ok {
		return nil, nil, fmt.Errorf("miv: Connection Generator.Synapses.%s.%s: no such projection (edges from %s onto %s)", post, pre, pre, post)
	}
	key := fmt.Sprintf("Connection Generator.Synapses.%s.%s.mechanisms", post, pre)
	mechs := prj.Mechanisms
	if sm, ok := prj.SWCTypeMechanisms.Get(swc); ok {
		mechs, key = sm, fmt.Sprintf("Connection Generator.Synapses.%s.%s.swctype mechanisms.%s", post, pre, swc)
	}
	cg := &c.ConnectionGenerator
	out = map[string]synapseParams{}
	for _, lm := range mechs {
		mech, ok := cg.SynapseMechanisms.Get(lm.Name)
		if !ok {
			return nil, nil, fmt.Errorf("miv: %s.%s: unknown mechanism label %q (Connection Generator.Synapse Mechanisms has %s)", key, lm.Name, lm.Name, strings.Join(cg.SynapseMechanisms.Names(), ", "))
		}
		rule, ok := cg.SynapseParameterRules.Get(mech)
		if !ok {
			return nil, nil, fmt.Errorf("miv: %s.%s: mechanism %s has no Connection Generator.Synapse Parameter Rules entry", key, lm.Name, mech)
		}
		sp := synapseParams{mech: mech, params: map[string]float64{}}
		slots := 0
		for _, np := range rule.NetconParams {
			slots = max(slots, np.Value+1)
		}
		sp.weight = make([]float64, slots)
		for _, p := range lm.Value {
			if slot, ok := rule.NetconParams.Get(p.Name); ok {
				sp.weight[slot] = p.Value
				continue
			}
			found := false
			for _, mp := range rule.MechParams {
				found = found || mp == p.Name
			}
			if !found {
				return nil, nil, fmt.Errorf("miv: %s.%s.%s: %s has no such parameter (mech_params %s; netcon_params %s)", key, lm.Name, p.Name, mech,
					strings.Join(rule.MechParams, ", "), strings.Join(rule.NetconParams.Names(), ", "))
			}
			sp.params[p.Name] = p.Value
		}
		labels = append(labels, lm.Name)
		out[lm.Name] = sp
	}
	if len(labels) == 0 {
		return nil, nil, fmt.Errorf("miv: %s: no mechanism labels", key)
	}
	return labels, out, nil
}

// placeSynapses makes the point processes and NetCons of cell ci (of
// population pop) from its synapse attributes and edges, as MiV's
// load_connections does (SPEC 3.4, 3.5): every synapse of an edge at x
// = clip(syn_loc, 0.05, 0.95) on section syn_secs; every label of the
// edge's projection a NetCon with the weight vector (weight, g_unit)
// and delay max(distance / v_pre, 2 dt); the synapses of one label in
// one segment share one point process (MiV's unique = false), whose
// mechanism parameters are those of the last synapse configured on it.
// Synapses without an edge get nothing.
func (n *Network) placeSynapses(ci int, pop string, syn *SynapseAttributes, edges []*Edges) ([]pendingNetCon, error) {
	c := n.Cells[ci]
	m := c.Morph.Morphology
	cfg := n.Config
	byID := make(map[int]int, syn.Len())
	for i, id := range syn.SynIDs {
		byID[int(id)] = i
	}
	points := map[pointKey]int{} // index into c.Morph.PointProcesses
	c.syn = syn
	type paramsKey struct{ pre, swc string }
	resolved := map[paramsKey]struct {
		labels []string
		params map[string]synapseParams
	}{}
	var out []pendingNetCon
	for _, e := range edges {
		if e == nil || e.Len() == 0 {
			continue
		}
		if len(e.SynIDs) != e.Len() || len(e.DistanceUm) != e.Len() {
			return nil, fmt.Errorf("miv: gid %d: edges from %s: %d sources, %d syn_ids, %d distances", c.Gid, e.Source, e.Len(), len(e.SynIDs), len(e.DistanceUm))
		}
		vel, ok := cfg.ConnectionGenerator.ConnectionVelocityUmPerMs.Get(e.Source)
		if !ok || !(vel > 0) {
			return nil, fmt.Errorf("miv: Connection Generator.Connection Velocity.%s: missing or not positive (edges from %s onto gid %d)", e.Source, e.Source, c.Gid)
		}
		for j, sid := range e.SynIDs {
			i, ok := byID[int(sid)]
			if !ok {
				return nil, fmt.Errorf("miv: gid %d: edge from %s gid %d names syn_id %d, which the cell's synapse attributes lack", c.Gid, e.Source, e.SourceGids[j], sid)
			}
			sec := int(syn.SynSecs[i])
			if sec >= len(m.Sections) {
				return nil, fmt.Errorf("miv: gid %d: synapse %d on section %d of %d", c.Gid, sid, sec, len(m.Sections))
			}
			swc, _ := nameOf(cfg.Definitions.SWCTypes, int(syn.SWCTypes[i]))
			pk := paramsKey{e.Source, swc}
			r, ok := resolved[pk]
			if !ok {
				labels, params, err := cfg.projectionParams(pop, e.Source, swc)
				if err != nil {
					return nil, err
				}
				r.labels, r.params = labels, params
				resolved[pk] = r
			}
			x := min(max(float64(syn.SynLocs[i]), minSynLoc), maxSynLoc)
			nseg := max(m.Sections[sec].Nseg, 1)
			seg := min(int(x*float64(nseg)), nseg-1)
			delay := EdgeDelayMs(float64(e.DistanceUm[j]), vel, n.DtMs)
			for _, label := range r.labels {
				sp := r.params[label]
				k := pointKey{sec, seg, label}
				pi, ok := points[k]
				if !ok {
					pi = len(c.Morph.PointProcesses)
					points[k] = pi
					c.Morph.PointProcesses = append(c.Morph.PointProcesses, morph.PointProcess{
						Name: pointName(m, label, sec, x), Mech: sp.mech,
						At: morph.At(m.Sections[sec].Name, x), Params: map[string]float64{}})
				}
				pp := &c.Morph.PointProcesses[pi]
				if pp.Mech != sp.mech {
					return nil, fmt.Errorf("miv: gid %d: label %s is %s here and %s elsewhere", c.Gid, label, sp.mech, pp.Mech)
				}
				for name, v := range sp.params {
					pp.Params[name] = v
				}
				out = append(out, pendingNetCon{cell: ci, point: pp.Name, source: int(e.SourceGids[j]), delayMs: delay,
					weight: append([]float64(nil), sp.weight...)})
			}
		}
	}
	c.PointProcesses = len(points)
	return out, nil
}

// pointName is the name of the point process of label shared by the
// synapses of section sec's segment at x (clipped as synapses are
// placed): "AMPA apical[3](0)".
func pointName(m *morph.Morphology, label string, sec int, x float64) string {
	x = min(max(x, minSynLoc), maxSynLoc)
	nseg := max(m.Sections[sec].Nseg, 1)
	return fmt.Sprintf("%s %s(%d)", label, m.Sections[sec].Name, min(int(x*float64(nseg)), nseg-1))
}

// nameOf returns the name of id in a Definitions table.
func nameOf(m Map[int], id int) (string, bool) {
	for _, it := range m {
		if it.Value == id {
			return it.Name, true
		}
	}
	return fmt.Sprint(id), false
}

// checkTrain checks a STIM cell's spike times: finite, >= 0, ascending
// (VecStim's requirements).
func checkTrain(gid int, ts []float64) error {
	for i, t := range ts {
		if math.IsNaN(t) || math.IsInf(t, 0) || t < 0 {
			return fmt.Errorf("miv: STIM gid %d: spike %d at %g ms, want a finite time >= 0", gid, i, t)
		}
		if i > 0 && t < ts[i-1] {
			return fmt.Errorf("miv: STIM gid %d: spike %d at %g ms before spike %d at %g ms: want ascending times", gid, i, t, i-1, ts[i-1])
		}
	}
	return nil
}

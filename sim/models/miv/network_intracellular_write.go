package miv

import (
	"math"
	"slices"
	"sort"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/store"
)

// TraceSet is the traces of one quantity label that the store holds as
// one data_id: a row per trace.
type TraceSet struct {
	// DataID is the label (characters other than letters, digits, - and
	// _ as _), prefixed synaptic_ for a synaptic quantity.
	DataID          string
	Label, Variable string
	Synaptic        bool
	// Unit is the unit of the variable when Golgi knows it (v and
	// reversal potentials: mV; i_membrane: nA; concentrations: mM; ionic
	// currents: mA/cm2; a synaptic i: nA, g: uS), else "" (a mechanism's
	// variable).
	Unit string
	// Traces index Intracellular.Traces.
	Traces []int
}

// TraceSets groups the traces by data_id, in the order of their first
// trace.
func (r *Intracellular) TraceSets() []TraceSet {
	var out []TraceSet
	at := map[string]int{}
	for i, t := range r.Traces {
		id := dataIDOf(t.Label, t.Synaptic)
		k, ok := at[id]
		if !ok {
			k = len(out)
			at[id] = k
			out = append(out, TraceSet{DataID: id, Label: t.Label, Variable: t.Variable, Synaptic: t.Synaptic, Unit: unitOf(t.Variable, t.Synaptic)})
		}
		out[k].Traces = append(out[k].Traces, i)
	}
	return out
}

// unitOf is the unit of a recorded variable, if known.
func unitOf(variable string, synaptic bool) string {
	switch {
	case synaptic && variable == "i":
		return "nA"
	case synaptic && variable == "g":
		return "uS"
	case synaptic:
		return ""
	case variable == "v":
		return "mV"
	case variable == "i_membrane" || variable == "i_membrane_":
		return "nA"
	}
	for _, name := range mech.Names() {
		for _, m := range mechanismsNamed(name) {
			for _, u := range m.Ions() {
				switch variable {
				case "e" + u.Name:
					return "mV"
				case u.Name + "i", u.Name + "o":
					return "mM"
				case "i" + u.Name:
					return "mA/cm2"
				}
			}
		}
	}
	return ""
}

// writeIntracellular stores every trace set of r as a data_id (float32,
// a row per trace; attributes unit, dt_ms, t_start_ms, and per row
// gids, populations, rec_ids, sections and loc (NaN for synaptic
// traces), points (the point processes summed); label, variable,
// profile) and returns the data_ids.
func writeIntracellular(st *store.Store, r *Intracellular, group store.Attrs) ([]string, error) {
	var ids []string
	for _, set := range r.TraceSets() {
		rows := make([][]float32, len(set.Traces))
		gids := make([]uint64, len(set.Traces))
		pops, recs := make([]string, len(set.Traces)), make([]string, len(set.Traces))
		secs, points := make([]int64, len(set.Traces)), make([]int64, len(set.Traces))
		locs := make([]float64, len(set.Traces))
		for i, k := range set.Traces {
			t := &r.Traces[k]
			rows[i] = make([]float32, len(t.Values))
			for j, x := range t.Values {
				rows[i][j] = float32(x)
			}
			gids[i], pops[i], recs[i] = uint64(t.Gid), t.Population, t.RecID
			secs[i], points[i], locs[i] = int64(t.Section), int64(t.Points), t.X
		}
		m, err := store.Matrix32FromRows(rows)
		if err != nil {
			return ids, err
		}
		attrs := store.Attrs{"unit": set.Unit, "dt_ms": r.DtMs, "t_start_ms": 0.0, "gids": gids, "populations": pops, "rec_ids": recs,
			"sections": secs, "loc": locs, "points": points, "label": set.Label, "variable": set.Variable, "profile": r.Profile}
		if err := st.WriteMatrix32(0, set.DataID, m, attrs, group); err != nil {
			return ids, err
		}
		ids = append(ids, set.DataID)
	}
	return ids, nil
}

// round6 rounds to 6 decimals as NumPy's round(x, 6) (x·1e6 to even,
// then / 1e6), as MiV's recsout rounds what it writes.
func round6(x float64) float64 { return math.RoundToEven(x*1e6) / 1e6 }

// intracellularNamespaces are the traces as MiV's recsout writes them
// (SPEC 4.4): per population (by id) and rec id (sorted), a namespace
// Intracellular <rec id> with, for every cell that has traces there, an
// attribute per label (float32) and t (float32, ms), values rounded to 6
// decimals first.
func (n *Network) intracellularNamespaces() []store.NeuroH5Namespace {
	r := n.Intracellular
	if r == nil || len(r.Traces) == 0 {
		return nil
	}
	type nsKey struct{ pop, rec string }
	byNS := map[nsKey][]int{}
	for i, t := range r.Traces {
		k := nsKey{t.Population, t.RecID}
		byNS[k] = append(byNS[k], i)
	}
	tf := make([]float32, len(r.TMs))
	for i, x := range r.TMs {
		tf[i] = float32(round6(x))
	}
	var out []store.NeuroH5Namespace
	for _, pr := range n.Config.PopulationRanges() {
		var recs []string
		for k := range byNS {
			if k.pop == pr.Name {
				recs = append(recs, k.rec)
			}
		}
		sort.Strings(recs)
		for _, rec := range recs {
			traces := byNS[nsKey{pr.Name, rec}]
			ns := store.NeuroH5Namespace{Population: pr.Name, Name: "Intracellular " + rec}
			var labels []string
			var cells []uint32
			for _, k := range traces {
				t := &r.Traces[k]
				if !slices.Contains(labels, t.Label) {
					labels = append(labels, t.Label)
				}
				if c := uint32(t.Gid - pr.Start); len(cells) == 0 || cells[len(cells)-1] != c {
					cells = append(cells, c)
				}
			}
			for _, l := range labels {
				a := store.NeuroH5Attribute{Name: l, Pointer: []uint64{0}}
				var vals []float32
				for _, k := range traces {
					t := &r.Traces[k]
					if t.Label != l {
						continue
					}
					a.Index = append(a.Index, uint32(t.Gid-pr.Start))
					for _, x := range t.Values {
						vals = append(vals, float32(round6(x)))
					}
					a.Pointer = append(a.Pointer, uint64(len(vals)))
				}
				a.Values = vals
				ns.Attributes = append(ns.Attributes, a)
			}
			ta := store.NeuroH5Attribute{Name: "t", Index: cells, Pointer: make([]uint64, len(cells)+1)}
			var tv []float32
			for i := range cells {
				tv = append(tv, tf...)
				ta.Pointer[i+1] = uint64(len(tv))
			}
			ta.Values = tv
			ns.Attributes = append(ns.Attributes, ta)
			out = append(out, ns)
		}
	}
	return out
}

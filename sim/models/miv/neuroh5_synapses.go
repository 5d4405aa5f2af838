package miv

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/store"
)

// NamespaceSynapses is the namespace of distribute_synapses (SPEC 2.8).
const NamespaceSynapses = "Synapse Attributes"

// synapseAttributeNames are the attributes of Synapse Attributes in the
// order MiV writes them.
var synapseAttributeNames = []string{"syn_ids", "syn_locs", "syn_cdists", "syn_secs", "syn_layers", "syn_types", "swc_types"}

// values returns the attributes' values in synapseAttributeNames order.
func (a *SynapseAttributes) values() []any {
	return []any{a.SynIDs, a.SynLocs, a.SynCdistsUm, a.SynSecs, a.SynLayers, a.SynTypes, a.SWCTypes}
}

// SynapsesNeuroH5 returns the Synapse Attributes namespace of
// population pop, whose first gid is start: syns[k] are the synapses of
// gid gids[k]. Each attribute has its own Cell Index and Attribute
// Pointer, as append_cell_attributes writes them: syn_ids uint32,
// syn_locs float32, syn_cdists float32, syn_secs uint32, syn_layers
// int8, syn_types uint8, swc_types uint8.
func SynapsesNeuroH5(pop string, start uint64, gids []int, syns []*SynapseAttributes) (store.NeuroH5Namespace, error) {
	ns := store.NeuroH5Namespace{Population: pop, Name: NamespaceSynapses}
	if len(gids) != len(syns) {
		return ns, fmt.Errorf("miv synapses %s: %d gids, %d synapse sets", pop, len(gids), len(syns))
	}
	idx := make([]uint32, len(gids))
	ptr := make([]uint64, len(gids)+1)
	for k, a := range syns {
		if gids[k] < int(start) {
			return ns, fmt.Errorf("miv synapses %s: gid %d is below the population's start %d", pop, gids[k], start)
		}
		n := a.Len()
		if len(a.SynLocs) != n || len(a.SynCdistsUm) != n || len(a.SynSecs) != n || len(a.SynLayers) != n || len(a.SynTypes) != n || len(a.SWCTypes) != n {
			return ns, fmt.Errorf("miv synapses %s gid %d: attributes of different lengths", pop, gids[k])
		}
		idx[k] = uint32(gids[k] - int(start))
		ptr[k+1] = ptr[k] + uint64(n)
	}
	all := &SynapseAttributes{}
	for _, a := range syns {
		all.SynIDs = append(all.SynIDs, a.SynIDs...)
		all.SynLocs = append(all.SynLocs, a.SynLocs...)
		all.SynCdistsUm = append(all.SynCdistsUm, a.SynCdistsUm...)
		all.SynSecs = append(all.SynSecs, a.SynSecs...)
		all.SynLayers = append(all.SynLayers, a.SynLayers...)
		all.SynTypes = append(all.SynTypes, a.SynTypes...)
		all.SWCTypes = append(all.SWCTypes, a.SWCTypes...)
	}
	for j, v := range all.values() {
		ns.Attributes = append(ns.Attributes, store.NeuroH5Attribute{Name: synapseAttributeNames[j], Index: idx, Pointer: ptr, Values: v})
	}
	return ns, nil
}

// ReadSynapseAttributes reads the Synapse Attributes namespace of
// population pop from the NeuroH5 file at path (a cells.h5 or synapses
// file) into SynapseAttributes by gid. Every attribute must have its
// type of SPEC 2.8 and the same number of values per cell.
func ReadSynapseAttributes(path, pop string) (map[int]*SynapseAttributes, error) {
	wrap := func(err error) error { return fmt.Errorf("miv synapses: %s: %w", path, err) }
	types, err := store.ReadNeuroH5Types(path)
	if err != nil {
		return nil, fmt.Errorf("miv synapses: %w", err)
	}
	p, ok := types.Population(pop)
	if !ok {
		return nil, wrap(fmt.Errorf("population %s is not in /H5Types", pop))
	}
	ns, err := store.ReadNeuroH5Namespace(path, pop, NamespaceSynapses)
	if err != nil {
		return nil, fmt.Errorf("miv synapses: %w", err)
	}
	out := map[int]*SynapseAttributes{}
	for j, name := range synapseAttributeNames {
		where := fmt.Sprintf("/Populations/%s/%s/%s", pop, NamespaceSynapses, name)
		a, ok := ns.Attribute(name)
		if !ok {
			return nil, wrap(fmt.Errorf("no attribute %s", where))
		}
		if j > 0 && len(a.Index) != len(out) {
			return nil, wrap(fmt.Errorf("%s: %d cells, %s has %d", where, len(a.Index), synapseAttributeNames[0], len(out)))
		}
		for i, ci := range a.Index {
			gid := int(p.Start) + int(ci)
			lo, hi := a.Pointer[i], a.Pointer[i+1]
			s := out[gid]
			if j == 0 {
				if s != nil {
					return nil, wrap(fmt.Errorf("%s: cell index %d given twice", where, ci))
				}
				s = &SynapseAttributes{}
				out[gid] = s
			} else if s == nil || uint64(s.Len()) != hi-lo {
				return nil, wrap(fmt.Errorf("%s: gid %d: %d values, %s has %d", where, gid, hi-lo, synapseAttributeNames[0], s.lenOrZero()))
			}
			var ok bool
			switch j {
			case 0:
				ok = takeValues(a.Values, lo, hi, &s.SynIDs)
			case 1:
				ok = takeValues(a.Values, lo, hi, &s.SynLocs)
			case 2:
				ok = takeValues(a.Values, lo, hi, &s.SynCdistsUm)
			case 3:
				ok = takeValues(a.Values, lo, hi, &s.SynSecs)
			case 4:
				ok = takeValues(a.Values, lo, hi, &s.SynLayers)
			case 5:
				ok = takeValues(a.Values, lo, hi, &s.SynTypes)
			case 6:
				ok = takeValues(a.Values, lo, hi, &s.SWCTypes)
			}
			if !ok {
				want := (&SynapseAttributes{}).values()[j]
				return nil, wrap(fmt.Errorf("%s holds %T, want %T", where, a.Values, want))
			}
		}
	}
	return out, nil
}

func (a *SynapseAttributes) lenOrZero() int {
	if a == nil {
		return 0
	}
	return a.Len()
}

// takeValues sets *dst to values[lo:hi] when values is a []T and reports
// whether it is.
func takeValues[T any](values any, lo, hi uint64, dst *[]T) bool {
	v, ok := values.([]T)
	if ok {
		*dst = v[lo:hi:hi]
	}
	return ok
}

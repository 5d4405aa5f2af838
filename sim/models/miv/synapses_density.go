package miv

import (
	"fmt"
	"maps"
	"math"
	"slices"
)

// SynapseDensities are a population's synapse densities (Cell Types.<P>.
// synapses.density, SPEC 1.5) with names resolved to the Definitions'
// ids, in the order of the file (MiV iterates them in YAML order).
type SynapseDensities struct {
	Population string
	Sections   []DensitySection
}

// DensitySection are the densities of one section type.
type DensitySection struct {
	Name    string // SWC type name (apical)
	SWCType int
	Types   []DensityType
}

// DensityType are the densities of one synapse type on a section type,
// per layer id, and the default for every other layer.
type DensityType struct {
	Name    string // synapse type name (excitatory)
	SynType int
	Layers  map[int]SynapseDensity
	// LayerNames are the layer names of Layers, for messages.
	LayerNames map[int]string
	Default    *SynapseDensity
}

// rule is the density of a segment in a layer (-1: none): the layer's
// entry, else the default, else none (MiV's synapse_seg_density).
func (t *DensityType) rule(layer int) (SynapseDensity, bool) {
	if layer > -1 {
		if d, ok := t.Layers[layer]; ok {
			return d, true
		}
	}
	if t.Default != nil {
		return *t.Default, true
	}
	return SynapseDensity{}, false
}

// SynapseDensities returns the synapse densities of population pop.
//
// MiV HEAD draws every segment's density with the mean and variance of
// the last layer entry of the synapse type (the loop variable of its
// synapse_seg_density outlives the loop), whatever the segment's layer;
// Golgi uses the segment's own layer entry, as SPEC 2.5 states.
func (c *Config) SynapseDensities(pop string) (*SynapseDensities, error) {
	ct, ok := c.CellTypes.Get(pop)
	if !ok {
		return nil, fmt.Errorf("miv synapses %s: no Cell Types entry", pop)
	}
	out := &SynapseDensities{Population: pop}
	for _, sec := range ct.Synapses.Density {
		swc, ok := c.Definitions.SWCTypes.Get(sec.Name)
		if !ok {
			return nil, sec.At.errorf("section type %s is not in Definitions.SWC Types", sec.Name)
		}
		ds := DensitySection{Name: sec.Name, SWCType: swc}
		for _, typ := range sec.Value {
			st, ok := c.Definitions.SynapseTypes.Get(typ.Name)
			if !ok {
				return nil, typ.At.errorf("synapse type %s is not in Definitions.Synapse Types", typ.Name)
			}
			dt := DensityType{Name: typ.Name, SynType: st, Layers: map[int]SynapseDensity{}, LayerNames: map[int]string{}}
			for _, l := range typ.Value {
				d := l.Value
				if err := d.check(); err != nil {
					return nil, l.At.errorf("%v", err)
				}
				if l.Name == "default" {
					dt.Default = &d
					continue
				}
				id, ok := c.Definitions.Layers.Get(l.Name)
				if !ok {
					return nil, l.At.errorf("layer %s is not in Definitions.Layers", l.Name)
				}
				dt.Layers[id], dt.LayerNames[id] = d, l.Name
			}
			ds.Types = append(ds.Types, dt)
		}
		out.Sections = append(out.Sections, ds)
	}
	if len(out.Sections) == 0 {
		return nil, fmt.Errorf("miv synapses %s: no synapse densities (Cell Types.%s.synapses.density)", pop, pop)
	}
	return out, nil
}

// check rejects densities MiV cannot draw from: a negative or non-finite
// mean or sd, or both zero (no positive draw ever).
func (d SynapseDensity) check() error {
	if !(d.MeanPerUm >= 0) || !(d.VariancePerUm >= 0) || math.IsInf(d.MeanPerUm, 0) || math.IsInf(d.VariancePerUm, 0) {
		return fmt.Errorf("density mean %g, variance %g /µm: want both finite and >= 0", d.MeanPerUm, d.VariancePerUm)
	}
	if d.MeanPerUm == 0 && d.VariancePerUm == 0 {
		return fmt.Errorf("density mean 0, variance 0: no positive density can be drawn")
	}
	return nil
}

// check verifies the densities against a morphology: every density is
// drawable, every section type has sections, and every layer named for a
// section type holds at least one of its segments (a density for a layer
// the tree lacks there is a mistake of the configuration; MiV places
// nothing and says nothing).
func (d *SynapseDensities) check(m *SynapseMorphology) error {
	for _, ds := range d.Sections {
		secs := m.sectionsOfType(ds.SWCType)
		if len(secs) == 0 {
			return fmt.Errorf("densities for %s sections: the morphology has none", ds.Name)
		}
		layers := map[int]bool{}
		for _, i := range secs {
			for _, sg := range m.segments(i) {
				layers[sg.layer] = true
			}
		}
		for _, dt := range ds.Types {
			if dt.Default != nil {
				if err := dt.Default.check(); err != nil {
					return fmt.Errorf("%s %s default: %w", ds.Name, dt.Name, err)
				}
			}
			for _, id := range slices.Sorted(maps.Keys(dt.Layers)) {
				dl := dt.Layers[id]
				if err := dl.check(); err != nil {
					return fmt.Errorf("%s %s layer %s: %w", ds.Name, dt.Name, dt.LayerNames[id], err)
				}
				if !layers[id] {
					return fmt.Errorf("%s %s density for layer %s (id %d): no %s segment lies in that layer", ds.Name, dt.Name, dt.LayerNames[id], id, ds.Name)
				}
			}
		}
	}
	return nil
}

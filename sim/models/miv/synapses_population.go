package miv

import (
	"fmt"
	"path/filepath"
	"strings"
)

// DistributePopulationSynapses distributes the synapses of every gid of
// gids on morphology m (the population's forest is one tree, SPEC 2.4)
// with up to workers goroutines (<= 0: GOMAXPROCS). Element k is gid
// gids[k]'s synapses; each depends on its gid and seed only, so the
// result is the same for any number of workers.
func DistributePopulationSynapses(m *SynapseMorphology, d *SynapseDensities, seed int64, gids []int, workers int) ([]*SynapseAttributes, error) {
	return forEachGid(len(gids), workers, func(k int) (*SynapseAttributes, error) {
		return DistributeSynapses(m, d, seed, gids[k])
	})
}

// PopulationSynapseMorphology builds the morphology population pop's
// synapses are distributed on: its SWC file read as neurotrees_import
// reads it, its template (Cell Types.<pop>.template in templateDir)
// instantiated on it once for gid (nseg and define_shape's points do not
// depend on the gid).
func (c *Config) PopulationSynapseMorphology(pop, swcPath, templateDir string, gid int) (*SynapseMorphology, error) {
	ct, ok := c.CellTypes.Get(pop)
	if !ok {
		return nil, fmt.Errorf("miv synapses %s: no Cell Types entry", pop)
	}
	if ct.Template == "" || ct.Template == "VecStim" {
		return nil, fmt.Errorf("miv synapses %s: template %q is not a multicompartment cell", pop, ct.Template)
	}
	tr, err := ReadSWCFile(swcPath)
	if err != nil {
		return nil, err
	}
	if err := c.CheckTreeLayers(swcPath, tr); err != nil {
		return nil, err
	}
	file := filepath.Join(templateDir, ct.Template+".hoc")
	if ct.TemplateFile != "" {
		file = ct.TemplateFile
		if !filepath.IsAbs(file) {
			file = filepath.Join(filepath.Dir(c.Path), file)
		}
	}
	tp, err := LoadTemplateFile(file)
	if err != nil {
		return nil, err
	}
	cell, err := tp.Build(gid, tr)
	if err != nil {
		return nil, err
	}
	return NewSynapseMorphology(cell)
}

// CheckTreeLayers reports the first point of tr (read from path) whose
// layer id is none of Definitions.Layers: its synapses would fall to a
// density's default without a word. Points without a layer (-1) pass.
func (c *Config) CheckTreeLayers(path string, tr *Tree) error {
	known := map[int]bool{}
	for _, l := range c.Definitions.Layers {
		known[l.Value] = true
	}
	for i, l := range tr.Layer {
		if l >= 0 && !known[int(l)] {
			return fmt.Errorf("miv swc %s: point %d (0-based, in file order): layer id %d is not a layer of Definitions.Layers (%s)", path, i, l, layerList(c.Definitions.Layers))
		}
	}
	return nil
}

// layerList is "Hilus 0, GCL 1, ...".
func layerList(ls Map[int]) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = fmt.Sprintf("%s %d", l.Name, l.Value)
	}
	return strings.Join(parts, ", ")
}

package sonata

import (
	"fmt"
	"os"
	"path/filepath"
)

// Node population types (circuit_config.json, networks.nodes[].populations.*.type).
const (
	Biophysical  = "biophysical"
	Virtual      = "virtual"
	PointNeuron  = "point_neuron"
	PointProcess = "point_process"
	Astrocyte    = "astrocyte"
	Vasculature  = "vasculature"
)

// Edge population types.
const (
	Chemical         = "chemical"
	Electrical       = "electrical" // gap junctions
	Neuromodulatory  = "neuromodulatory"
	SynapseAstrocyte = "synapse_astrocyte"
	Endfoot          = "endfoot"
)

var (
	nodeTypes = []string{Biophysical, Virtual, PointNeuron, PointProcess, Astrocyte, Vasculature}
	edgeTypes = []string{Chemical, Electrical, Neuromodulatory, SynapseAstrocyte, Endfoot}
)

// CircuitConfig is a circuit_config.json (SPEC 1.3). Paths are absolute.
type CircuitConfig struct {
	Path         string
	Manifest     []ManifestEntry
	NodeSetsFile string // "" when the circuit has none
	// Nodes and Edges are the networks' files in file order. A file
	// whose populations are not listed has Populations nil: the
	// population names are read from the file when the circuit is
	// opened, with the components' defaults.
	Nodes []NodesFile
	Edges []EdgesFile
	// Components holds the circuit-wide defaults of the populations'
	// directories.
	Components Components
	Warnings   []string
}

// Components are the directories a node population inherits unless it
// sets its own.
type Components struct {
	MorphologiesDir            string
	BiophysicalNeuronModelsDir string
	// AlternateMorphologies maps "neurolucida-asc" and "h5v1" to
	// directories.
	AlternateMorphologies map[string]string
}

// NodesFile is one entry of networks.nodes.
type NodesFile struct {
	File        string
	Populations []NodePopulationConfig
}

// EdgesFile is one entry of networks.edges.
type EdgesFile struct {
	File        string
	Populations []EdgePopulationConfig
}

// NodePopulationConfig is a node population's properties.
type NodePopulationConfig struct {
	Name string
	File string // nodes.h5
	Type string // Biophysical (default), Virtual, PointNeuron, ...
	Components
}

// MorphologyDir returns where the population's morphologies are and the
// extension of their files, as neurodamus chooses (SPEC 1.3):
// neurolucida-asc (.asc) if given, else h5v1 (.h5), else
// morphologies_dir (.swc; .h5 for astrocytes).
func (p NodePopulationConfig) MorphologyDir() (dir, ext string) {
	if d := p.AlternateMorphologies["neurolucida-asc"]; d != "" {
		return d, ".asc"
	}
	if d := p.AlternateMorphologies["h5v1"]; d != "" {
		return d, ".h5"
	}
	if p.Type == Astrocyte {
		return p.MorphologiesDir, ".h5"
	}
	return p.MorphologiesDir, ".swc"
}

// MorphologyPath returns the file of morphology name (a node's morphology
// attribute, without extension).
func (p NodePopulationConfig) MorphologyPath(name string) string {
	dir, ext := p.MorphologyDir()
	return filepath.Join(dir, name+ext)
}

// EdgePopulationConfig is an edge population's properties.
type EdgePopulationConfig struct {
	Name string
	File string // edges.h5
	Type string // Chemical (default), Electrical, Neuromodulatory, ...
}

// ReadCircuitConfig reads a circuit_config.json. Every error names the
// file and the key (an *Error).
func ReadCircuitConfig(path string) (*CircuitConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseCircuitConfig(path, data)
}

func parseCircuitConfig(path string, data []byte) (*CircuitConfig, error) {
	root, err := parseJSON(data)
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	if root.kind != jObject {
		return nil, &Error{File: path, Err: fmt.Errorf("want an object, got %s", root.describe())}
	}
	m, err := newManifest(path, root)
	if err != nil {
		return nil, err
	}
	if err := m.resolveTree(root, ""); err != nil {
		return nil, err
	}
	c := &CircuitConfig{Path: path, Manifest: m.entries()}
	s := newSection(path, "", root, &c.Warnings)
	s.ignore("manifest", "version", "metadata", "target_simulator")
	if c.NodeSetsFile, err = s.str("node_sets_file", "", false); err != nil {
		return nil, err
	}
	comp, err := s.object("components", false)
	if err != nil {
		return nil, err
	}
	if comp != nil {
		if err := readComponents(comp, m, &c.Components); err != nil {
			return nil, err
		}
		comp.ignore("point_neuron_models_dir", "mechanisms_dir", "templates_dir", "synaptic_models_dir",
			"vasculature_file", "vasculature_mesh", "end_feet_area", "provenance", "spatial_segment_index_dir", "spatial_synapse_index_dir", "microdomains_file")
		comp.unknown()
	}
	nets, err := s.object("networks", true)
	if err != nil {
		return nil, err
	}
	if err := c.readNodes(nets, m); err != nil {
		return nil, err
	}
	if err := c.readEdges(nets); err != nil {
		return nil, err
	}
	nets.unknown()
	s.unknown()
	// Population names are unique across files (libsonata).
	seen := map[string]bool{}
	for _, f := range c.Nodes {
		for _, p := range f.Populations {
			if seen[p.Name] {
				return nil, &Error{File: path, Key: "networks.nodes", Err: fmt.Errorf("node population %q given twice", p.Name)}
			}
			seen[p.Name] = true
		}
	}
	seen = map[string]bool{}
	for _, f := range c.Edges {
		for _, p := range f.Populations {
			if seen[p.Name] {
				return nil, &Error{File: path, Key: "networks.edges", Err: fmt.Errorf("edge population %q given twice", p.Name)}
			}
			seen[p.Name] = true
		}
	}
	return c, nil
}

// readComponents reads the directory properties of s over comp.
func readComponents(s *section, m *manifest, comp *Components) error {
	var err error
	if comp.MorphologiesDir, err = s.str("morphologies_dir", comp.MorphologiesDir, false); err != nil {
		return err
	}
	if comp.BiophysicalNeuronModelsDir, err = s.str("biophysical_neuron_models_dir", comp.BiophysicalNeuronModelsDir, false); err != nil {
		return err
	}
	alt, err := s.object("alternate_morphologies", false)
	if err != nil || alt == nil {
		return err
	}
	merged := map[string]string{}
	for k, v := range comp.AlternateMorphologies {
		merged[k] = v
	}
	for i, k := range alt.n.keys {
		v := alt.n.vals[i]
		key := alt.path + "." + k
		if k != "neurolucida-asc" && k != "h5v1" {
			*s.warnings = append(*s.warnings, fmt.Sprintf("%s: %s: unknown morphology format, ignored", s.file, key))
			continue
		}
		if v.kind != jString {
			return &Error{File: s.file, Key: key, Err: fmt.Errorf("want a directory, got %s", v.describe())}
		}
		p, err := m.resolve(key, v.str)
		if err != nil {
			return err
		}
		merged[k] = p
	}
	comp.AlternateMorphologies = merged
	return nil
}

func (c *CircuitConfig) readNodes(nets *section, m *manifest) error {
	v := nets.field("nodes")
	if v == nil {
		return nets.errf("nodes", "missing")
	}
	if v.kind != jArray {
		return nets.errf("nodes", "want a list, got %s", v.describe())
	}
	for i, e := range v.arr {
		key := fmt.Sprintf("networks.nodes[%d]", i)
		if e.kind != jObject {
			return &Error{File: c.Path, Key: key, Err: fmt.Errorf("want an object, got %s", e.describe())}
		}
		fs := newSection(c.Path, key, e, &c.Warnings)
		file, err := fs.str("nodes_file", "", true)
		if err != nil {
			return err
		}
		if t := fs.field("node_types_file"); t != nil && t.kind != jNull {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s: %s.node_types_file: node type CSV files are not read (BBP circuits store every attribute in nodes.h5)", c.Path, key))
		}
		nf := NodesFile{File: file}
		pops, err := fs.object("populations", false)
		if err != nil {
			return err
		}
		if pops != nil {
			nf.Populations = []NodePopulationConfig{}
			for j, name := range pops.n.keys {
				pv := pops.n.vals[j]
				ps := newSection(c.Path, pops.path+"."+name, pv, &c.Warnings)
				if pv.kind != jObject {
					return &Error{File: c.Path, Key: ps.path, Err: fmt.Errorf("want an object, got %s", pv.describe())}
				}
				p := NodePopulationConfig{Name: name, File: file}
				if p.Type, err = ps.choice("type", Biophysical, nodeTypes...); err != nil {
					return err
				}
				p.Components = c.Components
				if err := readComponents(ps, m, &p.Components); err != nil {
					return err
				}
				ps.ignore("spatial_segment_index_dir", "vasculature_file", "vasculature_mesh", "microdomains_file", "provenance", "mechanisms_dir", "point_neuron_models_dir", "templates_dir")
				ps.unknown()
				nf.Populations = append(nf.Populations, p)
			}
		}
		fs.unknown()
		c.Nodes = append(c.Nodes, nf)
	}
	return nil
}

func (c *CircuitConfig) readEdges(nets *section) error {
	v := nets.field("edges")
	if v == nil {
		return nil
	}
	if v.kind != jArray {
		return nets.errf("edges", "want a list, got %s", v.describe())
	}
	for i, e := range v.arr {
		key := fmt.Sprintf("networks.edges[%d]", i)
		if e.kind != jObject {
			return &Error{File: c.Path, Key: key, Err: fmt.Errorf("want an object, got %s", e.describe())}
		}
		fs := newSection(c.Path, key, e, &c.Warnings)
		file, err := fs.str("edges_file", "", true)
		if err != nil {
			return err
		}
		if t := fs.field("edge_types_file"); t != nil && t.kind != jNull {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s: %s.edge_types_file: edge type CSV files are not read", c.Path, key))
		}
		ef := EdgesFile{File: file}
		pops, err := fs.object("populations", false)
		if err != nil {
			return err
		}
		if pops != nil {
			ef.Populations = []EdgePopulationConfig{}
			for j, name := range pops.n.keys {
				pv := pops.n.vals[j]
				ps := newSection(c.Path, pops.path+"."+name, pv, &c.Warnings)
				if pv.kind != jObject {
					return &Error{File: c.Path, Key: ps.path, Err: fmt.Errorf("want an object, got %s", pv.describe())}
				}
				p := EdgePopulationConfig{Name: name, File: file}
				t, err := ps.str("type", Chemical, false)
				if err != nil {
					return err
				}
				p.Type = t
				known := false
				for _, k := range edgeTypes {
					known = known || k == t
				}
				if !known {
					// neurodamus skips edge populations of unknown types.
					c.Warnings = append(c.Warnings, fmt.Sprintf("%s: %s.type: unknown edge type %q: population skipped, as neurodamus skips it", c.Path, ps.path, t))
				}
				ps.ignore("spatial_synapse_index_dir", "endfeet_meshes_file", "provenance")
				ps.unknown()
				if known {
					ef.Populations = append(ef.Populations, p)
				}
			}
		}
		fs.unknown()
		c.Edges = append(c.Edges, ef)
	}
	return nil
}

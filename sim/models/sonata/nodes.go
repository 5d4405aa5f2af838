package sonata

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/golgi-sim/golgi/sim/store"
)

// NodePopulation is a node population of a nodes.h5 file (SPEC 1.4):
// /nodes/<name>/node_type_id gives its size; its attributes are the
// datasets of group 0, read when first asked for and kept. It implements
// NodeTable.
type NodePopulation struct {
	NodePopulationConfig
	size int
	r    *store.H5Reader

	mu    sync.Mutex
	attrs map[string]bool   // names in group 0 (and dynamics_params/...)
	enums map[string]bool   // attributes with an @library
	cols  map[string]Column // read so far
}

// openNodePopulation reads the population's size and attribute names.
func openNodePopulation(cfg NodePopulationConfig, r *store.H5Reader) (*NodePopulation, error) {
	p := &NodePopulation{NodePopulationConfig: cfg, r: r, cols: map[string]Column{}}
	base := "nodes/" + cfg.Name
	k, err := r.Kind(base)
	if err != nil {
		return nil, err
	}
	if k != store.H5Group {
		return nil, fmt.Errorf("%s: no node population %q (no group /%s)", r.Path(), cfg.Name, base)
	}
	sh, err := r.Shape(base + "/node_type_id")
	if err != nil {
		return nil, p.dsErr("node_type_id", err)
	}
	if len(sh.Dims) != 1 || sh.Class != store.H5Int {
		return nil, p.dsErr("node_type_id", fmt.Errorf("%s of shape %v, want one-dimensional integers", sh.DType, sh.Dims))
	}
	p.size = sh.Dims[0]
	if err := p.checkGroups(); err != nil {
		return nil, err
	}
	p.attrs, p.enums = map[string]bool{}, map[string]bool{}
	if k, err := r.Kind(base + "/0"); err != nil {
		return nil, err
	} else if k == store.H5Group {
		names, err := r.Members(base + "/0")
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			switch n {
			case "@library":
				libs, err := r.Members(base + "/0/@library")
				if err != nil {
					return nil, err
				}
				for _, l := range libs {
					p.enums[l] = true
				}
			case "dynamics_params":
				dp, err := r.Members(base + "/0/dynamics_params")
				if err != nil {
					return nil, err
				}
				for _, d := range dp {
					p.attrs["dynamics_params/"+d] = true
				}
			default:
				p.attrs[n] = true
			}
		}
	}
	return p, nil
}

// dsErr names the file, population and dataset of a dataset's error.
func (p *NodePopulation) dsErr(ds string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: node population %q: no dataset %s", p.r.Path(), p.Name(), ds)
	}
	return fmt.Errorf("node population %q: %s: %w", p.Name(), ds, err)
}

// checkGroups accepts a population without node_group_id and
// node_group_index (one group, 0, indexed by node id), or with them
// saying exactly that; Golgi reads group 0 only, as libsonata does.
func (p *NodePopulation) checkGroups() error {
	base := "nodes/" + p.Name() + "/"
	kid, err := p.r.Kind(base + "node_group_id")
	if err != nil {
		return err
	}
	kix, err := p.r.Kind(base + "node_group_index")
	if err != nil {
		return err
	}
	if kid == store.H5Absent && kix == store.H5Absent {
		return nil
	}
	gid, err := p.r.ReadInt64(base+"node_group_id", 0, -1)
	if err != nil {
		return p.dsErr("node_group_id", err)
	}
	gix, err := p.r.ReadInt64(base+"node_group_index", 0, -1)
	if err != nil {
		return p.dsErr("node_group_index", err)
	}
	if len(gid) != p.size || len(gix) != p.size {
		return fmt.Errorf("%s: node population %q: node_group_id (%d) and node_group_index (%d) differ in length from node_type_id (%d)", p.r.Path(), p.Name(), len(gid), len(gix), p.size)
	}
	for i := range gid {
		if gid[i] != 0 || gix[i] != int64(i) {
			return fmt.Errorf("%s: node population %q: node %d is in group %d at index %d: only one group (0, indexed by node id) is supported", p.r.Path(), p.Name(), i, gid[i], gix[i])
		}
	}
	return nil
}

// Name is the population's name.
func (p *NodePopulation) Name() string { return p.NodePopulationConfig.Name }

// Size is the number of nodes.
func (p *NodePopulation) Size() int { return p.size }

// File is the nodes.h5 file.
func (p *NodePopulation) File() string { return p.r.Path() }

// Attributes returns the names of the population's attributes, sorted;
// dynamics parameters are named "dynamics_params/<name>".
func (p *NodePopulation) Attributes() []string {
	var out []string
	for a := range p.attrs {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Has reports whether the population has attribute attr.
func (p *NodePopulation) Has(attr string) bool { return p.attrs[attr] }

// Column reads attribute attr of every node: strings for string
// datasets and @library enumerations, numbers for numeric datasets
// (NodeTable).
func (p *NodePopulation) Column(attr string) (Column, bool, error) {
	if !p.attrs[attr] {
		return Column{}, false, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.cols[attr]; ok {
		return c, true, nil
	}
	ds := "nodes/" + p.Name() + "/0/" + attr
	sh, err := p.r.Shape(ds)
	if err != nil {
		return Column{}, true, p.dsErr("0/"+attr, err)
	}
	if len(sh.Dims) != 1 || sh.Dims[0] != p.size {
		return Column{}, true, p.dsErr("0/"+attr, fmt.Errorf("shape %v, want [%d] (one value per node)", sh.Dims, p.size))
	}
	var c Column
	switch {
	case p.enums[attr]:
		if sh.Class != store.H5Int {
			return Column{}, true, p.dsErr("0/"+attr, fmt.Errorf("holds %s, want integer indices into @library/%s", sh.DType, attr))
		}
		idx, err := p.r.ReadInt64(ds, 0, -1)
		if err != nil {
			return Column{}, true, p.dsErr("0/"+attr, err)
		}
		lib, err := p.r.ReadStrings("nodes/"+p.Name()+"/0/@library/"+attr, 0, -1)
		if err != nil {
			return Column{}, true, p.dsErr("0/@library/"+attr, err)
		}
		c.Strings = make([]string, len(idx))
		for i, k := range idx {
			if k < 0 || k >= int64(len(lib)) {
				return Column{}, true, p.dsErr("0/"+attr, fmt.Errorf("node %d holds index %d, outside @library/%s's %d values", i, k, attr, len(lib)))
			}
			c.Strings[i] = lib[k]
		}
	case sh.Class == store.H5String:
		if c.Strings, err = p.r.ReadStrings(ds, 0, -1); err != nil {
			return Column{}, true, p.dsErr("0/"+attr, err)
		}
	case sh.Class == store.H5Int || sh.Class == store.H5Float:
		if c.Numbers, err = p.r.ReadFloat64(ds, 0, -1); err != nil {
			return Column{}, true, p.dsErr("0/"+attr, err)
		}
	default:
		return Column{}, true, p.dsErr("0/"+attr, fmt.Errorf("holds %s, want numbers or strings", sh.DType))
	}
	p.cols[attr] = c
	return c, true, nil
}

// Strings returns a string attribute (or @library enumeration) of every
// node; a missing or numeric attribute is an error.
func (p *NodePopulation) Strings(attr string) ([]string, error) {
	c, ok, err := p.Column(attr)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s: node population %q: no attribute %q", p.File(), p.Name(), attr)
	}
	if c.Strings == nil {
		return nil, fmt.Errorf("%s: node population %q: attribute %q holds numbers, want strings", p.File(), p.Name(), attr)
	}
	return c.Strings, nil
}

// Numbers returns a numeric attribute of every node as float64 ("x",
// "dynamics_params/holding_current", ...); a missing or string
// attribute is an error.
func (p *NodePopulation) Numbers(attr string) ([]float64, error) {
	c, ok, err := p.Column(attr)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s: node population %q: no attribute %q", p.File(), p.Name(), attr)
	}
	if c.Numbers == nil {
		return nil, fmt.Errorf("%s: node population %q: attribute %q holds strings, want numbers", p.File(), p.Name(), attr)
	}
	return c.Numbers, nil
}

// ModelTemplates returns each node's emodel template name, with the
// "hoc:" prefix stripped, as neurodamus strips it.
func (p *NodePopulation) ModelTemplates() ([]string, error) {
	s, err := p.Strings("model_template")
	if err != nil {
		return nil, err
	}
	out := make([]string, len(s))
	for i, t := range s {
		out[i] = strings.TrimPrefix(t, "hoc:")
	}
	return out, nil
}

// Virtual reports whether the population is virtual: inputs only, no
// cells (SPEC 2.5).
func (p *NodePopulation) Virtual() bool { return p.Type == Virtual }

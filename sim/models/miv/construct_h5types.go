package miv

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/store"
)

// H5Types returns the /H5Types table of the network's NeuroH5 files
// (SPEC 2.1, 2.8), as MiV's h5_types (create_neural_h5) builds it: the
// populations of Definitions sorted by id with their gid ranges
// (PopulationRanges), and a valid projection for every (pre, post) pair
// of the Connection Generator's Synapses (ValidProjections). MiV takes
// the gap-junction pairs instead when a configuration has gap
// junctions; Golgi always takes the synapses' pairs, which the
// connections file needs.
func (c *Config) H5Types() (store.NeuroH5Types, error) {
	var t store.NeuroH5Types
	for _, r := range c.PopulationRanges() {
		if r.ID < 0 || r.ID > math.MaxUint16 {
			return t, fmt.Errorf("miv %s: population %s: id %d is not a uint16", c.Path, r.Name, r.ID)
		}
		if r.Count > math.MaxUint32 {
			return t, fmt.Errorf("miv %s: population %s: %d cells: more than NeuroH5 counts", c.Path, r.Name, r.Count)
		}
		t.Populations = append(t.Populations, store.NeuroH5Population{
			Name: r.Name, ID: uint16(r.ID), Start: uint64(r.Start), Count: uint32(r.Count),
		})
	}
	for _, p := range c.ValidProjections() {
		t.Projections = append(t.Projections, store.NeuroH5Projection{Source: p.Pre, Destination: p.Post})
	}
	return t, nil
}

// WriteH5Types writes a new NeuroH5 file at path holding the
// configuration's /H5Types (and nothing else: it starts a network's
// construction file, replacing any file of that name). The file appears
// whole under its name or not at all.
func (c *Config) WriteH5Types(path string, opt *store.Options) error {
	t, err := c.H5Types()
	if err != nil {
		return err
	}
	return store.WriteNeuroH5Types(path, t, opt)
}

// checkH5Types reads /H5Types of the NeuroH5 file at path and checks
// that it is the configuration's: the stages after h5_types add to a
// file of this network only.
func (c *Config) checkH5Types(path string) (store.NeuroH5Types, error) {
	want, err := c.H5Types()
	if err != nil {
		return want, err
	}
	got, err := store.ReadNeuroH5Types(path)
	if err != nil {
		return want, fmt.Errorf("%w (golgi miv h5types %s -o %s writes it)", err, c.Path, path)
	}
	desc := func(p store.NeuroH5Population, ok bool) string {
		if !ok {
			return "absent"
		}
		return fmt.Sprintf("id %d, gids [%d, %d)", p.ID, p.Start, p.Start+uint64(p.Count))
	}
	for _, w := range want.Populations {
		g, ok := got.Population(w.Name)
		if !ok || g != w {
			return want, fmt.Errorf("miv: %s: /H5Types population %s is %s, but %s gives %s: the file is another network's (golgi miv h5types writes this one's)",
				path, w.Name, desc(g, ok), c.Path, desc(w, true))
		}
	}
	if len(got.Populations) != len(want.Populations) {
		return want, fmt.Errorf("miv: %s: /H5Types has %d populations, %s defines %d: the file is another network's", path, len(got.Populations), c.Path, len(want.Populations))
	}
	return want, nil
}

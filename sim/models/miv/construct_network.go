package miv

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/golgi-sim/golgi/sim/store"
)

// NeuroH5 gathers the construction as MiV's neuroh5_graph step leaves it
// (SPEC 2.7): cells.h5 (H5Types; Generated Coordinates and Arc
// Distances of every population; Trees and Synapse Attributes of the
// biophysical ones, for con.Gids) and connections.h5 (H5Types and
// /Projections/<D>/<S>).
func (con *Construction) NeuroH5(c *Config) (cells, connections store.NeuroH5File, err error) {
	types, err := c.H5Types()
	if err != nil {
		return cells, connections, err
	}
	cells.Types, connections.Types = types, types
	cells.Namespaces = append(CoordinateNamespaces(con.Placed), con.Origin.ArcNamespaces(con.Arcs)...)
	for _, p := range types.Populations {
		gids, ok := con.Gids[p.Name]
		if !ok || len(gids) == 0 {
			continue
		}
		forest := make([]*Tree, len(gids)) // neurotrees_copy --fill
		for k := range forest {
			forest[k] = con.Trees[p.Name]
		}
		tr, err := TreesNeuroH5(p.Name, p.Start, gids, forest)
		if err != nil {
			return cells, connections, err
		}
		cells.Trees = append(cells.Trees, tr)
		ns, err := SynapsesNeuroH5(p.Name, p.Start, gids, con.Synapses[p.Name])
		if err != nil {
			return cells, connections, err
		}
		cells.Namespaces = append(cells.Namespaces, ns)
		if _, ok := c.ConnectionGenerator.Synapses.Get(p.Name); !ok {
			continue
		}
		conns := make([]*Connections, len(gids))
		for k, gid := range gids {
			conns[k] = &Connections{Gid: gid, Edges: con.Edges[gid]}
		}
		prj, err := ProjectionsNeuroH5(types, p.Name, conns)
		if err != nil {
			return cells, connections, err
		}
		connections.Projections = append(connections.Projections, prj...)
	}
	return cells, connections, nil
}

// Write writes the construction's cells.h5 and connections.h5
// (NeuroH5), and the gap junctions, when the construction has them, as
// GapJunctionsFile beside connections.h5: the files are written whole
// under temporary names in their directories, then renamed into place,
// so that a failure leaves the files of those names as they were (an
// interrupt between the renames leaves cells.h5 new and connections.h5
// old).
func (con *Construction) Write(c *Config, cellsPath, connectionsPath string, opt *store.Options) error {
	if filepath.Clean(cellsPath) == filepath.Clean(connectionsPath) {
		return fmt.Errorf("miv construct: cells and connections would both be %s", cellsPath)
	}
	cells, conns, err := con.NeuroH5(c)
	if err != nil {
		return err
	}
	partial := func(path string) string {
		return filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.partial-%d", filepath.Base(path), os.Getpid()))
	}
	tc, tn := partial(cellsPath), partial(connectionsPath)
	defer os.Remove(tc)
	defer os.Remove(tn)
	if err := store.WriteNeuroH5File(tc, &cells, opt); err != nil {
		return fmt.Errorf("miv construct: %s: %w", cellsPath, err)
	}
	if err := store.WriteNeuroH5File(tn, &conns, opt); err != nil {
		return fmt.Errorf("miv construct: %s: %w", connectionsPath, err)
	}
	var tg string
	if con.GapJunctions != nil || c.ConnectionGenerator.GapJunctions != nil {
		// configured gap junctions are written even when none was drawn,
		// so that ReadConstruction finds the (empty) graph
		tg = partial(GapJunctionsPath(connectionsPath))
		defer os.Remove(tg)
		if err := c.WriteGapJunctions(tg, con.GapJunctions, opt); err != nil {
			return fmt.Errorf("miv construct: %s: %w", GapJunctionsPath(connectionsPath), err)
		}
	}
	if err := os.Rename(tc, cellsPath); err != nil {
		return fmt.Errorf("miv construct: %w", err)
	}
	if err := os.Rename(tn, connectionsPath); err != nil {
		return fmt.Errorf("miv construct: %w", err)
	}
	if tg != "" {
		if err := os.Rename(tg, GapJunctionsPath(connectionsPath)); err != nil {
			return fmt.Errorf("miv construct: %w", err)
		}
	}
	return nil
}

// ReadConstruction reads a construction from MiV's cells.h5 and
// connections.h5 (written by Construction.Write or by MiV's pipeline):
// the somata and arc distances of every population, and the trees,
// synapse attributes and edges of every biophysical population, and
// the gap junctions of GapJunctionsFile beside connections.h5 when the
// configuration has Gap Junctions and the file is there. Its /H5Types
// must be the configuration's. A network is made of one tree
// per population (MiV's neurotrees_copy --fill): a population whose
// cells have different trees is an error, as are gids with trees but no
// synapse attributes.
func (c *Config) ReadConstruction(cellsPath, connectionsPath string) (*Construction, error) {
	placed, err := c.ReadSomata(cellsPath)
	if err != nil {
		return nil, err
	}
	origin, err := c.ArcOrigin()
	if err != nil {
		return nil, err
	}
	types, err := c.checkH5Types(cellsPath)
	if err != nil {
		return nil, err
	}
	if _, err := c.checkH5Types(connectionsPath); err != nil {
		return nil, err
	}
	con := &Construction{Trees: map[string]*Tree{}, Synapses: map[string][]*SynapseAttributes{},
		Edges: map[int][]*Edges{}, Placed: placed, Origin: origin, Gids: map[string][]int{}}
	for _, p := range types.Populations {
		a := ArcDistances{Population: p.Name, Start: p.Start}
		if p.Count > 0 {
			uv, err := readPerCell(cellsPath, p, NamespaceArcDistances, []string{"U Distance", "V Distance"})
			if err != nil {
				return nil, err
			}
			a.UUm, a.VUm = uv[0], uv[1]
		}
		con.Arcs = append(con.Arcs, a)
	}
	con.Somata = SomataOf(placed, con.Arcs)
	for _, p := range types.Populations {
		if p.Count == 0 || c.isArtificial(p.Name) {
			continue
		}
		trees, err := ReadTrees(cellsPath, p.Name)
		if err != nil {
			return nil, err
		}
		syns, err := ReadSynapseAttributes(cellsPath, p.Name)
		if err != nil {
			return nil, err
		}
		gids := make([]int, 0, len(trees))
		for gid := range trees {
			gids = append(gids, gid)
		}
		slices.Sort(gids)
		for k, gid := range gids {
			if gid != int(p.Start)+k {
				return nil, fmt.Errorf("miv: %s: population %s: trees of gids %d.., not from its first gid %d on", cellsPath, p.Name, gid, p.Start)
			}
			if k > 0 && !trees[gid].Equal(trees[gids[0]]) {
				return nil, fmt.Errorf("miv: %s: population %s: gid %d's tree differs from gid %d's: Golgi's network makes a population from one tree (neurotrees_copy --fill)", cellsPath, p.Name, gid, gids[0])
			}
			s, ok := syns[gid]
			if !ok {
				return nil, fmt.Errorf("miv: %s: population %s: gid %d has a tree but no Synapse Attributes", cellsPath, p.Name, gid)
			}
			con.Synapses[p.Name] = append(con.Synapses[p.Name], s)
		}
		if len(gids) > 0 {
			con.Trees[p.Name] = trees[gids[0]]
		}
		con.Gids[p.Name] = gids
		if _, ok := c.ConnectionGenerator.Synapses.Get(p.Name); !ok {
			continue
		}
		conns, err := ReadConnections(connectionsPath, p.Name)
		if err != nil {
			return nil, err
		}
		for _, cn := range conns {
			con.Edges[cn.Gid] = cn.Edges
		}
	}
	if con.GapJunctions, err = c.readGapJunctions(connectionsPath); err != nil {
		return nil, err
	}
	return con, nil
}

// progress returns a function to call once per finished item of n; it
// writes "label: k/n cells" to w at every tenth and at the end (w nil:
// nothing). Safe for concurrent use.
func progress(w io.Writer, label string, n int) func() {
	if w == nil || n == 0 {
		return func() {}
	}
	var mu sync.Mutex
	done, next := 0, 1
	return func() {
		mu.Lock()
		defer mu.Unlock()
		done++
		if done*10 >= next*n || done == n {
			fmt.Fprintf(w, "%s: %d/%d cells\n", label, done, n)
			for next*n <= done*10 {
				next++
			}
		}
	}
}

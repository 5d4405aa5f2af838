package miv

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/golgi-sim/golgi/sim/store"
)

// NetworkOptions are the parameters of BuildNetwork.
type NetworkOptions struct {
	// Place are the soma-placement options (seed, threads).
	Place PlaceOptions
	// Threads is the number of goroutines distributing synapses and
	// generating connections (<= 0: GOMAXPROCS). The result does not
	// depend on it.
	Threads int
	// First, when > 0, limits trees, synapses and connections to the
	// first First gids of each population (a partial network for a
	// quick look or a test); the somata are always all placed.
	First int
	// SWCDir holds <population>.swc, TemplateDir the HOC templates
	// (MiV-Simulator-Cases: datasets and templates next to config).
	SWCDir, TemplateDir string
	// Progress, when not nil, receives a line per stage and progress of
	// the per-gid stages.
	Progress io.Writer
}

// Network is a constructed network as MiV's pipeline leaves it after
// neuroh5_graph (SPEC 2.7): the content of cells.h5 and connections.h5.
type Network struct {
	Cells       store.NeuroH5File
	Connections store.NeuroH5File
	// Somata, Origin: stages 2 and 3.
	Somata []PopulationSomata
	Origin ArcOrigin
	// Synapses and Edges per population with multicompartment cells:
	// the gids built and, element for element, their synapses and
	// connections.
	Gids     map[string][]int
	Synapses map[string][]*SynapseAttributes
	Conns    map[string][]*Connections
}

// multicompartment reports whether population pop has a template cell
// (not a VecStim spike source): such populations get trees, synapses
// and connections.
func (c *Config) multicompartment(pop string) bool {
	ct, ok := c.CellTypes.Get(pop)
	return ok && ct.Template != "" && ct.Template != "VecStim"
}

// BuildNetwork runs construction stages 1-7 of SPEC 2 in memory: H5Types,
// soma placement, arc distances, the forest (each multicompartment
// population's SWC tree copied to every gid), synapse distribution and
// connection generation, then gathers cells.h5 (H5Types, Generated
// Coordinates and Arc Distances of every population, Trees and Synapse
// Attributes of the multicompartment ones) and connections.h5 (H5Types
// and /Projections/<D>/<S>). Every per-gid result depends on its gid
// and the seeds only, not on the threads.
func (c *Config) BuildNetwork(opt NetworkOptions) (*Network, error) {
	say := func(format string, args ...any) {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, format+"\n", args...)
		}
	}
	types, err := c.H5Types()
	if err != nil {
		return nil, err
	}
	say("miv network: placing somata (seed %d)", opt.Place.Seed)
	somata, err := c.PlaceSomata(opt.Place)
	if err != nil {
		return nil, err
	}
	origin, err := c.ArcOrigin()
	if err != nil {
		return nil, err
	}
	dists := origin.ArcDistances(somata)
	n := &Network{
		Somata: somata, Origin: origin,
		Gids: map[string][]int{}, Synapses: map[string][]*SynapseAttributes{}, Conns: map[string][]*Connections{},
	}
	n.Cells.Types, n.Connections.Types = types, types
	n.Cells.Namespaces = append(CoordinateNamespaces(somata), origin.ArcNamespaces(dists)...)
	all := connectorSomata(somata, dists)

	for _, p := range types.Populations {
		if p.Count == 0 || !c.multicompartment(p.Name) {
			continue
		}
		count := int(p.Count)
		if opt.First > 0 {
			count = min(count, opt.First)
		}
		gids := make([]int, count)
		for k := range gids {
			gids[k] = int(p.Start) + k
		}
		swc := filepath.Join(opt.SWCDir, p.Name+".swc")
		say("miv network: %s: forest of %d cells from %s", p.Name, count, swc)
		tree, err := ReadSWCFile(swc)
		if err != nil {
			return nil, err
		}
		forest := make([]*Tree, count) // neurotrees_copy --fill: one tree for every gid
		for k := range forest {
			forest[k] = tree
		}
		tr, err := TreesNeuroH5(p.Name, p.Start, gids, forest)
		if err != nil {
			return nil, err
		}
		n.Cells.Trees = append(n.Cells.Trees, tr)

		d, err := c.SynapseDensities(p.Name)
		if err != nil {
			return nil, err
		}
		m, err := c.PopulationSynapseMorphology(p.Name, swc, opt.TemplateDir, gids[0])
		if err != nil {
			return nil, err
		}
		tick := progress(opt.Progress, fmt.Sprintf("miv network: %s: synapses", p.Name), count)
		syns, err := forEachGid(count, opt.Threads, func(k int) (*SynapseAttributes, error) {
			defer tick()
			return DistributeSynapses(m, d, c.RandomSeeds.SynapseLocations, gids[k])
		})
		if err != nil {
			return nil, err
		}
		ns, err := SynapsesNeuroH5(p.Name, p.Start, gids, syns)
		if err != nil {
			return nil, err
		}
		n.Cells.Namespaces = append(n.Cells.Namespaces, ns)
		n.Gids[p.Name], n.Synapses[p.Name] = gids, syns
	}

	for _, p := range types.Populations {
		gids, ok := n.Gids[p.Name]
		if !ok {
			continue
		}
		if _, ok := c.ConnectionGenerator.Synapses.Get(p.Name); !ok {
			continue
		}
		g, err := c.NewConnector(p.Name, all)
		if err != nil {
			return nil, err
		}
		syns := n.Synapses[p.Name]
		tick := progress(opt.Progress, fmt.Sprintf("miv network: %s: connections", p.Name), len(gids))
		conns, err := forEachGid(len(gids), opt.Threads, func(k int) (*Connections, error) {
			defer tick()
			return g.Generate(gids[k], syns[k])
		})
		if err != nil {
			return nil, err
		}
		prj, err := ProjectionsNeuroH5(types, p.Name, conns)
		if err != nil {
			return nil, err
		}
		n.Connections.Projections = append(n.Connections.Projections, prj...)
		n.Conns[p.Name] = conns
	}
	return n, nil
}

// Write writes the network's cells.h5 and connections.h5: both files
// are written whole under temporary names in their directories, then
// renamed into place, so that a failure leaves the files of those names
// as they were (an interrupt between the two renames, cells.h5 new and
// connections.h5 old).
func (n *Network) Write(cellsPath, connectionsPath string, opt *store.Options) error {
	if filepath.Clean(cellsPath) == filepath.Clean(connectionsPath) {
		return fmt.Errorf("miv network: cells and connections would both be %s", cellsPath)
	}
	partial := func(path string) string {
		return filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.partial-%d", filepath.Base(path), os.Getpid()))
	}
	tc, tn := partial(cellsPath), partial(connectionsPath)
	defer os.Remove(tc)
	defer os.Remove(tn)
	if err := store.WriteNeuroH5File(tc, &n.Cells, opt); err != nil {
		return fmt.Errorf("miv network: %s: %w", cellsPath, err)
	}
	if err := store.WriteNeuroH5File(tn, &n.Connections, opt); err != nil {
		return fmt.Errorf("miv network: %s: %w", connectionsPath, err)
	}
	if err := os.Rename(tc, cellsPath); err != nil {
		return fmt.Errorf("miv network: %w", err)
	}
	if err := os.Rename(tn, connectionsPath); err != nil {
		return fmt.Errorf("miv network: %w", err)
	}
	return nil
}

// connectorSomata gives the Connector the somata and arc distances of
// every population.
func connectorSomata(somata []PopulationSomata, dists []ArcDistances) map[string]*Somata {
	out := map[string]*Somata{}
	for i, ps := range somata {
		n := len(ps.Somata)
		s := &Somata{Start: int(ps.Start), U: make([]float64, n), V: make([]float64, n), L: make([]float64, n),
			DistUUm: make([]float64, n), DistVUm: make([]float64, n)}
		for k, x := range ps.Somata {
			s.U[k], s.V[k], s.L[k] = float64(x.U), float64(x.V), float64(x.L)
			s.DistUUm[k], s.DistVUm[k] = float64(dists[i].UUm[k]), float64(dists[i].VUm[k])
		}
		s.X, s.Y, s.Z = s.U, s.V, s.L
		out[ps.Population] = s
	}
	return out
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

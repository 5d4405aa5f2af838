package sonata

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"

	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/netcon"
)

// Ways of assigning the simulated cells to ranks (Distribute).
const (
	// BalanceCost assigns cells by estimated cost, largest first, each to
	// the rank with the least cost so far (ties: the lower rank); cells
	// of equal cost in gid order.
	BalanceCost = "cost"
	// BalanceRoundRobin is neurodamus's round robin: per population, the
	// k-th cell in gid order goes to rank k mod ranks.
	BalanceRoundRobin = "round-robin"
)

// Comm is what a distributed SONATA run needs of a communicator: the
// spike exchange's (netcon.Comm) and the gathering of reports to rank 0.
// sim/mpi's World and Local have these methods.
type Comm interface {
	netcon.Comm
	// GathervFloat64 gathers counts[r] values from each rank r into
	// root's recv at displs[r].
	GathervFloat64(send, recv []float64, counts, displs []int, root int) error
}

// CellLoad is the estimated load of a simulated cell, read from its
// morphology, its template and the edge index, without building it.
type CellLoad struct {
	Population string
	Node, Gid  uint64
	// Compartments are the cell's segments as BluePyOpt's templates make
	// them (geom_nseg_fixed: 1 + 2 int(L/40) per section; the axon
	// replaced by two sections of one segment).
	Compartments int
	// Mechanisms are the density-mechanism instances: per compartment,
	// the mechanisms the template inserts into its section list.
	Mechanisms int
	// Synapses are the afferent chemical edges, GapJunctions the
	// electrical ones.
	Synapses, GapJunctions int
}

// Cost is the estimated work of a step of the cell: one unit per
// compartment (its row of the cable solve) and per mechanism instance or
// synapse (each a state update and a current of about the same work).
func (l CellLoad) Cost() float64 {
	return float64(l.Compartments + l.Mechanisms + l.Synapses + l.GapJunctions)
}

// Memory estimate (bytes): per compartment (the node arrays, ions,
// section tables, morphology points), per mechanism instance (its state
// and parameters), per synapse (its state, NetCon, weight vector,
// Random123 stream and bookkeeping) and per cell. Fitted (2026-12-07,
// after the build data are released: Cell.Release,
// morph.Cell.ReleaseBuildData) to the Go heap that building usecase3,
// v5_sonata mini, v5_gapjunctions and the scale circuits of 100 and 1000
// v5 cells with 100 synapses each took: 4.7, 5.9, 6.6, 61 and 584 MB,
// estimated -15 %, -16 %, 0 %, +10 % and +15 %. A synapse's 1 kB is about
// half neurodamus's 1.9 kB.
const (
	memPerCompartment = 1600
	memPerMechanism   = 400
	memPerSynapse     = 1000
	memPerCell        = 20 << 10
)

// MemoryBytes is the estimated memory of the built cell.
func (l CellLoad) MemoryBytes() float64 {
	return float64(l.Compartments*memPerCompartment+l.Mechanisms*memPerMechanism+
		(l.Synapses+l.GapJunctions)*memPerSynapse) + memPerCell
}

// Distribution assigns every simulated cell to one rank.
type Distribution struct {
	Ranks  int
	Method string
	// Cells are the simulated cells in the order of Simulation.Cells,
	// Rank the rank of each.
	Cells []CellLoad
	Rank  []int
	// Units are the groups of cells that share a rank (indices into
	// Cells): cells coupled by gap junctions, directly or not.
	Units [][]int
}

// Local returns the indices into Cells of rank r's cells, in order.
func (d *Distribution) Local(r int) []int {
	var out []int
	for i, rk := range d.Rank {
		if rk == r {
			out = append(out, i)
		}
	}
	return out
}

// Distribute assigns the simulation's cells to ranks (BalanceCost or
// BalanceRoundRobin; "" is BalanceCost), keeping the cells coupled by
// gap junctions on one rank: such a group is assigned as one unit (its
// cost the sum, its place in gid order its smallest gid). The result
// depends only on the circuit and the number of ranks. With comm (of
// ranks ranks) every rank estimates the loads of its share of the cells
// and the ranks exchange them; without, this process estimates all.
func Distribute(s *Simulation, ranks int, method string, comm netcon.Comm) (*Distribution, error) {
	if ranks < 1 {
		ranks = 1
	}
	if method == "" {
		method = BalanceCost
	}
	if method != BalanceCost && method != BalanceRoundRobin {
		return nil, fmt.Errorf("sonata: load balance %q, want %s or %s", method, BalanceCost, BalanceRoundRobin)
	}
	cells, err := s.Cells()
	if err != nil {
		return nil, err
	}
	gm, err := s.GidMap()
	if err != nil {
		return nil, err
	}
	d := &Distribution{Ranks: ranks, Method: method}
	for _, sel := range cells.Selections {
		for _, id := range sel.NodeIDs {
			gid, err := gm.Gid(sel.Population, id)
			if err != nil {
				return nil, err
			}
			d.Cells = append(d.Cells, CellLoad{Population: sel.Population, Node: id, Gid: gid})
		}
	}
	if err := estimateLoads(s, d.Cells, comm); err != nil {
		return nil, err
	}
	if d.Units, err = gapUnits(s, gm, d.Cells); err != nil {
		return nil, err
	}
	d.Rank = make([]int, len(d.Cells))
	minGid := func(u []int) uint64 {
		m := d.Cells[u[0]].Gid
		for _, i := range u[1:] {
			m = min(m, d.Cells[i].Gid)
		}
		return m
	}
	units := slices.Clone(d.Units)
	if method == BalanceRoundRobin {
		// Per population (of the unit's first cell), in gid order.
		sort.SliceStable(units, func(a, b int) bool { return minGid(units[a]) < minGid(units[b]) })
		next := map[string]int{}
		for _, u := range units {
			pop := d.Cells[u[0]].Population
			for _, i := range u {
				d.Rank[i] = next[pop] % ranks
			}
			next[pop]++
		}
		return d, nil
	}
	cost := func(u []int) float64 {
		c := 0.
		for _, i := range u {
			c += d.Cells[i].Cost()
		}
		return c
	}
	slices.SortStableFunc(units, func(a, b []int) int {
		if c := cmp.Compare(cost(b), cost(a)); c != 0 {
			return c
		}
		return cmp.Compare(minGid(a), minGid(b))
	})
	load := make([]float64, ranks)
	for _, u := range units {
		best := 0
		for r := 1; r < ranks; r++ {
			if load[r] < load[best] {
				best = r
			}
		}
		load[best] += cost(u)
		for _, i := range u {
			d.Rank[i] = best
		}
	}
	return d, nil
}

// estimateLoads fills the loads of cells: all here, or with comm this
// rank's share (cell i on rank i mod size), exchanged.
func estimateLoads(s *Simulation, cells []CellLoad, comm netcon.Comm) error {
	rank, size := 0, 1
	if comm != nil {
		rank, size = comm.Rank(), comm.Size()
	}
	est := newLoadEstimator()
	const fields = 5
	var mine []float64
	for i := rank; i < len(cells); i += size {
		if err := est.estimate(s, &cells[i]); err != nil {
			return err
		}
		c := cells[i]
		mine = append(mine, float64(i), float64(c.Compartments), float64(c.Mechanisms), float64(c.Synapses), float64(c.GapJunctions))
	}
	if size == 1 {
		return nil
	}
	counts, displs := make([]int, size), make([]int, size)
	total := 0
	for r := range size {
		n := 0
		if len(cells) > r {
			n = (len(cells) - r + size - 1) / size
		}
		counts[r], displs[r] = fields*n, total
		total += fields * n
	}
	all := make([]float64, total)
	if err := comm.AllgathervFloat64(mine, all, counts, displs); err != nil {
		return fmt.Errorf("sonata: exchanging cell loads: %w", err)
	}
	for k := 0; k < total; k += fields {
		c := &cells[int(all[k])]
		c.Compartments, c.Mechanisms, c.Synapses, c.GapJunctions = int(all[k+1]), int(all[k+2]), int(all[k+3]), int(all[k+4])
	}
	return nil
}

// loadEstimator caches what several cells share: morphologies and the
// templates' mechanisms per section list.
type loadEstimator struct {
	morphs    map[string][]sectionLoad
	templates map[string]map[string]int
}

// sectionLoad is a section's type and segments (geom_nseg_fixed).
type sectionLoad struct {
	typ  morph.Type
	nseg int
}

func newLoadEstimator() *loadEstimator {
	return &loadEstimator{morphs: map[string][]sectionLoad{}, templates: map[string]map[string]int{}}
}

// forsecRe finds a template's `forsec this.LIST { ... }` blocks (no
// nested braces, as BluePyOpt writes distribute and insert blocks).
var forsecRe = regexp.MustCompile(`forsec\s+(?:this\.)?([A-Za-z_]\w*)\s*\{([^{}]*)\}`)

// templateMechanisms returns the density mechanisms a template inserts
// per section type: the union of those of "all" and of the type's list.
func (e *loadEstimator) templateMechanisms(file string) (map[string]int, error) {
	if m, ok := e.templates[file]; ok {
		return m, nil
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("sonata: emodel template: %w", err)
	}
	lists := map[string]map[string]bool{}
	for _, b := range forsecRe.FindAllStringSubmatch(string(src), -1) {
		for _, m := range insertRe.FindAllStringSubmatch(b[2], -1) {
			if lists[b[1]] == nil {
				lists[b[1]] = map[string]bool{}
			}
			lists[b[1]][m[1]] = true
		}
	}
	out := map[string]int{}
	for _, l := range []string{"somatic", "axonal", "basal", "apical"} {
		u := map[string]bool{}
		for m := range lists["all"] {
			u[m] = true
		}
		for m := range lists[l] {
			u[m] = true
		}
		out[l] = len(u)
	}
	e.templates[file] = out
	return out, nil
}

// sectionLoads returns a morphology's sections with their segments.
func (e *loadEstimator) sectionLoads(path string) ([]sectionLoad, error) {
	if s, ok := e.morphs[path]; ok {
		return s, nil
	}
	m, err := readMorphology(path)
	if err != nil {
		return nil, fmt.Errorf("sonata: %w", err)
	}
	var out []sectionLoad
	axon := false
	for i, s := range m.Sections {
		if s.Type == morph.Axon {
			axon = true // replaced by the template (replace_axon)
			continue
		}
		out = append(out, sectionLoad{typ: s.Type, nseg: 1 + 2*int(m.Length(i)/40)})
	}
	if axon {
		out = append(out, sectionLoad{morph.Axon, 1}, sectionLoad{morph.Axon, 1})
	}
	e.morphs[path] = out
	return out, nil
}

// estimate fills c's load.
func (e *loadEstimator) estimate(s *Simulation, c *CellLoad) error {
	pop := s.Circuit.Node(c.Population)
	templates, err := pop.ModelTemplates()
	if err != nil {
		return err
	}
	morphs, err := pop.Strings("morphology")
	if err != nil {
		return err
	}
	mechs, err := e.templateMechanisms(filepath.Join(pop.BiophysicalNeuronModelsDir, templates[c.Node]+".hoc"))
	if err != nil {
		return err
	}
	dir, ext := pop.MorphologyDir()
	secs, err := e.sectionLoads(filepath.Join(dir, morphs[c.Node]+ext))
	if err != nil {
		return err
	}
	list := map[morph.Type]string{morph.Soma: "somatic", morph.Axon: "axonal", morph.Basal: "basal", morph.Apical: "apical"}
	for _, sl := range secs {
		c.Compartments += sl.nseg
		c.Mechanisms += sl.nseg * mechs[list[sl.typ]]
	}
	for _, ep := range s.Circuit.Edges() {
		if ep.Target != c.Population || (ep.Type != Chemical && ep.Type != Electrical) {
			continue
		}
		rs, err := ep.Afferent(c.Node)
		if err != nil {
			return err
		}
		if ep.Type == Chemical {
			c.Synapses += rs.Count()
		} else {
			c.GapJunctions += rs.Count()
		}
	}
	return nil
}

// gapUnits groups the cells coupled by gap junctions (electrical edges
// between simulated cells), directly or through others; every other cell
// is a unit of its own. Units are in the order of their first cell.
func gapUnits(s *Simulation, gm *GidMap, cells []CellLoad) ([][]int, error) {
	parent := make([]int, len(cells))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	byGid := make(map[uint64]int, len(cells))
	for i, c := range cells {
		byGid[c.Gid] = i
	}
	for _, ep := range s.Circuit.Edges() {
		if ep.Type != Electrical {
			continue
		}
		for i, c := range cells {
			if ep.Target != c.Population || c.GapJunctions == 0 {
				continue
			}
			rs, err := ep.Afferent(c.Node)
			if err != nil {
				return nil, err
			}
			srcs, err := ep.SourceNodeIDs(rs)
			if err != nil {
				return nil, err
			}
			for _, src := range srcs {
				sgid, err := gm.Gid(ep.Source, src)
				if err != nil {
					continue
				}
				if j, ok := byGid[sgid]; ok {
					a, b := find(i), find(j)
					if a != b {
						parent[max(a, b)] = min(a, b)
					}
				}
			}
		}
	}
	var units [][]int
	at := map[int]int{}
	for i := range cells {
		r := find(i)
		k, ok := at[r]
		if !ok {
			k = len(units)
			at[r] = k
			units = append(units, nil)
		}
		units[k] = append(units[k], i)
	}
	return units, nil
}

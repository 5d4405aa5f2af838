package miv

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Construction is what a network run takes of the construction (SPEC
// 2): the products MiV's runtime reads from its NeuroH5 files, in the
// in-memory types of this package, so that they may come from
// Construct (computed from the configuration) or from a reader of those
// files alike.
type Construction struct {
	// Somata are every population's somata (STIM included), by
	// population name.
	Somata map[string]*Somata
	// Trees are the neurotree of every biophysical population (every
	// cell of a population is made from its one tree, SPEC 2.4).
	Trees map[string]*Tree
	// Synapses are the synapse attributes of every biophysical
	// population: element k is gid Somata[P].Start + k (nil for a gid
	// of another rank's share, ConstructOptions.Ranks).
	Synapses map[string][]*SynapseAttributes
	// Edges are the edges into every biophysical cell, by destination
	// gid: one Edges per projection (Edges.Source names its population;
	// none for a gid of another rank's share).
	Edges map[int][]*Edges
	// GapJunctions are the gap junctions by population pair (SPEC 2.9):
	// nil when the configuration has no Gap Junctions.
	GapJunctions []GapJunctionSet

	// What the construction files hold besides (SPEC 2.7): the somata
	// and arc distances as stored (float32), their origin, and the gids
	// of every biophysical population that have trees, synapses and
	// edges (all of them, or the first ConstructOptions.First).
	Placed []PopulationSomata
	Arcs   []ArcDistances
	Origin ArcOrigin
	Gids   map[string][]int
}

// ConstructOptions are the inputs of Construct besides the
// configuration.
type ConstructOptions struct {
	// MorphologyDir holds <population>.swc of every biophysical
	// population; TemplatesDir the HOC templates (Cell Types.<P>.template
	// + ".hoc", unless the entry names its template file).
	MorphologyDir, TemplatesDir string
	// Workers is the number of goroutines (0: GOMAXPROCS); the result
	// does not depend on it.
	Workers int
	// PlaceSeed, if not nil, is the soma-placement seed instead of
	// Random Seeds.Soma Locations.
	PlaceSeed *int64
	// First, when > 0, limits trees, synapses and edges to the first
	// First gids of each biophysical population (a partial construction
	// for a quick look at the files or a test; a network needs all); the
	// somata are always all placed.
	First int
	// Progress, when not nil, receives a line per stage and the progress
	// of the per-gid stages.
	Progress io.Writer
	// Ranks and Rank, when Ranks > 1, limit the synapses and edges to
	// the cells of rank Rank in a network on Ranks ranks (Distribute's
	// share; the others' are nil): what that rank's BuildNetwork needs.
	// The somata, trees and gap junctions are all computed (Distribute
	// reads them).
	Ranks, Rank int
}

// CaseDirs returns the directories of the SWC files and templates of
// the configuration at path as the MiV-Simulator-Cases lay them out,
// the first that exists of <dir>/../datasets and
// <dir>/../simulation/morphology, and of <dir>/../templates and
// <dir>/../simulation/templates (dir being the configuration's
// directory); "" when none exists.
func CaseDirs(path string) (morphology, templates string) {
	dir := filepath.Dir(path)
	first := func(cands ...string) string {
		for _, c := range cands {
			if fi, err := os.Stat(c); err == nil && fi.IsDir() {
				return c
			}
		}
		return ""
	}
	morphology = first(filepath.Join(dir, "..", "datasets"), filepath.Join(dir, "..", "simulation", "morphology"), filepath.Join(dir, "morphology"))
	templates = first(filepath.Join(dir, "..", "templates"), filepath.Join(dir, "..", "simulation", "templates"), filepath.Join(dir, "templates"))
	return morphology, templates
}

// templateFile is the HOC file of population pop's template.
func (c *Config) templateFile(pop, templatesDir string) (string, error) {
	ct, ok := c.CellTypes.Get(pop)
	if !ok {
		return "", fmt.Errorf("miv: Cell Types.%s: missing (population %s has cells)", pop, pop)
	}
	if ct.TemplateFile != "" {
		f := ct.TemplateFile
		if !filepath.IsAbs(f) {
			f = filepath.Join(filepath.Dir(c.Path), f)
		}
		return f, nil
	}
	if ct.Template == "" {
		return "", fmt.Errorf("miv: Cell Types.%s.template: missing", pop)
	}
	return filepath.Join(templatesDir, ct.Template+".hoc"), nil
}

// isArtificial reports whether population pop is a spike source
// (template VecStim, MiV's artificial cells).
func (c *Config) isArtificial(pop string) bool {
	ct, ok := c.CellTypes.Get(pop)
	return ok && ct.Template == "VecStim"
}

// Construct computes the construction in memory as MiV's stages 1-6
// would write it (SPEC 2): somata by PlaceSomata (seed Random
// Seeds.Soma Locations) with their arc distances, each biophysical
// population's tree from its SWC file (neurotrees_copy --fill: one tree
// for every gid), its synapses by DistributeSynapses and the edges into
// its cells by its Connector, and the gap junctions (GapJunctions) when
// the configuration has them. Every per-gid result depends on its gid
// and the seeds only, not on the workers (nor on Ranks).
func (c *Config) Construct(opt ConstructOptions) (*Construction, error) {
	say := func(format string, args ...any) {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, format+"\n", args...)
		}
	}
	seed := c.RandomSeeds.SomaLocations
	if opt.PlaceSeed != nil {
		seed = *opt.PlaceSeed
	}
	say("miv construct: placing somata (seed %d)", seed)
	placed, err := c.PlaceSomata(PlaceOptions{Seed: seed, Threads: opt.Workers})
	if err != nil {
		return nil, err
	}
	origin, err := c.ArcOrigin()
	if err != nil {
		return nil, err
	}
	arcs := origin.ArcDistances(placed)
	out := &Construction{Somata: SomataOf(placed, arcs), Trees: map[string]*Tree{},
		Synapses: map[string][]*SynapseAttributes{}, Edges: map[int][]*Edges{},
		Placed: placed, Arcs: arcs, Origin: origin, Gids: map[string][]int{}}
	for _, r := range c.builtPopulations(opt) {
		count, swc := r.Count, r.swc
		say("miv construct: %s: forest of %d cells from %s", r.Name, count, swc)
		tr, err := ReadSWCFile(swc)
		if err == nil {
			err = c.CheckTreeLayers(swc, tr)
		}
		if err != nil {
			return nil, fmt.Errorf("population %s: %w", r.Name, err)
		}
		out.Trees[r.Name] = tr
	}
	if c.ConnectionGenerator.GapJunctions != nil {
		say("miv construct: gap junctions (seed %d)", c.RandomSeeds.GapJunctions)
		if out.GapJunctions, err = c.GapJunctions(out.Somata, out.Trees); err != nil {
			return nil, err
		}
	}
	keep := func(int) bool { return true }
	if opt.Ranks > 1 {
		owner, err := Distribute(c, out, opt.Ranks)
		if err != nil {
			return nil, err
		}
		keep = func(gid int) bool { return owner[gid] == opt.Rank }
	}
	for _, r := range c.builtPopulations(opt) {
		count, swc := r.Count, r.swc
		m, err := c.PopulationSynapseMorphology(r.Name, swc, opt.TemplatesDir, r.Start)
		if err != nil {
			return nil, err
		}
		d, err := c.SynapseDensities(r.Name)
		if err != nil {
			return nil, err
		}
		gids := make([]int, count)
		for k := range gids {
			gids[k] = r.Start + k
		}
		out.Gids[r.Name] = gids
		tick := progress(opt.Progress, fmt.Sprintf("miv construct: %s: synapses", r.Name), count)
		syns, err := forEachGid(count, opt.Workers, func(k int) (*SynapseAttributes, error) {
			defer tick()
			if !keep(gids[k]) {
				return nil, nil
			}
			return DistributeSynapses(m, d, c.RandomSeeds.SynapseLocations, gids[k])
		})
		if err != nil {
			return nil, err
		}
		out.Synapses[r.Name] = syns
	}
	for _, r := range c.PopulationRanges() {
		gids, ok := out.Gids[r.Name]
		if !ok {
			continue
		}
		if _, ok := c.ConnectionGenerator.Synapses.Get(r.Name); !ok {
			continue // no projections onto it
		}
		g, err := c.NewConnector(r.Name, out.Somata)
		if err != nil {
			return nil, err
		}
		syns := out.Synapses[r.Name]
		tick := progress(opt.Progress, fmt.Sprintf("miv construct: %s: connections", r.Name), len(gids))
		conns, err := forEachGid(len(gids), opt.Workers, func(k int) (*Connections, error) {
			defer tick()
			if !keep(gids[k]) {
				return nil, nil
			}
			return g.Generate(gids[k], syns[k])
		})
		if err != nil {
			return nil, err
		}
		for _, cn := range conns {
			if cn != nil {
				out.Edges[cn.Gid] = cn.Edges
			}
		}
	}
	return out, nil
}

// SomataOf returns the somata of PlaceSomata (or ReadSomata) with their
// arc distances as Somata by population: X, Y, Z = U, V, L (the identity
// map of SPEC 2.2).
func SomataOf(placed []PopulationSomata, arcs []ArcDistances) map[string]*Somata {
	out := make(map[string]*Somata, len(placed))
	for _, ps := range placed {
		s := &Somata{Start: int(ps.Start)}
		for _, p := range ps.Somata {
			u, v, l := float64(p.U), float64(p.V), float64(p.L)
			s.U, s.V, s.L = append(s.U, u), append(s.V, v), append(s.L, l)
			s.X, s.Y, s.Z = append(s.X, u), append(s.Y, v), append(s.Z, l)
		}
		for _, a := range arcs {
			if a.Population != ps.Population {
				continue
			}
			for k := range a.UUm {
				s.DistUUm = append(s.DistUUm, float64(a.UUm[k]))
				s.DistVUm = append(s.DistVUm, float64(a.VUm[k]))
			}
		}
		out[ps.Population] = s
	}
	return out
}

// builtPopulation is a population Construct builds trees and synapses
// for: Count is the cells built (at most ConstructOptions.First), swc
// its morphology.
type builtPopulation struct {
	PopulationRange
	swc string
}

// builtPopulations returns the populations with cells that are not
// artificial (STIM), in the order of PopulationRanges.
func (c *Config) builtPopulations(opt ConstructOptions) []builtPopulation {
	var out []builtPopulation
	for _, r := range c.PopulationRanges() {
		if r.Count == 0 || c.isArtificial(r.Name) {
			continue
		}
		if opt.First > 0 {
			r.Count = min(r.Count, opt.First)
		}
		out = append(out, builtPopulation{PopulationRange: r, swc: filepath.Join(opt.MorphologyDir, r.Name+".swc")})
	}
	return out
}

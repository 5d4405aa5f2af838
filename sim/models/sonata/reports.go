package sonata

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"sort"

	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/store"
)

// somaReport is a compartment report of v (SPEC 5.2): at soma(0.5) for
// sections soma (one element per cell, element id 0), or at every segment
// centre of the sections of the template's "all" list (in its order) for
// sections all, axon, dend or apic (element id the section's SONATA id);
// a frame every DtMS from StartTimeMS to EndTimeMS (excluded).
type somaReport struct {
	cfg    Report
	pops   map[string][]reportCell // by population, cells by node id
	frames int
	data   map[string][][]float32
}

type reportCell struct {
	node     uint64
	probes   []morph.Probe
	elements []uint32
}

// addReports prepares the reports Golgi writes (compartment reports of v
// at the soma) and notes the others as not written.
func (n *Network) addReports() error {
	for _, r := range n.Sim.Config.Reports {
		if !r.Enabled {
			continue
		}
		sections := r.Sections
		if sections == "" {
			sections = "soma"
		}
		soma := sections == "soma" && (r.Compartments == "" || r.Compartments == "center")
		all := sections != "soma" && (r.Compartments == "" || r.Compartments == "all") && reportTypes[sections] != 0
		if r.Type != "compartment" || r.VariableName != "v" || !(soma || all) {
			n.Notes = append(n.Notes, fmt.Sprintf("report %q (type %s, variable %s, sections %s, compartments %s) not written: Golgi writes compartment reports of v yet", r.Name, r.Type, r.VariableName, sections, r.Compartments))
			continue
		}
		if !(r.DtMS > 0) {
			return fmt.Errorf("sonata: report %q: dt %g ms, want > 0", r.Name, r.DtMS)
		}
		end := math.Min(r.EndTimeMS, n.Sim.Config.Run.TstopMS)
		frames := int(math.Floor((end-r.StartTimeMS)/r.DtMS + 1e-9))
		if frames <= 0 {
			n.Notes = append(n.Notes, fmt.Sprintf("report %q: no frame between %g and %g ms", r.Name, r.StartTimeMS, end))
			continue
		}
		cells := r.Cells
		if cells == "" {
			cells = n.Sim.Config.NodeSet
		}
		res, err := n.Sim.Resolve(cells)
		if err != nil {
			return fmt.Errorf("sonata: report %q: %w", r.Name, err)
		}
		rep := &somaReport{cfg: r, pops: map[string][]reportCell{}, frames: frames, data: map[string][][]float32{}}
		idx := n.cellIndex()
		for _, sel := range res.Selections {
			for _, id := range sel.NodeIDs {
				if _, ok := idx[popNode{sel.Population, id}]; ok {
					rep.pops[sel.Population] = append(rep.pops[sel.Population], reportCell{node: id})
				}
			}
		}
		n.reports = append(n.reports, rep)
	}
	return nil
}

// bindReports makes the reports' probes once the groups exist.
func (n *Network) bindReports() error {
	for _, rep := range n.reports {
		for pop, cells := range rep.pops {
			sort.Slice(cells, func(a, b int) bool { return cells[a].node < cells[b].node })
			idx := n.cellIndex()
			for k := range cells {
				if i, ok := idx[popNode{pop, cells[k].node}]; ok {
					c := &n.Cells[i]
					locs, ids := reportElements(c.EmodelCell, rep.cfg.Sections)
					for j, l := range locs {
						p, err := n.Groups[c.Ref.Group].Probe(c.Ref.Cell, l, "v")
						if err != nil {
							return fmt.Errorf("sonata: report %q: %w", rep.cfg.Name, err)
						}
						cells[k].probes = append(cells[k].probes, p)
						cells[k].elements = append(cells[k].elements, ids[j])
					}
				}
			}
			rep.data[pop] = make([][]float32, 0, rep.frames)
		}
	}
	return nil
}

// sampleTimes returns the times (ms) at which some report takes a frame,
// ascending, without duplicates.
func (n *Network) sampleTimes() []float64 {
	var ts []float64
	for _, rep := range n.reports {
		for k := 0; k < rep.frames; k++ {
			ts = append(ts, rep.cfg.StartTimeMS+float64(k)*rep.cfg.DtMS)
		}
	}
	sort.Float64s(ts)
	out := ts[:0]
	for _, t := range ts {
		if len(out) == 0 || t-out[len(out)-1] > 1e-9 {
			out = append(out, t)
		}
	}
	return out
}

// sample records the frames due at time tMs.
func (n *Network) sample(tMs float64) {
	for _, rep := range n.reports {
		k := (tMs - rep.cfg.StartTimeMS) / rep.cfg.DtMS
		if k < -1e-6 || math.Abs(k-math.Round(k)) > 1e-6 || int(math.Round(k)) >= rep.frames {
			continue
		}
		for pop, cells := range rep.pops {
			if len(rep.data[pop]) != int(math.Round(k)) {
				continue
			}
			var f []float32
			for _, c := range cells {
				for _, p := range c.probes {
					f = append(f, float32(p.Value()))
				}
			}
			rep.data[pop] = append(rep.data[pop], f)
		}
	}
}

// runWithReports steps to tstop, stopping at every report frame to
// sample it.
func (n *Network) runWithReports(ctx context.Context, threads int) ([]Spike, error) {
	var all []Spike
	tstop := n.Sim.Config.Run.TstopMS
	for _, t := range append(n.sampleTimes(), tstop) {
		if t > tstop {
			break
		}
		spikes, err := n.Net.Run(ctx, t, threads)
		for _, s := range spikes {
			all = append(all, n.spike(s))
		}
		if err != nil {
			return all, err
		}
		n.sample(t)
	}
	return all, nil
}

// WriteReports writes every report that was recorded into dir (the file
// names of the configuration) and returns the files.
func (n *Network) WriteReports(dir string) ([]string, error) {
	var files []string
	for _, rep := range n.reports {
		var pops []store.SONATAReport
		names := make([]string, 0, len(rep.pops))
		for pop := range rep.pops {
			names = append(names, pop)
		}
		sort.Strings(names)
		for _, pop := range names {
			cells := rep.pops[pop]
			r := store.SONATAReport{Population: pop, StartMs: rep.cfg.StartTimeMS, DtMs: rep.cfg.DtMS,
				EndMs: rep.cfg.StartTimeMS + float64(rep.frames)*rep.cfg.DtMS, Units: rep.cfg.Unit, Data: rep.data[pop]}
			if r.Units == "" {
				r.Units = "mV"
			}
			for _, c := range cells {
				r.NodeIDs = append(r.NodeIDs, c.node)
				r.IndexPointers = append(r.IndexPointers, uint64(len(r.ElementIDs)))
				r.ElementIDs = append(r.ElementIDs, c.elements...)
			}
			r.IndexPointers = append(r.IndexPointers, uint64(len(r.ElementIDs)))
			pops = append(pops, r)
		}
		path := filepath.Join(dir, filepath.Base(rep.cfg.File))
		if err := store.WriteSONATAReport(path, pops); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	return files, nil
}

// reportTypes are the section types of a compartment report's
// "sections" (0: not a section choice).
var reportTypes = map[string]morph.Type{"all": -1, "axon": morph.Axon, "dend": morph.Basal, "apic": morph.Apical}

// reportElements returns a cell's reported locations and element ids:
// soma(0.5) and id 0 for sections soma (or ""), else every segment centre
// of the sections of the template's all list (in its order) of the
// chosen type, with the section's SONATA id.
func reportElements(e *EmodelCell, sections string) ([]morph.Location, []uint32) {
	if sections == "" || sections == "soma" {
		return []morph.Location{morph.At("soma[0]", 0.5)}, []uint32{0}
	}
	m := e.Morph.Morphology
	order := e.All
	if order == nil {
		for i := range m.Sections {
			order = append(order, i)
		}
	}
	want := reportTypes[sections]
	var locs []morph.Location
	var ids []uint32
	for _, i := range order {
		s := &m.Sections[i]
		if want != -1 && s.Type != want {
			continue
		}
		nseg := max(s.Nseg, 1)
		for j := 0; j < nseg; j++ {
			locs = append(locs, morph.At(s.Name, (float64(j)+0.5)/float64(nseg)))
			ids = append(ids, uint32(e.SectionID[i]))
		}
	}
	return locs, ids
}

// popNode names a node of a population.
type popNode struct {
	pop  string
	node uint64
}

// cellIndex returns the index in Cells of every simulated node.
func (n *Network) cellIndex() map[popNode]int {
	idx := make(map[popNode]int, len(n.Cells))
	for i, c := range n.Cells {
		idx[popNode{c.Population, c.Node}] = i
	}
	return idx
}

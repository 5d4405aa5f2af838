package sonata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/store"
)

// frameReport is one report of SPEC 5.2 being recorded: for every
// reported cell its elements, each the sum of scaled probes, sampled
// every DtMS from StartTimeMS to EndTimeMS (excluded).
//
//   - compartment: one variable (v, an ion variable such as cai or ina,
//     name_mechanism, or i_membrane) at soma(0.5) for sections soma and
//     compartments center (element id 0), else at every segment centre
//     (compartments all) or section centre (center) of the chosen
//     sections in the template's all-list order, the element id the
//     section's SONATA id;
//   - summation: the sum of its variables per element, the same elements,
//     except that sections soma with compartments center collapse the
//     whole cell into one element (id 0);
//   - synapse: Mech.var of every synapse of type Mech, the element id its
//     synapseID.
type frameReport struct {
	cfg    Report
	pops   map[string][]reportCell // by population, cells by node id
	frames int
	data   map[string][][]float32 // the frames, unless streamed
	// w streams the frames to file (Network.StreamReports), or is nil.
	w    *store.SONATAReportWriter
	file string
	// allPops are the report's populations over all ranks (with a Comm),
	// gather its gathering to rank 0.
	allPops []string
	gather  *reportGather
}

type reportCell struct {
	node     uint64
	elements []reportElement
}

// reportElement is one column: the sum of its terms.
type reportElement struct {
	id    uint32
	terms []reportTerm
}

type reportTerm struct {
	p     morph.Probe
	scale float64
}

func (e *reportElement) value() float64 {
	s := 0.0
	for _, t := range e.terms {
		s += t.scale * t.p.Value()
	}
	return s
}

// reportSections are the section choices of a report's "sections"
// (morph.Soma... ; -1 for all).
var reportSections = map[string]morph.Type{"soma": morph.Soma, "all": -1, "axon": morph.Axon, "dend": morph.Basal, "apic": morph.Apical}

// reportShape returns a report's sections and compartments with their
// defaults (SPEC 5.2).
func reportShape(r Report) (sections, compartments string) {
	sections, compartments = r.Sections, r.Compartments
	if sections == "" {
		sections = "soma"
	}
	if compartments == "" {
		compartments = "all"
		if sections == "soma" {
			compartments = "center"
		}
	}
	return sections, compartments
}

// reportSupport says whether Golgi writes report r (nil) or why not.
func reportSupport(r Report) error {
	sections, compartments := reportShape(r)
	if _, ok := reportSections[sections]; !ok {
		return fmt.Errorf("sections %q, want soma, axon, dend, apic or all", sections)
	}
	if compartments != "center" && compartments != "all" {
		return fmt.Errorf("compartments %q, want center or all", compartments)
	}
	if r.Scaling != "" && r.Scaling != "area" && r.Scaling != "none" {
		return fmt.Errorf("scaling %q, want area or none", r.Scaling)
	}
	switch r.Type {
	case "compartment":
		if r.VariableName == "" || strings.Contains(r.VariableName, ",") {
			return fmt.Errorf("compartment report of %q: want one variable", r.VariableName)
		}
	case "summation":
		if strings.TrimSpace(r.VariableName) == "" {
			return errors.New("summation report with no variable")
		}
	case "synapse":
		if m, v, ok := strings.Cut(r.VariableName, "."); !ok || m == "" || v == "" || strings.Contains(v, ",") {
			return fmt.Errorf("synapse report of %q: want Mechanism.variable", r.VariableName)
		}
	case "lfp":
		return errors.New("lfp reports need CoreNEURON's electrodes file (Golgi does not write them)")
	default:
		return fmt.Errorf("type %q, want compartment, summation, synapse or lfp", r.Type)
	}
	return nil
}

// addReports prepares the enabled reports Golgi writes and notes the
// others as not written.
func (n *Network) addReports() error {
	for _, r := range n.Sim.Config.Reports {
		if !r.Enabled {
			continue
		}
		if err := reportSupport(r); err != nil {
			n.Notes = append(n.Notes, fmt.Sprintf("report %q not written: %v", r.Name, err))
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
		rep := &frameReport{cfg: r, pops: map[string][]reportCell{}, frames: frames, data: map[string][][]float32{}}
		idx := n.cellIndex()
		all := map[string]bool{}
		for _, sel := range res.Selections {
			for _, id := range sel.NodeIDs {
				if _, ok := idx[popNode{sel.Population, id}]; ok {
					rep.pops[sel.Population] = append(rep.pops[sel.Population], reportCell{node: id})
				}
				if gid, err := n.gm.Gid(sel.Population, id); err == nil {
					if _, ok := n.simulated[gid]; ok {
						all[sel.Population] = true
					}
				}
			}
		}
		for pop := range all {
			rep.allPops = append(rep.allPops, pop)
		}
		sort.Strings(rep.allPops)
		n.reports = append(n.reports, rep)
	}
	return nil
}

// bindReports makes the reports' probes once the groups exist.
func (n *Network) bindReports() error {
	for _, rep := range n.reports {
		if rep.usesMembraneCurrent() {
			for _, g := range n.Groups {
				g.EnableMembraneCurrent()
			}
		}
	}
	idx := n.cellIndex()
	for _, rep := range n.reports {
		found := false
		for pop, cells := range rep.pops {
			sort.Slice(cells, func(a, b int) bool { return cells[a].node < cells[b].node })
			for k := range cells {
				i := idx[popNode{pop, cells[k].node}]
				els, err := n.reportCellElements(rep.cfg, i)
				if err != nil {
					return fmt.Errorf("sonata: report %q: %w", rep.cfg.Name, err)
				}
				for _, e := range els {
					found = found || len(e.terms) > 0
				}
				cells[k].elements = els
			}
			rep.data[pop] = make([][]float32, 0, rep.frames)
		}
		if n.comm != nil {
			// Whether any rank found the variable, and any rank has cells.
			flags := []int64{0, 0}
			if found {
				flags[0] = 1
			}
			if len(rep.pops) > 0 {
				flags[1] = 1
			}
			all := make([]int64, 2*n.comm.Size())
			if err := n.comm.AllgatherInt64(flags, all); err != nil {
				return fmt.Errorf("sonata: report %q: %w", rep.cfg.Name, err)
			}
			var anyFound, anyCells bool
			for r := 0; r < len(all); r += 2 {
				anyFound = anyFound || all[r] != 0
				anyCells = anyCells || all[r+1] != 0
			}
			if !anyFound && anyCells {
				return fmt.Errorf("sonata: report %q: %s %q is in none of the reported cells' compartments", rep.cfg.Name, rep.cfg.Type, rep.cfg.VariableName)
			}
			if err := n.gatherMapping(rep, rep.allPops); err != nil {
				return fmt.Errorf("sonata: report %q: %w", rep.cfg.Name, err)
			}
			continue
		}
		if !found && len(rep.pops) > 0 {
			return fmt.Errorf("sonata: report %q: %s %q is in none of the reported cells' compartments", rep.cfg.Name, rep.cfg.Type, rep.cfg.VariableName)
		}
	}
	return nil
}

// usesMembraneCurrent reports whether the report reads i_membrane.
func (rep *frameReport) usesMembraneCurrent() bool {
	if rep.cfg.Type == "synapse" {
		return false
	}
	for _, v := range strings.Split(rep.cfg.VariableName, ",") {
		if isMembraneCurrent(strings.TrimSpace(v)) {
			return true
		}
	}
	return false
}

func isMembraneCurrent(v string) bool { return v == "i_membrane" || v == "i_membrane_" }

// reportCellElements returns the elements of report r for cell i.
func (n *Network) reportCellElements(r Report, i int) ([]reportElement, error) {
	c := &n.Cells[i]
	g := n.Groups[c.Ref.Group]
	ci := c.Ref.Cell
	if r.Type == "synapse" {
		return n.synapseElements(r, i)
	}
	sections, compartments := reportShape(r)
	collapse := r.Type == "summation" && sections == "soma" && compartments == "center"
	locs, ids := reportElements(c.EmodelCell, sections, compartments)
	if collapse {
		locs, ids = reportElements(c.EmodelCell, "all", "all")
	}
	els := make([]reportElement, len(locs))
	for j, l := range locs {
		els[j].id = ids[j]
		if r.Type == "compartment" {
			p, err := g.Probe(ci, l, r.VariableName)
			if err != nil {
				return nil, err
			}
			els[j].terms = []reportTerm{{p, 1}}
			continue
		}
		ts, err := summationTerms(g, ci, l, r)
		if err != nil {
			return nil, err
		}
		els[j].terms = ts
	}
	if collapse {
		// The whole cell in one element (SPEC 5.2).
		all := reportElement{id: 0}
		for _, e := range els {
			all.terms = append(all.terms, e.terms...)
		}
		els = []reportElement{all}
	}
	return els, nil
}

// electrodeKinds are the clamps' names in summation reports.
var electrodeKinds = map[string]bool{"IClamp": true, "SEClamp": true, "MembraneCurrentSource": true, "ConductanceSource": true}

// summationTerms returns the terms a summation report adds at location l
// (SPEC 5.2): i_membrane (nA) as it is; the currents into the cell of
// IClamp and SEClamp (electrodes) and of MembraneCurrentSource and
// ConductanceSource (membrane sources; their i is that current's
// negative) times -1; point-process variables (Mech for Mech.i, or Mech.var) as they are;
// density variables (mA/cm2) times area/100 with scaling area. A variable
// absent at l adds nothing there.
func summationTerms(g *morph.CellGroup, ci int, l morph.Location, r Report) ([]reportTerm, error) {
	var out []reportTerm
	for _, v := range strings.Split(r.VariableName, ",") {
		v = strings.TrimSpace(v)
		mech, field, dotted := strings.Cut(v, ".")
		if !dotted {
			field = "i"
		}
		switch {
		case isMembraneCurrent(v):
			p, err := g.Probe(ci, l, "i_membrane")
			if err != nil {
				return nil, err
			}
			out = append(out, reportTerm{p, 1})
		case electrodeKinds[mech] && field == "i":
			ps, err := g.ElectrodeProbes(ci, l, mech)
			if err != nil {
				return nil, err
			}
			for _, p := range ps {
				out = append(out, reportTerm{p, -1})
			}
		case dotted || g.IsPointProcess(mech):
			ps, err := g.PointProbesAt(ci, l, mech, field)
			if err != nil {
				return nil, err
			}
			for _, p := range ps {
				out = append(out, reportTerm{p, 1})
			}
		default:
			p, err := g.Probe(ci, l, v)
			if err != nil {
				continue // not at this compartment
			}
			scale := 1.0
			if r.Scaling != "none" {
				a, err := g.NodeAreaUm2(ci, l)
				if err != nil {
					return nil, err
				}
				scale = a / 100
			}
			out = append(out, reportTerm{p, scale})
		}
	}
	return out, nil
}

// synapseElements returns a synapse report's elements for cell i: every
// synapse of the reported mechanism in the order they were placed (edge
// population, then synapseID), element id the synapseID.
func (n *Network) synapseElements(r Report, i int) ([]reportElement, error) {
	c := &n.Cells[i]
	g := n.Groups[c.Ref.Group]
	mech, field, _ := strings.Cut(r.VariableName, ".")
	var els []reportElement
	for k := range n.syns {
		ps := &n.syns[k]
		if ps.target != i || ps.mech != mech {
			continue
		}
		ref, err := g.PointProcess(c.Ref.Cell, ps.name)
		if err != nil {
			return nil, err
		}
		p, err := g.PointProbe(ref, field)
		if err != nil {
			return nil, err
		}
		els = append(els, reportElement{id: uint32(ps.synID), terms: []reportTerm{{p, 1}}})
	}
	return els, nil
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
func (n *Network) sample(tMs float64) error {
	for _, rep := range n.reports {
		k := (tMs - rep.cfg.StartTimeMS) / rep.cfg.DtMS
		if k < -1e-6 || math.Abs(k-math.Round(k)) > 1e-6 || int(math.Round(k)) >= rep.frames {
			continue
		}
		if rep.gather != nil {
			if rep.gather.taken != int(math.Round(k)) {
				continue
			}
			if err := n.sampleGathered(rep); err != nil {
				return err
			}
			continue
		}
		for _, pop := range rep.popNames() {
			cells := rep.pops[pop]
			if rep.w == nil && len(rep.data[pop]) != int(math.Round(k)) {
				continue
			}
			var f []float32
			for _, c := range cells {
				for j := range c.elements {
					f = append(f, float32(c.elements[j].value()))
				}
			}
			if rep.w != nil {
				if err := rep.w.Append(pop, f); err != nil {
					return err
				}
				continue
			}
			rep.data[pop] = append(rep.data[pop], f)
		}
	}
	return nil
}

// runWithReports steps to tstop, stopping at every report frame to
// sample it.
func (n *Network) runWithReports(ctx context.Context, threads int) (all []Spike, err error) {
	if n.reportDir != "" {
		if err := n.createReportFiles(); err != nil {
			return nil, err
		}
		defer func() {
			for _, rep := range n.reports {
				if rep.w == nil {
					continue // not rank 0 of a distributed network
				}
				if err != nil {
					rep.w.Abort()
				} else if cerr := rep.w.Close(); cerr != nil {
					err = fmt.Errorf("sonata: report %q: %w", rep.cfg.Name, cerr)
				}
			}
		}()
	}
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
		if err := n.sample(t); err != nil {
			return all, fmt.Errorf("sonata: %w", err)
		}
	}
	for _, rep := range n.reports {
		if rep.gather != nil {
			if err := n.flushGathered(rep); err != nil {
				return all, err
			}
		}
	}
	return all, nil
}

// StreamReports makes Run write the reports into dir as it goes (each
// under a temporary name, renamed to its file name when the run is
// complete, removed when it is not), so that their memory is a buffer's
// and not the run's; WriteReports then copies the files. Call it before
// Run.
func (n *Network) StreamReports(dir string) { n.reportDir = dir }

// createReportFiles opens the reports' streaming writers in reportDir
// (on rank 0 only of a distributed network).
func (n *Network) createReportFiles() error {
	if n.comm != nil && n.comm.Rank() != 0 {
		return nil
	}
	for i, rep := range n.reports {
		path := filepath.Join(n.reportDir, filepath.Base(rep.cfg.File))
		w, err := store.CreateSONATAReport(path, rep.layout(), rep.frames)
		if err != nil {
			for _, r := range n.reports[:i] {
				r.w.Abort()
			}
			return fmt.Errorf("sonata: report %q: %w", rep.cfg.Name, err)
		}
		rep.w, rep.file = w, path
	}
	return nil
}

// popNames returns the report's populations, sorted (of every rank, for
// a gathered report).
func (rep *frameReport) popNames() []string {
	if rep.gather != nil {
		return rep.gather.pops
	}
	names := make([]string, 0, len(rep.pops))
	for pop := range rep.pops {
		names = append(names, pop)
	}
	sort.Strings(names)
	return names
}

// layout returns the report's populations with their mappings and, when
// it is held in memory, their frames.
func (rep *frameReport) layout() []store.SONATAReport {
	var pops []store.SONATAReport
	for _, pop := range rep.popNames() {
		cells := rep.pops[pop]
		if rep.gather != nil {
			cells = rep.gather.global[pop]
		}
		r := store.SONATAReport{Population: pop, StartMs: rep.cfg.StartTimeMS, DtMs: rep.cfg.DtMS,
			EndMs: rep.cfg.StartTimeMS + float64(rep.frames)*rep.cfg.DtMS, Units: rep.cfg.Unit, Data: rep.data[pop]}
		if r.Units == "" {
			r.Units = "mV"
		}
		for _, c := range cells {
			r.NodeIDs = append(r.NodeIDs, c.node)
			r.IndexPointers = append(r.IndexPointers, uint64(len(r.ElementIDs)))
			for _, e := range c.elements {
				r.ElementIDs = append(r.ElementIDs, e.id)
			}
		}
		r.IndexPointers = append(r.IndexPointers, uint64(len(r.ElementIDs)))
		pops = append(pops, r)
	}
	return pops
}

// WriteReports writes every report that was recorded into dir (the file
// names of the configuration) and returns the files: streamed reports
// (StreamReports) are copied there, unless dir is where they were
// streamed.
func (n *Network) WriteReports(dir string) ([]string, error) {
	var files []string
	for _, rep := range n.reports {
		path := filepath.Join(dir, filepath.Base(rep.cfg.File))
		switch {
		case rep.w != nil && rep.file == path:
		case rep.w != nil:
			if err := copyFile(rep.file, path); err != nil {
				return nil, fmt.Errorf("sonata: report %q: %w", rep.cfg.Name, err)
			}
		default:
			if err := store.WriteSONATAReport(path, rep.layout()); err != nil {
				return nil, err
			}
		}
		files = append(files, path)
	}
	return files, nil
}

// copyFile copies src to dst, whole or not at all: through a temporary
// file in dst's directory, renamed over dst when complete.
func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(out.Name())
		}
	}()
	if _, err = io.Copy(out, in); err != nil {
		return err
	}
	if err = out.Sync(); err != nil {
		return err
	}
	if err = out.Close(); err != nil {
		return err
	}
	if err = os.Chmod(out.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(out.Name(), dst)
}

// reportElements returns a cell's reported locations and element ids:
// soma(0.5) and id 0 for sections soma with compartments center, else
// every segment centre (compartments all) or section centre (center) of
// the sections of the template's all list (in its order) of the chosen
// type, with the section's SONATA id.
func reportElements(e *EmodelCell, sections, compartments string) ([]morph.Location, []uint32) {
	if sections == "soma" && compartments == "center" {
		return []morph.Location{morph.At("soma[0]", 0.5)}, []uint32{0}
	}
	m := e.Morph.Morphology
	order := e.All
	if order == nil {
		for i := range m.Sections {
			order = append(order, i)
		}
	}
	want := reportSections[sections]
	var locs []morph.Location
	var ids []uint32
	for _, i := range order {
		s := &m.Sections[i]
		if want != -1 && s.Type != want {
			continue
		}
		if compartments == "center" {
			locs = append(locs, morph.At(s.Name, 0.5))
			ids = append(ids, uint32(e.SectionID[i]))
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

package miv

import (
	"fmt"
	"math"
	"slices"

	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/rng"
)

// purposeRecordingSample keys the draws choosing the cells of an
// intracellular recording profile.
const purposeRecordingSample = 0x5245_4353 // "RECS"

// Intracellular is what a recording profile records (SPEC 1.8, 4.4):
// its cells and, of each, a Trace per section of the listed SWC types
// of every section quantity and per section and mechanism label of the
// synapses of every synaptic quantity, sampled every DtMs from t = 0.
type Intracellular struct {
	Profile string
	// Gids are the recorded cells, ascending (every rank's).
	Gids []int
	DtMs float64
	// TMs are the sample times.
	TMs []float64
	// Traces are every recorded cell's, by gid, then the profile's
	// section quantities in file order (each by its SWC types in the
	// order listed, then by section index), then its synaptic quantities
	// (each by section and mechanism label in the order of the cell's
	// first synapse of that section and label). With a Comm every rank
	// has every trace; Values are filled on rank 0 after Run for every
	// trace and elsewhere only for this rank's cells.
	Traces []Trace

	every int64
	// local are the traces of the cells built here (in Traces' order)
	// and the probes whose sum each samples.
	local []localTrace
}

// Trace is one recorded quantity of one cell: the values of a variable
// at one location of a section (a section quantity), or the sum of a
// point-process variable over the point processes of one mechanism
// label on one section (a synaptic quantity; the sum over one of them
// without reduce).
type Trace struct {
	Gid        int
	Population string
	// RecID names the results namespace Intracellular <RecID>: the
	// section's SWC type ("soma"), or type.index ("apical.12", the
	// section sections[12]) when the cell has several sections of that
	// type; for a synaptic quantity type, section index, a dot and the
	// mechanism label ("apical12.AMPA"), as MiV names them.
	RecID string
	// Label is the quantity's label (the attribute in the namespace),
	// Variable what is read: for a section quantity v, i_membrane, an
	// ion variable (cai) or name_mechanism; for a synaptic quantity a
	// variable of the point process (LinExp2Syn's i or g).
	Label, Variable string
	Synaptic        bool
	// Section is the index of the section (sections[Section]); X the
	// location on it of a section quantity (NaN for a synaptic one).
	Section int
	X       float64
	// Mechanism is the label (AMPA) of a synaptic quantity's point
	// processes, Points how many are summed.
	Mechanism string
	Points    int
	Values    []float64
}

// localTrace is a trace of a cell built here: its index in Traces and
// the probes summed.
type localTrace struct {
	trace  int
	probes []morph.Probe
}

// traceDesc is what ranks exchange of a trace (float64s, all integers
// but x): gid, quantity index (section quantities first, then the
// synaptic ones), section index, SWC type id, x (section quantity) or
// mechanism label index (synaptic), 1 when the cell has one section of
// that type (section quantity), the point processes summed.
const traceDescLen = 7

// profileOf returns the recording profile a network of options o
// records: its name and value, or false for none.
func (c *Config) profileOf(o NetworkOptions) (string, RecordingProfile, bool, error) {
	if c.Recording == nil {
		if o.Recording != "" && o.Recording != "none" {
			return "", RecordingProfile{}, false, fmt.Errorf("miv: recording profile %q: the configuration has no Recording", o.Recording)
		}
		return "", RecordingProfile{}, false, nil
	}
	name := o.Recording
	if name == "" {
		if _, ok := c.Recording.Intracellular.Get(DefaultRecording); ok {
			name = DefaultRecording
		}
	}
	if name == "" || name == "none" {
		return "", RecordingProfile{}, false, nil
	}
	p, ok := c.Recording.Intracellular.Get(name)
	if !ok {
		return "", RecordingProfile{}, false, fmt.Errorf("miv: Recording.Intracellular.%s: no such profile (the configuration has %v)", name, c.Recording.Intracellular.Names())
	}
	return name, p, true, nil
}

// recordsMembraneCurrent reports whether profile p records the membrane
// current (a section quantity of i_membrane or i_membrane_), which the
// cell groups must then compute.
func (p RecordingProfile) recordsMembraneCurrent() bool {
	for _, q := range p.SectionQuantity {
		if v := q.Value.variable(q.Name); v == "i_membrane" || v == "i_membrane_" {
			return true
		}
	}
	return false
}

// variable is what a section quantity of label reads.
func (q SectionQuantity) variable(label string) string {
	if q.Variable != "" {
		return q.Variable
	}
	return label
}

// setupIntracellular prepares profile name (with a Comm, collective).
// Its cells (SPEC 4.1's recording sets, a Golgi rule): each biophysical
// gid with a draw below the profile's fraction (1 when not given), from
// a stream keyed by Random Seeds.Intracellular Recording Sample and the
// gid, the first limit of them per population in gid order when a limit
// is given (MiV limits per population). Of
// each, every section quantity at its loc of every section of its SWC
// types and every synaptic quantity of the point processes of the
// synapses its filters select (sectionTraces, synapticTraces), sampled
// every dt (the step when not given). An error on any rank is an error
// on every rank.
func (n *Network) setupIntracellular(name string, p RecordingProfile, con *Construction) error {
	key := "Recording.Intracellular." + name
	every, err := n.checkProfile(name, p)
	if err != nil {
		return err
	}
	frac := p.Fraction
	if frac == 0 {
		frac = 1
	}
	rec := &Intracellular{Profile: name, DtMs: float64(every) * n.DtMs, every: every}
	if p.DtMs != 0 {
		rec.DtMs = p.DtMs
	}
	seed := uint64(n.Config.RandomSeeds.IntracellularRecordingSample)
	var desc []float64
	var probes [][]morph.Probe
	perPop := map[string]int{} // cells recorded so far, by population
	for _, gid := range n.biophysicalGids() {
		pop, _ := n.populationOf(gid)
		if p.Limit > 0 && perPop[pop] >= p.Limit {
			continue
		}
		s := rng.New(seed, purposeRecordingSample, uint64(gid), 0)
		if !(s.Float64() < frac) {
			continue
		}
		perPop[pop]++
		rec.Gids = append(rec.Gids, gid)
		c := n.Cell(gid)
		if c == nil || err != nil {
			continue // another rank's, or after an error
		}
		var d []float64
		var pr [][]morph.Probe
		d, pr, err = n.sectionTraces(key, p, c)
		if err == nil {
			desc, probes = append(desc, d...), append(probes, pr...)
			d, pr, err = n.synapticTraces(key, p, c, con.Edges[gid])
			desc, probes = append(desc, d...), append(probes, pr...)
		}
	}
	all, err := n.shareTraces(key, desc, err)
	if err != nil {
		return err
	}
	for i := 0; i < len(all); i += traceDescLen {
		rec.Traces = append(rec.Traces, n.traceOf(p, all[i:i+traceDescLen]))
	}
	// This rank's traces, in Traces' order: its descriptors are in gid
	// order, as Traces.
	k := 0
	for i, t := range rec.Traces {
		if k < len(probes) && int(desc[k*traceDescLen]) == t.Gid {
			rec.local = append(rec.local, localTrace{trace: i, probes: probes[k]})
			k++
		}
	}
	if k != len(probes) {
		return fmt.Errorf("miv: %s: %d of this rank's %d traces placed", key, k, len(probes))
	}
	n.Intracellular = rec
	return nil
}

// shareTraces gives every rank the descriptors of every rank's traces
// in gid order (with a Comm, collective; else desc), or an error when
// any rank's setup failed (err, this rank's).
func (n *Network) shareTraces(key string, desc []float64, err error) ([]float64, error) {
	if n.comm == nil {
		return desc, err
	}
	size := n.comm.Size()
	mine := int64(len(desc))
	if err != nil {
		mine = -1
	}
	lens := make([]int64, size)
	if e := n.comm.AllgatherInt64([]int64{mine}, lens); e != nil {
		return nil, fmt.Errorf("miv: %s: %w", key, e)
	}
	if err != nil {
		return nil, err
	}
	counts, displs := make([]int, size), make([]int, size)
	total := 0
	for r, l := range lens {
		if l < 0 {
			return nil, fmt.Errorf("miv: %s: the setup failed on rank %d", key, r)
		}
		counts[r], displs[r] = int(l), total
		total += int(l)
	}
	recv := make([]float64, total)
	if err := n.comm.AllgathervFloat64(desc, recv, counts, displs); err != nil {
		return nil, fmt.Errorf("miv: %s: %w", key, err)
	}
	// Every gid's traces come from one rank, in its order: a stable
	// sort by gid of the ranks' lists is one process's order.
	rows := make([][]float64, 0, total/traceDescLen)
	for i := 0; i < total; i += traceDescLen {
		rows = append(rows, recv[i:i+traceDescLen])
	}
	slices.SortStableFunc(rows, func(a, b []float64) int { return int(a[0]) - int(b[0]) })
	out := make([]float64, 0, total)
	for _, r := range rows {
		out = append(out, r...)
	}
	return out, nil
}

// traceOf returns the trace a descriptor (traceDesc) describes, without
// values.
func (n *Network) traceOf(p RecordingProfile, d []float64) Trace {
	cfg := n.Config
	gid, q, sec, swc := int(d[0]), int(d[1]), int(d[2]), int(d[3])
	pop, _ := n.populationOf(gid)
	swcName, _ := nameOf(cfg.Definitions.SWCTypes, swc)
	t := Trace{Gid: gid, Population: pop, Section: sec, Points: int(d[6])}
	if q < len(p.SectionQuantity) {
		it := p.SectionQuantity[q]
		t.Label, t.Variable, t.X = it.Name, it.Value.variable(it.Name), d[4]
		t.RecID = fmt.Sprintf("%s.%d", swcName, sec)
		if d[5] == 1 {
			t.RecID = swcName
		}
		return t
	}
	it := p.SynapticQuantity[q-len(p.SectionQuantity)]
	t.Label, t.Variable, t.Synaptic, t.X = it.Name, it.Name, true, math.NaN()
	t.Mechanism = cfg.ConnectionGenerator.SynapseMechanisms[int(d[4])].Name
	t.RecID = fmt.Sprintf("%s%d.%s", swcName, sec, t.Mechanism)
	return t
}

// sectionTraces returns the descriptors and probes of cell c's section
// quantities: for each, for each of its SWC types in the order listed,
// every section of that type in index order at the type's loc (0.5
// when none is given).
func (n *Network) sectionTraces(key string, p RecordingProfile, c *NetworkCell) ([]float64, [][]morph.Probe, error) {
	cfg := n.Config
	m := c.Morph.Morphology
	g := n.Groups[c.Ref.Group]
	var desc []float64
	var probes [][]morph.Probe
	for qi, it := range p.SectionQuantity {
		q := it.Value
		v := q.variable(it.Name)
		for ti, swc := range q.SWCTypes {
			id, _ := cfg.Definitions.SWCTypes.Get(swc)
			x := 0.5
			if len(q.Loc) > 0 {
				x = q.Loc[ti]
			}
			var secs []int
			for si, s := range m.Sections {
				if int(s.Type) == id {
					secs = append(secs, si)
				}
			}
			single := 0.
			if len(secs) == 1 {
				single = 1
			}
			for _, si := range secs {
				pr, err := g.Probe(c.Ref.Cell, morph.At(m.Sections[si].Name, x), v)
				if err != nil {
					return nil, nil, fmt.Errorf("miv: %s.section quantity.%s: variable %q: %s gid %d, %s (%s) at %g: %w", key, it.Name, v, c.Population, c.Gid, m.Sections[si].Name, swc, x, err)
				}
				desc = append(desc, float64(c.Gid), float64(qi), float64(si), float64(id), x, single, 1)
				probes = append(probes, []morph.Probe{pr})
			}
		}
	}
	return desc, probes, nil
}

// synapticTraces returns the descriptors and probes of cell c's
// synaptic quantities, as MiV's record_cell chooses them: the cell's
// synapses in syn_id order that pass the quantity's filters (syn types,
// swc types, layers, sources: the population of the synapse's edge)
// and have an edge, and of each every mechanism label of its
// projection, in Connection Generator.Synapse Mechanisms order: the
// point process of that label in the synapse's segment, once. The point
// processes of one section and label share a trace (MiV's namespace
// <type><section>.<label>): with reduce their sum, without it one point
// process only (several are an error, as MiV's recsout refuses
// duplicate labels without reduce).
func (n *Network) synapticTraces(key string, p RecordingProfile, c *NetworkCell, edges []*Edges) ([]float64, [][]morph.Probe, error) {
	if len(p.SynapticQuantity) == 0 {
		return nil, nil, nil
	}
	cfg := n.Config
	syn := c.syn
	m := c.Morph.Morphology
	g := n.Groups[c.Ref.Group]
	source := make([]string, syn.Len())
	byID := make(map[uint32]int, syn.Len())
	for i, id := range syn.SynIDs {
		byID[id] = i
	}
	for _, e := range edges {
		if e == nil {
			continue
		}
		for _, id := range e.SynIDs {
			if i, ok := byID[id]; ok {
				source[i] = e.Source
			}
		}
	}
	order := make([]int, syn.Len())
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(syn.SynIDs[a]) - int(syn.SynIDs[b]) })
	ids := func(table Map[int], names []string) map[int]bool {
		if len(names) == 0 {
			return nil
		}
		out := map[int]bool{}
		for _, s := range names {
			id, _ := table.Get(s)
			out[id] = true
		}
		return out
	}
	mechs := cfg.ConnectionGenerator.SynapseMechanisms
	type groupKey struct{ sec, label int }
	type group struct {
		key    groupKey
		swc    int
		points []string
	}
	var desc []float64
	var probes [][]morph.Probe
	for qi, it := range p.SynapticQuantity {
		q := it.Value
		qk := key + ".synaptic quantity." + it.Name
		synTypes, swcTypes, layers := ids(cfg.Definitions.SynapseTypes, q.SynTypes), ids(cfg.Definitions.SWCTypes, q.SWCTypes), ids(cfg.Definitions.Layers, q.Layers)
		var groups []*group
		at := map[groupKey]*group{}
		seen := map[string]bool{}
		for _, i := range order {
			src := source[i]
			if src == "" || synTypes != nil && !synTypes[int(syn.SynTypes[i])] || swcTypes != nil && !swcTypes[int(syn.SWCTypes[i])] ||
				layers != nil && !layers[int(syn.SynLayers[i])] || len(q.Sources) > 0 && !slices.Contains(q.Sources, src) {
				continue
			}
			swc, _ := nameOf(cfg.Definitions.SWCTypes, int(syn.SWCTypes[i]))
			labels, _, err := cfg.projectionParams(c.Population, src, swc)
			if err != nil {
				return nil, nil, err
			}
			sec := int(syn.SynSecs[i])
			for li, mi := range mechs {
				if !slices.Contains(labels, mi.Name) {
					continue
				}
				name := pointName(m, mi.Name, sec, float64(syn.SynLocs[i]))
				if seen[name] {
					continue
				}
				seen[name] = true
				k := groupKey{sec, li}
				gr := at[k]
				if gr == nil {
					gr = &group{key: k, swc: int(syn.SWCTypes[i])}
					at[k] = gr
					groups = append(groups, gr)
				}
				gr.points = append(gr.points, name)
			}
		}
		for _, gr := range groups {
			mech := mechs[gr.key.label].Name
			if len(gr.points) > 1 && !p.Reduce {
				swc, _ := nameOf(cfg.Definitions.SWCTypes, gr.swc)
				return nil, nil, fmt.Errorf("miv: %s: %s gid %d: %d point processes of %s on %s share the trace %s of Intracellular %s%d.%s: set reduce: true to sum them (MiV's recsout refuses duplicate labels without it)",
					qk, c.Population, c.Gid, len(gr.points), mech, m.Sections[gr.key.sec].Name, it.Name, swc, gr.key.sec, mech)
			}
			var ps []morph.Probe
			for _, name := range gr.points {
				ref, err := g.PointProcess(c.Ref.Cell, name)
				if err != nil {
					return nil, nil, fmt.Errorf("miv: %s: %s gid %d: %w", qk, c.Population, c.Gid, err)
				}
				pr, err := g.PointProbe(ref, it.Name)
				if err != nil {
					return nil, nil, fmt.Errorf("miv: %s: variable %q: %s gid %d, %s: %w", qk, it.Name, c.Population, c.Gid, name, err)
				}
				ps = append(ps, pr)
			}
			desc = append(desc, float64(c.Gid), float64(len(p.SectionQuantity)+qi), float64(gr.key.sec), float64(gr.swc), float64(gr.key.label), 0, float64(len(ps)))
			probes = append(probes, ps)
		}
	}
	return desc, probes, nil
}

// sampleIntracellular records the traces of the cells built here at
// step, if it is due.
func (r *Intracellular) sampleIntracellular(step int64, dtMs float64) {
	if step%r.every != 0 {
		return
	}
	r.TMs = append(r.TMs, float64(step)*dtMs)
	for _, lt := range r.local {
		v := lt.probes[0].Value()
		for _, p := range lt.probes[1:] {
			v += p.Value()
		}
		t := &r.Traces[lt.trace]
		t.Values = append(t.Values, v)
	}
}

// gatherIntracellular gathers the traces of every rank's cells to rank
// 0 (collective).
func (n *Network) gatherIntracellular() error {
	r := n.Intracellular
	if n.comm == nil || r == nil || len(r.Traces) == 0 {
		return nil
	}
	owner := make([]int, len(r.Traces))
	rows := make([][]float64, len(r.Traces))
	for i, t := range r.Traces {
		owner[i], rows[i] = n.owner[t.Gid], t.Values
	}
	if err := n.gatherRows(rows, owner, len(r.TMs), "Recording.Intracellular."+r.Profile); err != nil {
		return err
	}
	for i := range r.Traces {
		r.Traces[i].Values = rows[i]
	}
	return nil
}

// Trace returns the trace of gid with rec id recID and label, or nil.
func (r *Intracellular) Trace(gid int, recID, label string) *Trace {
	for i := range r.Traces {
		if t := &r.Traces[i]; t.Gid == gid && t.RecID == recID && t.Label == label {
			return t
		}
	}
	return nil
}

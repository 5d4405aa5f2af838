package miv

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/store"
)

// wantTrace is a trace the test derives from the construction alone
// (the trees' section types, the synapse attributes and edges) and the
// probes it samples by hand.
type wantTrace struct {
	gid          int
	recID, label string
	probes       []morph.Probe
	values       []float64
}

// expectSectionTraces derives the section quantities' traces of profile
// p for every cell of n from the population trees (SPEC 4.4: rec id the
// section type, or type.index when the tree has several sections of
// that type), probing each location by hand.
func expectSectionTraces(t *testing.T, n *Network, con *Construction, p RecordingProfile) []wantTrace {
	t.Helper()
	var out []wantTrace
	for _, c := range n.Cells {
		tr := con.Trees[c.Population]
		for _, q := range p.SectionQuantity {
			v := q.Value.Variable
			if v == "" {
				v = q.Name
			}
			for k, swc := range q.Value.SWCTypes {
				id, _ := n.Config.Definitions.SWCTypes.Get(swc)
				var secs []int
				for i := range tr.Sections {
					if tr.SectionType(i) == id {
						secs = append(secs, i)
					}
				}
				x := 0.5
				if len(q.Value.Loc) > 0 {
					x = q.Value.Loc[k]
				}
				for _, i := range secs {
					rec := swc
					if len(secs) > 1 {
						rec = fmt.Sprintf("%s.%d", swc, i)
					}
					pr, err := n.Groups[c.Ref.Group].Probe(c.Ref.Cell, morph.At(fmt.Sprintf("sections[%d]", i), x), v)
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, wantTrace{gid: c.Gid, recID: rec, label: q.Name, probes: []morph.Probe{pr}})
				}
			}
		}
	}
	return out
}

// expectSynapticTraces derives the traces of synaptic quantity label of
// profile p (reduce) from the synapse attributes and the edges: every
// synapse with an edge passing the filters contributes the point
// process of each label of its projection (SynapsePoint), once; the
// point processes of one section and label are summed.
func expectSynapticTraces(t *testing.T, n *Network, con *Construction, label string, q SynapticQuantity) []wantTrace {
	t.Helper()
	var out []wantTrace
	cfg := n.Config
	for _, c := range n.Cells {
		syn := con.Synapses[c.Population][c.Gid-con.Somata[c.Population].Start]
		src := map[uint32]string{}
		for _, e := range con.Edges[c.Gid] {
			for _, id := range e.SynIDs {
				src[id] = e.Source
			}
		}
		type key struct {
			sec   int
			label string
		}
		at := map[key]int{}
		seen := map[morph.PointRef]bool{}
		for i, id := range syn.SynIDs {
			s, ok := src[id]
			if !ok {
				continue
			}
			typ, _ := nameOf(cfg.Definitions.SynapseTypes, int(syn.SynTypes[i]))
			swc, _ := nameOf(cfg.Definitions.SWCTypes, int(syn.SWCTypes[i]))
			layer, _ := nameOf(cfg.Definitions.Layers, int(syn.SynLayers[i]))
			if len(q.SynTypes) > 0 && !slices.Contains(q.SynTypes, typ) || len(q.Sources) > 0 && !slices.Contains(q.Sources, s) ||
				len(q.SWCTypes) > 0 && !slices.Contains(q.SWCTypes, swc) || len(q.Layers) > 0 && !slices.Contains(q.Layers, layer) {
				continue
			}
			labels, _, err := cfg.projectionParams(c.Population, s, swc)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range labels {
				g, ref, err := n.SynapsePoint(c.Gid, int(id), l)
				if err != nil {
					t.Fatal(err)
				}
				if seen[ref] {
					continue
				}
				seen[ref] = true
				pr, err := g.PointProbe(ref, label)
				if err != nil {
					t.Fatal(err)
				}
				k := key{int(syn.SynSecs[i]), l}
				j, ok := at[k]
				if !ok {
					j = len(out)
					at[k] = j
					out = append(out, wantTrace{gid: c.Gid, recID: fmt.Sprintf("%s%d.%s", swc, k.sec, l), label: label})
				}
				out[j].probes = append(out[j].probes, pr)
			}
		}
	}
	return out
}

// runByHand runs n to tstop sample by sample (as Run does), sampling
// want's probes by hand (sums in order) at every sample of the
// profile.
func runByHand(t *testing.T, n *Network, tstop float64, want []wantTrace) {
	t.Helper()
	total := int64(math.Round(tstop / n.DtMs))
	take := func() {
		for i := range want {
			s := 0.
			for k, p := range want[i].probes {
				if k == 0 {
					s = p.Value()
				} else {
					s += p.Value()
				}
			}
			want[i].values = append(want[i].values, s)
		}
	}
	if err := n.sample(0); err != nil {
		t.Fatal(err)
	}
	take()
	for n.steps < total {
		next := n.nextSample(n.steps)
		if next < 0 || next > total {
			next = total
		}
		if _, err := n.Net.Run(context.Background(), float64(next)*n.DtMs, len(n.Groups)); err != nil {
			t.Fatal(err)
		}
		n.steps = next
		before := len(n.Intracellular.TMs)
		if err := n.sample(next); err != nil {
			t.Fatal(err)
		}
		if len(n.Intracellular.TMs) > before {
			take()
		}
	}
}

// compareTraces checks that n's traces of labels are want's (the same
// gids, rec ids and labels, the values within tol relative to the
// largest) and returns the largest difference and value.
func compareTraces(t *testing.T, what string, r *Intracellular, want []wantTrace, labels []string, tol float64) (worst, largest float64) {
	t.Helper()
	var got []Trace
	for _, tr := range r.Traces {
		if slices.Contains(labels, tr.Label) {
			got = append(got, tr)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d traces of %v, want %d", what, len(got), labels, len(want))
	}
	index := map[string]int{}
	for i, w := range want {
		index[fmt.Sprintf("%d %s %s", w.gid, w.recID, w.label)] = i
	}
	for _, g := range got {
		i, ok := index[fmt.Sprintf("%d %s %s", g.Gid, g.RecID, g.Label)]
		if !ok {
			t.Fatalf("%s: trace gid %d %s %s is not expected", what, g.Gid, g.RecID, g.Label)
		}
		w := want[i]
		if len(g.Values) != len(w.values) || g.Points != len(w.probes) {
			t.Fatalf("%s: gid %d %s %s: %d values of %d point processes, want %d of %d", what, g.Gid, g.RecID, g.Label, len(g.Values), g.Points, len(w.values), len(w.probes))
		}
		for k := range g.Values {
			worst = max(worst, math.Abs(g.Values[k]-w.values[k]))
			largest = max(largest, math.Abs(w.values[k]))
		}
	}
	if !(worst <= tol*max(largest, 1e-300)) {
		t.Errorf("%s: traces within %.3g of the probes sampled by hand (largest %.3g), want %.3g relative", what, worst, largest, tol)
	}
	return worst, largest
}

// recCounts counts traces per (population, rec id) of want.
func recCounts(n *Network, want []wantTrace) map[string]int {
	out := map[string]int{}
	for _, w := range want {
		pop, _ := n.populationOf(w.gid)
		out[pop+" "+w.recID]++
	}
	return out
}

// filtersProfile records an ion variable and v at other locs, the
// conductance of the STIM synapses on apical sections in SR and the
// current of the excitatory synapses on basal sections, every 2 steps.
var filtersProfile = RecordingProfile{DtMs: 0.05, Reduce: true,
	SectionQuantity: Map[SectionQuantity]{
		{Name: "ina", Value: SectionQuantity{SWCTypes: []string{"soma"}}},
		{Name: "vd", Value: SectionQuantity{Variable: "v", SWCTypes: []string{"basal", "apical"}, Loc: []float64{0.9, 0.1}}}},
	SynapticQuantity: Map[SynapticQuantity]{
		{Name: "g", Value: SynapticQuantity{SWCTypes: []string{"apical"}, Layers: []string{"SR"}, Sources: []string{"STIM"}}},
		{Name: "i", Value: SynapticQuantity{SynTypes: []string{"excitatory"}, SWCTypes: []string{"basal"}}}}}

// TestIntracellularProfiles runs the tiny network (20 ms, Poisson STIM
// trains) with each of 1-construction's profiles Network default (every
// cell recorded), Network clamp default, Network clamp axial current
// Network clamp exc synaptic and Network clamp all synaptic (i: {}, dt
// 0.5 ms: every point process of the network once), and a profile of
// filters
// (filtersProfile), and checks every trace against the
// probes sampled by hand at the locations derived from the population
// trees (section quantities: each section of the listed types at its
// loc, rec id type or type.index) and from the synapse attributes and
// edges (synaptic quantities: the point processes of the excitatory
// synapses with an edge, summed by section and label): the same traces,
// bit for bit for section quantities, within 1e-12 for the sums; the
// store's data_ids and the results file's Intracellular namespaces read
// back equal the traces.
func TestIntracellularProfiles(t *testing.T) {
	const tstop = 20
	for _, name := range []string{DefaultRecording, "Network clamp default", "Network clamp axial current", "Network clamp exc synaptic", "Network clamp all synaptic", "filters"} {
		t.Run(name, func(t *testing.T) {
			cfg, con, tdir := smallNetwork(t, tinyCounts)
			cfg.Recording.Intracellular.Item(DefaultRecording).Value.Fraction = 1
			cfg.Recording.Intracellular = append(cfg.Recording.Intracellular, Item[RecordingProfile]{Name: "filters", Value: filtersProfile})
			prof, _ := cfg.Recording.Intracellular.Get(name)
			trains, err := cfg.DefaultStimTrains(tstop, 0)
			if err != nil {
				t.Fatal(err)
			}
			n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: 2, TstopMs: tstop, StimTrains: trains, Recording: name})
			if err != nil {
				t.Fatal(err)
			}
			r := n.Intracellular
			if len(r.Gids) != 4 {
				t.Fatalf("%d cells recorded, want 4", len(r.Gids))
			}
			want := expectSectionTraces(t, n, con, prof)
			labels := prof.SectionQuantity.Names()
			nsec := len(want)
			var synLabels []string
			for _, q := range prof.SynapticQuantity {
				want = append(want, expectSynapticTraces(t, n, con, q.Name, q.Value)...)
				synLabels = append(synLabels, q.Name)
			}
			runByHand(t, n, tstop, want)
			if wantN := int(math.Round(tstop/r.DtMs)) + 1; len(r.TMs) != wantN || r.TMs[wantN-1] != tstop {
				t.Errorf("%d samples ending at %g ms, want %d ending at %g (dt %g)", len(r.TMs), r.TMs[len(r.TMs)-1], wantN, float64(tstop), r.DtMs)
			}
			worst, largest := compareTraces(t, "section quantities", r, want[:nsec], labels, 0)
			t.Logf("%d section traces in %d namespaces (population, rec id), bit for bit (difference %g, |v| up to %.4g)", nsec, len(recCounts(n, want[:nsec])), worst, largest)
			if len(synLabels) > 0 {
				worst, largest = compareTraces(t, "synaptic quantities", r, want[nsec:], synLabels, 1e-12)
				pts := 0
				for _, w := range want[nsec:] {
					pts += len(w.probes)
				}
				t.Logf("%d synaptic traces summing %d point processes, within %.3g of the sums by hand (largest |value| %.4g)", len(want)-nsec, pts, worst, largest)
				if !(largest > 0) {
					t.Error("every synaptic current is 0: the check compares nothing")
				}
				if got := 0; name == "Network clamp all synaptic" {
					for _, tr := range r.Traces {
						if tr.Synaptic {
							got += tr.Points
						}
					}
					if got != n.PointProcesses {
						t.Errorf("i: {} records %d point processes, the network has %d", got, n.PointProcesses)
					}
				}
			}
			checkStoredAndResults(t, n)
		})
	}
}

// TestIntracellularRecIDs checks the traces per rec id of Network clamp
// default and Network clamp axial current against SPEC 4.4 on the tiny
// network's trees, counted here: PYR has 2 soma, 1 ais, 107 apical and
// 56 basal sections, PVBC 1 soma, 2 apical, 2 basal, OLM 1 soma and 2
// basal; a type with one section is recorded as the type, several as
// type.index; a type a cell lacks records nothing. The axial profile's
// start.v at loc 0.001 and mid.v at 0.5 differ on sections of several
// segments and are equal on one-segment sections (one node).
func TestIntracellularRecIDs(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	counts := map[string]map[int]int{}
	for pop, tr := range con.Trees {
		counts[pop] = map[int]int{}
		for i := range tr.Sections {
			counts[pop][tr.SectionType(i)]++
		}
	}
	if fmt.Sprint(counts) != "map[OLM:map[1:1 2:1 3:2] PVBC:map[1:1 3:2 4:2] PYR:map[1:2 2:1 3:56 4:107 7:1]]" {
		t.Fatalf("trees' section types %v: the test's counts need updating", counts)
	}
	for _, tc := range []struct {
		profile string
		// traces per population and rec id pattern: "soma", "soma.*" ...
		want map[string]int
	}{
		{"Network clamp default", map[string]int{"PYR soma.*": 2 * 2, "PYR ais": 2, "PYR apical.*": 2 * 107, "PYR basal.*": 2 * 56,
			"PVBC soma": 1, "PVBC apical.*": 2, "PVBC basal.*": 2, "OLM soma": 1, "OLM basal.*": 2}},
		{"Network clamp axial current", map[string]int{"PYR soma.*": 2 * 2, "PYR apical.*": 2 * 2 * 107, "PYR basal.*": 2 * 2 * 56,
			"PVBC soma": 1, "PVBC apical.*": 2 * 2, "PVBC basal.*": 2 * 2, "OLM soma": 1, "OLM basal.*": 2 * 2}},
	} {
		n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: 1, Recording: tc.profile})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		names := map[string]bool{}
		for _, tr := range n.Intracellular.Traces {
			typ, idx, several := strings.Cut(tr.RecID, ".")
			k := tr.Population + " " + typ
			if several {
				k += ".*"
				if fmt.Sprint(tr.Section) != idx {
					t.Errorf("%s gid %d: rec id %s of section %d", tc.profile, tr.Gid, tr.RecID, tr.Section)
				}
			}
			got[k]++
			names[tr.Population+" "+tr.RecID] = true
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: traces per rec id %v, want %v", tc.profile, got, tc.want)
		}
		t.Logf("%s: %d traces in %d namespaces", tc.profile, len(n.Intracellular.Traces), len(names))
		if tc.profile != "Network clamp axial current" {
			continue
		}
		// start.v (0.001) and mid.v (0.5) of every apical and basal section.
		differ, equal := 0, 0
		for _, tr := range n.Intracellular.Traces {
			if tr.Label != "start.v" {
				continue
			}
			if tr.X != 1e-3 {
				t.Errorf("start.v of gid %d %s at %g, want 0.001", tr.Gid, tr.RecID, tr.X)
			}
			c := n.Cell(tr.Gid)
			nseg := c.Morph.Morphology.Sections[tr.Section].Nseg
			cp := n.Groups[c.Ref.Group].Compartments(c.Ref.Cell)
			a, err := cp.Node(morph.At(fmt.Sprintf("sections[%d]", tr.Section), 1e-3))
			if err != nil {
				t.Fatal(err)
			}
			b, err := cp.Node(morph.At(fmt.Sprintf("sections[%d]", tr.Section), 0.5))
			if err != nil {
				t.Fatal(err)
			}
			if (a != b) != (nseg > 1) {
				t.Errorf("gid %d %s (nseg %d): nodes of 0.001 and 0.5 %d and %d", tr.Gid, tr.RecID, nseg, a, b)
			}
			if nseg > 1 {
				differ++
			} else {
				equal++
			}
		}
		t.Logf("start.v and mid.v on different nodes for %d sections, one node for %d (nseg 1)", differ, equal)
		if differ == 0 {
			t.Error("no section of several segments: the loc is not tested")
		}
	}
}

// checkStoredAndResults writes n's traces to a store and a results file
// and reads both back (for Network default also with h5py).
func checkStoredAndResults(t *testing.T, n *Network) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir, "tiny", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := writeIntracellular(st, n.Intracellular, store.Attrs{"model": "miv"}); err != nil {
		t.Fatal(err)
	}
	checkStoredTraces(t, st, n.Intracellular)
	path, err := n.WriteResults(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkResultsTraces(t, path, n)
	if n.Intracellular.Profile == DefaultRecording {
		checkIntracellularH5py(t, path, n)
	}
}

// checkStoredTraces reads every data_id of r's trace sets from st: a
// float32 row per trace with its gid, population and rec id, dt_ms the
// profile's.
func checkStoredTraces(t *testing.T, st *store.Store, r *Intracellular) {
	t.Helper()
	sets := r.TraceSets()
	if len(sets) == 0 {
		t.Fatal("no trace sets")
	}
	for _, set := range sets {
		m, attrs, err := st.ReadMatrix32(0, set.DataID)
		if err != nil {
			t.Fatal(err)
		}
		gids, _ := attrs.Uint64s("gids")
		recs, _ := attrs["rec_ids"].([]string)
		pops, _ := attrs["populations"].([]string)
		dt, _ := attrs.Float64("dt_ms")
		label, _ := attrs.String("label")
		want := map[string]string{"v": "mV", "i_membrane": "nA", "ina": "mA/cm2"}[set.Variable]
		if set.Synaptic {
			want = map[string]string{"i": "nA", "g": "uS"}[set.Variable]
		}
		if unit, _ := attrs.String("unit"); unit != want {
			t.Errorf("%s: unit %q, want %q", set.DataID, unit, want)
		}
		if m.Rows != len(set.Traces) || m.Cols != len(r.TMs) || len(gids) != m.Rows || len(recs) != m.Rows || len(pops) != m.Rows || dt != r.DtMs || label != set.Label {
			t.Fatalf("%s: %dx%d, %d gids, %d rec ids, dt %g, label %q; want %dx%d, dt %g, %q", set.DataID, m.Rows, m.Cols, len(gids), len(recs), dt, label,
				len(set.Traces), len(r.TMs), r.DtMs, set.Label)
		}
		for i, k := range set.Traces {
			tr := &r.Traces[k]
			if gids[i] != uint64(tr.Gid) || recs[i] != tr.RecID || pops[i] != tr.Population {
				t.Errorf("%s row %d: gid %d %s %s, want %d %s %s", set.DataID, i, gids[i], pops[i], recs[i], tr.Gid, tr.Population, tr.RecID)
			}
			for j, x := range tr.Values {
				if m.Data[i*m.Cols+j] != float32(x) {
					t.Fatalf("%s row %d sample %d: %g, want %g", set.DataID, i, j, m.Data[i*m.Cols+j], float32(x))
				}
			}
		}
	}
}

// checkResultsTraces reads the Intracellular namespaces of the results
// file at path: per population exactly one namespace per rec id of its
// traces, each with an attribute per label of its cells and t (float32,
// values rounded to 6 decimals as MiV's recsout writes them).
func checkResultsTraces(t *testing.T, path string, n *Network) {
	t.Helper()
	r := n.Intracellular
	byNS := map[string][]*Trace{}
	for i := range r.Traces {
		tr := &r.Traces[i]
		k := tr.Population + "/Intracellular " + tr.RecID
		byNS[k] = append(byNS[k], tr)
	}
	found := 0
	for _, pr := range n.Config.PopulationRanges() {
		names, err := store.NeuroH5Namespaces(path, pr.Name)
		if err != nil && len(byNS) > 0 && pr.Name != "STIM" {
			t.Fatal(err)
		}
		var got, want []string
		for _, ns := range names {
			if strings.HasPrefix(ns, "Intracellular ") {
				got = append(got, ns)
			}
		}
		for k := range byNS {
			if p, ns, _ := strings.Cut(k, "/"); p == pr.Name {
				want = append(want, ns)
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Fatalf("%s: namespaces %v, want %v", pr.Name, got, want)
		}
		for _, name := range want {
			ns, err := store.ReadNeuroH5Namespace(path, pr.Name, name)
			if err != nil {
				t.Fatal(err)
			}
			ta, ok := ns.Attribute("t")
			if !ok {
				t.Fatalf("%s %s: no t", pr.Name, name)
			}
			for _, tr := range byNS[pr.Name+"/"+name] {
				a, ok := ns.Attribute(tr.Label)
				if !ok {
					t.Fatalf("%s %s: no attribute %s", pr.Name, name, tr.Label)
				}
				i := slices.Index(a.Index, uint32(tr.Gid-pr.Start))
				j := slices.Index(ta.Index, uint32(tr.Gid-pr.Start))
				if i < 0 || j < 0 {
					t.Fatalf("%s %s: gid %d missing (%v, t %v)", pr.Name, name, tr.Gid, a.Index, ta.Index)
				}
				vals := a.Values.([]float32)[a.Pointer[i]:a.Pointer[i+1]]
				ts := ta.Values.([]float32)[ta.Pointer[j]:ta.Pointer[j+1]]
				if len(vals) != len(tr.Values) || len(ts) != len(r.TMs) {
					t.Fatalf("%s %s gid %d: %d values, %d times, want %d", pr.Name, name, tr.Gid, len(vals), len(ts), len(tr.Values))
				}
				for k, x := range tr.Values {
					if vals[k] != float32(math.RoundToEven(x*1e6)/1e6) || ts[k] != float32(math.RoundToEven(r.TMs[k]*1e6)/1e6) {
						t.Fatalf("%s %s gid %d sample %d: %g at %g, want %g at %g", pr.Name, name, tr.Gid, k, vals[k], ts[k], x, r.TMs[k])
					}
				}
				found++
			}
		}
	}
	if found != len(r.Traces) {
		t.Errorf("%d of %d traces found in %s", found, len(r.Traces), path)
	}
}

// TestIntracellularBadInput: profiles changed in memory (past Load's
// validation) fail in BuildNetwork, before anything runs, with an error
// naming the profile and the key: an unknown SWC type, synapse type or
// source, a variable no mechanism has (section and synaptic; checked
// against the linked mechanisms, whether or not a cell is drawn), a
// variable of a mechanism a recorded section lacks, a loc
// outside [0, 1] or one short, a dt below the step or not a whole number
// of steps, the label t, two labels of one data_id, and synaptic traces
// that share a namespace and label without reduce (MiV's recsout
// refuses them). The membrane current is recorded without the LFP (the
// profile turns it on).
func TestIntracellularBadInput(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	type edit func(c *Config) string // returns the profile
	sec := func(c *Config, profile, label string) *SectionQuantity {
		return &c.Recording.Intracellular.Item(profile).Value.SectionQuantity.Item(label).Value
	}
	syn := func(c *Config) *SynapticQuantity {
		return &c.Recording.Intracellular.Item("Network clamp exc synaptic").Value.SynapticQuantity.Item("i").Value
	}
	const def, clamp, axial, exc = DefaultRecording, "Network clamp default", "Network clamp axial current", "Network clamp exc synaptic"
	for _, tc := range []struct {
		name string
		edit edit
		want string
	}{
		{"unknown swc type", func(c *Config) string { sec(c, clamp, "v").SWCTypes[1] = "aiss"; return clamp },
			`Recording.Intracellular.Network clamp default.section quantity.v.swc types: SWC type "aiss" is not defined`},
		{"no swc types", func(c *Config) string { sec(c, def, "v").SWCTypes = nil; return def },
			"Recording.Intracellular.Network default.section quantity.v.swc types: none given"},
		{"variable", func(c *Config) string { sec(c, def, "v").Variable = "foo"; return def },
			`Recording.Intracellular.Network default.section quantity.v: variable "foo": no mechanism has it`},
		{"mechanism variable", func(c *Config) string { sec(c, def, "v").Variable = "nope_pas"; return def },
			`Recording.Intracellular.Network default.section quantity.v: variable "nope_pas": no mechanism has it`},
		{"ion variable", func(c *Config) string { sec(c, def, "v").Variable = "xyzi"; return def },
			`Recording.Intracellular.Network default.section quantity.v: variable "xyzi": no mechanism has it`},
		{"variable not in a section", func(c *Config) string {
			c.Recording.Intracellular.Item(def).Value.Fraction = 1
			sec(c, def, "v").Variable = "g_pas"
			return def
		}, `Recording.Intracellular.Network default.section quantity.v: variable "g_pas": PVBC gid 4, sections[0] (soma) at 0.5: morph: Probe: pas is not inserted`},
		{"loc > 1", func(c *Config) string { sec(c, axial, "start.v").Loc[0] = 1.5; return axial },
			"Recording.Intracellular.Network clamp axial current.section quantity.start.v.loc 1.5: want a location in [0, 1]"},
		{"loc < 0", func(c *Config) string { sec(c, axial, "mid.v").Loc[2] = -0.1; return axial },
			"Recording.Intracellular.Network clamp axial current.section quantity.mid.v.loc -0.1: want a location in [0, 1]"},
		{"loc short", func(c *Config) string { sec(c, axial, "mid.v").Loc = []float64{0.5}; return axial },
			"Recording.Intracellular.Network clamp axial current.section quantity.mid.v.loc: 1 values for 3 swc types"},
		{"dt below the step", func(c *Config) string { c.Recording.Intracellular.Item(def).Value.DtMs = 0.01; return def },
			"Recording.Intracellular.Network default.dt 0.01 ms: below the step of 0.025 ms"},
		{"dt not whole", func(c *Config) string { c.Recording.Intracellular.Item(def).Value.DtMs = 0.06; return def },
			"Recording.Intracellular.Network default.dt 0.06 ms: not a whole number of steps of 0.025 ms"},
		{"label t", func(c *Config) string {
			c.Recording.Intracellular.Item(def).Value.SectionQuantity[0].Name = "t"
			return def
		},
			"Recording.Intracellular.Network default.section quantity.t: the label t is the times"},
		{"one data_id", func(c *Config) string {
			p := &c.Recording.Intracellular.Item(axial).Value
			p.SectionQuantity = append(p.SectionQuantity, Item[SectionQuantity]{Name: "mid_v", Value: SectionQuantity{Variable: "v", SWCTypes: []string{"soma"}}})
			return axial
		}, `Recording.Intracellular.Network clamp axial current.section quantity.mid_v: stores as data_id "mid_v", as section quantity.mid.v does`},
		{"syn type", func(c *Config) string { syn(c).SynTypes = []string{"excitatoryy"}; return exc },
			`Recording.Intracellular.Network clamp exc synaptic.synaptic quantity.i.syn types: synapse type "excitatoryy" is not defined`},
		{"source", func(c *Config) string { syn(c).Sources = []string{"CA3"}; return exc },
			`Recording.Intracellular.Network clamp exc synaptic.synaptic quantity.i.sources: population "CA3" is not defined`},
		{"synaptic variable", func(c *Config) string {
			c.Recording.Intracellular.Item(exc).Value.SynapticQuantity[0].Name = "ix"
			return exc
		}, `Recording.Intracellular.Network clamp exc synaptic.synaptic quantity.ix: variable "ix": no point process of Connection Generator.Synapse Mechanisms has it`},
		{"no reduce", func(c *Config) string { c.Recording.Intracellular.Item(exc).Value.Reduce = false; return exc },
			"Recording.Intracellular.Network clamp exc synaptic.synaptic quantity.i: PVBC gid 4: 7 point processes of AMPA on sections[1] share the trace i of Intracellular apical1.AMPA: set reduce: true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cc, err := Load(cfg.Path)
			if err != nil {
				t.Fatal(err)
			}
			cc.Geometry = cfg.Geometry
			profile := tc.edit(cc)
			_, err = BuildNetwork(cc, con, NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: 1, Recording: profile})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v, want an error with %q", err, tc.want)
			}
		})
	}
	// On 3 in-process ranks the ranks of PVBC gid 4 (rank 1) and OLM gid
	// 5 (rank 2) fail and rank 0 says so; none waits for the others.
	cc, err := Load(cfg.Path)
	if err != nil {
		t.Fatal(err)
	}
	cc.Geometry = cfg.Geometry
	cc.Recording.Intracellular.Item(def).Value.Fraction = 1
	sec(cc, def, "v").Variable = "g_pas"
	comms := mpi.NewLocal(3)
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for r := range 3 {
		wg.Go(func() {
			_, errs[r] = BuildNetwork(cc, con, NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: 1, Recording: def, Comm: comms[r]})
		})
	}
	wg.Wait()
	for r, err := range errs {
		want := []string{"Recording.Intracellular.Network default: the setup failed on rank 1", `variable "g_pas": PVBC gid 4`, `variable "g_pas": OLM gid 5`}[r]
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("3 ranks, rank %d: %v, want an error with %q", r, err, want)
		}
	}

	// The membrane current without the LFP: the profile turns it on.
	cc, err = Load(cfg.Path)
	if err != nil {
		t.Fatal(err)
	}
	cc.Geometry = cfg.Geometry
	sec(cc, def, "v").Variable = "i_membrane"
	cc.Recording.Intracellular.Item(def).Value.Fraction = 1
	n, err := BuildNetwork(cc, con, NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: 1, Recording: def, NoLFP: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := n.Intracellular; len(r.Traces) != 6 || r.Traces[0].Variable != "i_membrane" || len(r.Traces[0].Values) != 11 || r.Traces[0].Values[0] != 0 {
		t.Errorf("i_membrane without LFP: %d traces, the first %+v: want 6 of 11 samples from 0", len(r.Traces), r.Traces[0])
	}
}

// intracellularH5py decodes every Intracellular namespace of a results
// file as neuroh5's cell-attribute readers do (SPEC 2.8: per attribute
// Cell Index, Attribute Pointer, Attribute Value) and prints
// {population: {namespace: {attribute: {cell index: values}}}} and the
// value dtypes.
const intracellularH5py = `
import h5py, json, sys
out, types = {}, {}
with h5py.File(sys.argv[1], "r") as f:
    for pop, g in f["Populations"].items():
        for ns, a in g.items():
            if not ns.startswith("Intracellular "):
                continue
            d = out.setdefault(pop, {}).setdefault(ns, {})
            for name, at in a.items():
                idx, ptr, val = at["Cell Index"][()], at["Attribute Pointer"][()], at["Attribute Value"]
                types[val.dtype.str] = True
                v = val[()]
                assert len(ptr) == len(idx) + 1 and ptr[-1] == len(v), (pop, ns, name)
                d[name] = {str(int(c)): [float(x) for x in v[ptr[i]:ptr[i + 1]]] for i, c in enumerate(idx)}
json.dump({"namespaces": out, "dtypes": sorted(types)}, sys.stdout)
`

// checkIntracellularH5py decodes the results file at path with h5py
// (skipped without it) and requires the traces of n, rounded as MiV's
// recsout writes them, and float32 values.
func checkIntracellularH5py(t *testing.T, path string, n *Network) {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skipf("%s not found: the h5py check needs python3-h5py", py)
	}
	if out, err := exec.Command(py, "-c", "import h5py").CombinedOutput(); err != nil {
		t.Skipf("h5py not importable (%v: %s)", err, out)
	}
	out, err := exec.Command(py, "-c", intracellularH5py, path).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("h5py: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var got struct {
		Namespaces map[string]map[string]map[string]map[string][]float64
		Dtypes     []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.Dtypes) != "[<f4]" {
		t.Errorf("h5py: value dtypes %v, want [<f4]", got.Dtypes)
	}
	r := n.Intracellular
	nt := 0
	for _, tr := range r.Traces {
		pr := n.ranges[slices.IndexFunc(n.ranges, func(p PopulationRange) bool { return p.Name == tr.Population })]
		cell := fmt.Sprint(tr.Gid - pr.Start)
		ns := got.Namespaces[tr.Population]["Intracellular "+tr.RecID]
		vals, ts := ns[tr.Label][cell], ns["t"][cell]
		if len(vals) != len(tr.Values) || len(ts) != len(r.TMs) {
			t.Fatalf("h5py: %s %s gid %d: %d values, %d times, want %d", tr.Population, tr.RecID, tr.Gid, len(vals), len(ts), len(tr.Values))
		}
		for k, x := range tr.Values {
			if vals[k] != float64(float32(round6(x))) || ts[k] != float64(float32(round6(r.TMs[k]))) {
				t.Fatalf("h5py: %s %s gid %d sample %d: %g at %g, want %g at %g", tr.Population, tr.RecID, tr.Gid, k, vals[k], ts[k], x, r.TMs[k])
			}
		}
		nt++
	}
	t.Logf("h5py decodes the %d traces", nt)
}

// TestIntracellularLimit checks a profile's limit: at most that many
// cells of each population, the first in gid order of those drawn (MiV
// limits per population).
func TestIntracellularLimit(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	prof := cfg.Recording.Intracellular.Item(DefaultRecording)
	prof.Value.Fraction, prof.Value.Limit = 1, 1
	n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: 1, Recording: DefaultRecording})
	if err != nil {
		t.Fatal(err)
	}
	var want []int
	for _, pop := range []string{"PYR", "PVBC", "OLM"} {
		want = append(want, con.Gids[pop][0])
	}
	slices.Sort(want)
	if !slices.Equal(n.Intracellular.Gids, want) {
		t.Errorf("limit 1: cells %v, want the first of each population %v", n.Intracellular.Gids, want)
	}
}

package miv

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/lfp"
	"github.com/golgi-sim/golgi/sim/morph"
)

// tinyCounts is a network of Microcircuit_Small's populations with a few
// cells: 2 STIM, 2 PYR, 1 PVBC (SO), 1 OLM.
var tinyCounts = map[string]map[string]int{"STIM": {"SP": 2}, "PYR": {"SP": 2}, "PVBC": {"SO": 1}, "OLM": {"SO": 1}}

// smallNetwork is Microcircuit_Small with counts per population and
// layer set to counts (population -> layer -> cells; the others 0), its
// construction in memory and its templates directory.
func smallNetwork(t *testing.T, counts map[string]map[string]int) (*Config, *Construction, string) {
	t.Helper()
	dir := refdata.Require(t, "miv/cases/1-construction")
	cfg, err := Load(filepath.Join(dir, "config", "Microcircuit_Small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range cfg.Geometry.CellDistribution {
		p := &cfg.Geometry.CellDistribution[i]
		for j := range p.Value {
			p.Value[j].Value = counts[p.Name][p.Value[j].Name]
		}
	}
	con, err := cfg.Construct(ConstructOptions{MorphologyDir: filepath.Join(dir, "datasets"), TemplatesDir: filepath.Join(dir, "templates"), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return cfg, con, filepath.Join(dir, "templates")
}

// TestNetworkSynapseConductance plays one spike of STIM gid 0 at 5 ms
// into a network of 6 cells and probes the AMPA point process of the
// first synapse of gid 0's edges onto the first PYR cell at every step:
// zero before the spike's arrival at 5 ms + max(distance / 250 um/ms,
// 2 dt) (SPEC 3.5, the distance from the edge), rising within 2 dt of
// it, peaking t_p = 1.075 ms later (within 1.5 dt) at N weight g_unit
// (within 0.5 %), N being the NetCons from gid 0 whose synapses lie in
// the same segment (counted here from the synapse attributes). The
// point process sits on section syn_secs in the segment of clip(syn_loc,
// 0.05, 0.95).
func TestNetworkSynapseConductance(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	const t0 = 5.0
	// STIM's conductances a hundredth of the configuration's, so that
	// no cell fires (a PYR spike would reach the same point process
	// through PYR -> PYR).
	prj, _ := cfg.ConnectionGenerator.Synapses.Get("PYR")
	stim, _ := prj.Get("STIM")
	for _, l := range []string{"AMPA", "NMDA"} {
		stim.Mechanisms.Item(l).Value.Item("g_unit").Value *= 0.01
	}
	n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: 12, StimTrains: map[int][]float64{0: {t0}}, NoLFP: true, Recording: "none"})
	if err != nil {
		t.Fatal(err)
	}
	pyr := con.Somata["PYR"].Start
	syn := con.Synapses["PYR"][0]
	var e *Edges
	for _, x := range con.Edges[pyr] {
		if x.Source == "STIM" {
			e = x
		}
	}
	j := slices.Index(e.SourceGids, 0)
	if j < 0 {
		t.Fatalf("no edge from STIM gid 0 onto PYR gid %d", pyr)
	}
	sid := int(e.SynIDs[j])
	segOf := func(i int) (int, int) {
		sec := int(syn.SynSecs[i])
		x := min(max(float64(syn.SynLocs[i]), 0.05), 0.95)
		nseg := n.Cell(pyr).Morph.Morphology.Sections[sec].Nseg
		return sec, min(int(x*float64(nseg)), nseg-1)
	}
	sec, seg := segOf(sid)
	count := 0
	for k, s := range e.SourceGids {
		if s == 0 {
			if a, b := segOf(int(e.SynIDs[k])); a == sec && b == seg {
				count++
			}
		}
	}
	delay := max(float64(e.DistanceUm[j])/250, 2*0.025)
	ampa, _ := stim.Mechanisms.Get("AMPA")
	w, _ := ampa.Get("weight")
	gu, _ := ampa.Get("g_unit")
	tr, _ := ampa.Get("tau_rise")
	td, _ := ampa.Get("tau_decay")
	tp := Exp2{TauRiseMs: tr, TauDecayMs: td}.PeakMs()
	peak := float64(count) * w * gu

	g, ref, err := n.SynapsePoint(pyr, sid, "AMPA")
	if err != nil {
		t.Fatal(err)
	}
	c := n.Cell(pyr)
	var pp *morph.PointProcess
	for i := range c.Morph.PointProcesses {
		if q := &c.Morph.PointProcesses[i]; q.Mech == "LinExp2Syn" && strings.HasPrefix(q.Name, "AMPA ") {
			if r, _ := g.PointProcess(c.Ref.Cell, q.Name); r == ref {
				pp = q
			}
		}
	}
	m := c.Morph.Morphology
	if pp == nil || pp.At.Section != m.Sections[sec].Name || int(pp.At.X*float64(m.Sections[sec].Nseg)) != seg {
		t.Fatalf("synapse %d: point process %+v, want LinExp2Syn on %s segment %d", sid, pp, m.Sections[sec].Name, seg)
	}
	probe, err := g.PointProbe(ref, "g")
	if err != nil {
		t.Fatal(err)
	}
	dt := n.DtMs
	first, tMax, gMax := -1.0, 0.0, 0.0
	for k := 1; k <= 480; k++ {
		sp, err := n.Net.Run(context.Background(), float64(k)*dt, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sp {
			if s.Gid != 0 || s.TMs != t0 {
				t.Fatalf("a spike other than STIM gid 0's at %g ms: %+v", t0, s)
			}
		}
		tk, v := float64(k)*dt, probe.Value()
		if v != 0 && first < 0 {
			first = tk
		}
		if v > gMax {
			tMax, gMax = tk, v
		}
	}
	arrive := t0 + delay
	t.Logf("synapse %d on %s seg %d: %d NetCons from gid 0 in the segment, delay %.4f ms; g first > 0 at %.3f ms, peak %.6g uS at %.3f ms (want %.6g at %.3f)",
		sid, m.Sections[sec].Name, seg, count, delay, first, gMax, tMax, peak, arrive+tp)
	if !(first >= arrive && first <= arrive+2*dt+1e-9) {
		t.Errorf("g first non-zero at %.4f ms, want within [%.4f, %.4f]", first, arrive, arrive+2*dt)
	}
	if math.Abs(tMax-(arrive+tp)) > 1.5*dt {
		t.Errorf("peak at %.4f ms, want %.4f within 1.5 dt", tMax, arrive+tp)
	}
	if math.Abs(gMax-peak) > 5e-3*peak {
		t.Errorf("peak %.6g uS, want %d x %g x %g = %.6g within 0.5 %%", gMax, count, w, gu, peak)
	}
}

// TestNetworkSharedPointProcesses counts, from the construction alone,
// the distinct (cell, section, segment, label) of every synapse with an
// edge (MiV's shared point processes, unique = false) and the NetCons
// (an edge's synapse has one per label of its projection: AMPA and
// NMDA for PYR <- STIM/PYR), against the network's.
func TestNetworkSharedPointProcesses(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: 2, TstopMs: 1, NoLFP: true, Recording: "none"})
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		gid, sec, seg int
		label         string
	}
	points := map[key]bool{}
	netcons, synapses := 0, 0
	for _, c := range n.Cells {
		syn := con.Synapses[c.Population][c.Gid-con.Somata[c.Population].Start]
		prj, _ := cfg.ConnectionGenerator.Synapses.Get(c.Population)
		for _, e := range con.Edges[c.Gid] {
			p, _ := prj.Get(e.Source)
			for _, sid := range e.SynIDs {
				sec := int(syn.SynSecs[sid])
				x := min(max(float64(syn.SynLocs[sid]), 0.05), 0.95)
				nseg := c.Morph.Morphology.Sections[sec].Nseg
				synapses++
				for _, l := range p.Mechanisms {
					points[key{c.Gid, sec, min(int(x*float64(nseg)), nseg-1), l.Name}] = true
					netcons++
				}
			}
		}
	}
	t.Logf("%d synapses with an edge, %d NetCons, %d shared point processes", synapses, netcons, len(points))
	if n.NetCons != netcons || n.PointProcesses != len(points) {
		t.Errorf("network: %d NetCons, %d point processes; want %d, %d", n.NetCons, n.PointProcesses, netcons, len(points))
	}
	if !(len(points) < synapses) {
		t.Errorf("%d point processes for %d synapses: nothing shared", len(points), synapses)
	}
}

// runTiny builds the tiny network with Poisson trains (Peak Rate 80 Hz
// over 30 ms), every biophysical cell's soma v recorded every 0.1 ms and
// electrode 0 moved 50 um above the first PYR soma, runs it on threads
// groups and returns the network and its spikes.
func runTiny(t *testing.T, threads int) (*Network, []Spike, *Construction) {
	t.Helper()
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	const tstop = 30
	trains, err := cfg.DefaultStimTrains(tstop, 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Recording.Intracellular.Item(DefaultRecording).Value.Fraction = 1
	p := con.Somata["PYR"]
	e := &cfg.Recording.LFP[0].Value
	e.PositionUm = [3]float64{p.X[0], p.Y[0] + 50, p.Z[0]}
	n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: threads, TstopMs: tstop, StimTrains: trains})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := n.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n, sp, con
}

// TestNetworkThreadsAndRerun runs the tiny network on 1 and 2 cell
// groups and again on 1: spikes, soma potentials and LFP samples must be
// equal bit for bit; the run must have biophysical spikes (else it
// compares little).
func TestNetworkThreadsAndRerun(t *testing.T) {
	a, sa, _ := runTiny(t, 1)
	b, sb, _ := runTiny(t, 2)
	c, sc, _ := runTiny(t, 1)
	if len(b.Groups) != 2 {
		t.Fatalf("%d groups, want 2", len(b.Groups))
	}
	bio := 0
	for _, s := range sa {
		if s.Population != "STIM" {
			bio++
		}
	}
	t.Logf("%d spikes (%d of biophysical cells), %d soma traces, %d LFP samples", len(sa), bio, len(a.Intracellular.Gids), len(a.LFP[0].Sampler.VMV))
	if bio == 0 || len(a.Intracellular.Gids) != len(a.Cells) {
		t.Fatalf("%d biophysical spikes, %d recorded cells of %d", bio, len(a.Intracellular.Gids), len(a.Cells))
	}
	for _, o := range []struct {
		name string
		n    *Network
		sp   []Spike
	}{{"2 threads", b, sb}, {"rerun", c, sc}} {
		if !slices.Equal(sa, o.sp) {
			t.Errorf("%s: spikes differ:\n%v\n%v", o.name, sa, o.sp)
		}
		for i, tr := range a.Intracellular.Traces {
			if !slices.Equal(tr.Values, o.n.Intracellular.Traces[i].Values) {
				t.Errorf("%s: soma v of gid %d (%s) differs", o.name, tr.Gid, tr.RecID)
			}
		}
		for k := range a.LFP {
			if !slices.Equal(a.LFP[k].Sampler.VMV, o.n.LFP[k].Sampler.VMV) || !slices.Equal(a.LFP[k].Sampler.TMs, o.n.LFP[k].Sampler.TMs) {
				t.Errorf("%s: LFP %s differs", o.name, a.LFP[k].Label)
			}
		}
	}
}

// TestNetworkLFP checks the electrodes of a run: the cells each sums are
// SelectLFPCells' choice from the somata of the construction (the cells
// were moved there: the first point of each first soma section is its
// soma within 1e-9 um), the samples are at 0, dt_lfp, ..., tstop, and
// every sample equals an independent sum over the members of weight x
// lfp.Coefficient x i_membrane of every segment, probed here (relative
// 1e-9), stepping the network sample by sample.
func TestNetworkLFP(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	p := con.Somata["PYR"]
	cfg.Recording.LFP[0].Value.PositionUm = [3]float64{p.X[0], p.Y[0] + 50, p.Z[0]}
	const tstop = 20.0
	trains, err := cfg.DefaultStimTrains(tstop, 0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: 2, TstopMs: tstop, StimTrains: trains, Recording: "none"})
	if err != nil {
		t.Fatal(err)
	}
	var cands []LFPCandidate
	for _, pop := range []string{"PYR", "PVBC", "OLM"} {
		s := con.Somata[pop]
		for k := range s.X {
			gid := s.Start + k
			cands = append(cands, LFPCandidate{Population: pop, Gid: uint64(gid), SomaUm: [3]float64{s.X[k], s.Y[k], s.Z[k]}})
			m := n.Cell(gid).Morph.Morphology
			i := slices.IndexFunc(m.Sections, func(s morph.Section) bool { return s.Type == morph.Soma })
			q := m.Sections[i].Points[0]
			if d := math.Hypot(math.Hypot(q.X-s.X[k], q.Y-s.Y[k]), q.Z-s.Z[k]); d > 1e-9 {
				t.Errorf("gid %d: first soma point %v, %g um from its soma", gid, q, d)
			}
		}
	}
	type term struct {
		k float64
		p morph.Probe
	}
	sums := make([][]term, len(n.LFP))
	for ei, e := range n.LFP {
		want, err := SelectLFPCells([]string{"OLM", "PVBC", "PYR"}, cands, e.Config.PositionUm, e.Config.MaxEDistUm, e.Config.Fraction, uint64(cfg.RandomSeeds.LocalFieldPotential))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(want, e.Members) {
			t.Errorf("%s: members %+v, want %+v", e.Label, e.Members, want)
		}
		el := lfp.Electrode{PosUm: e.Config.PositionUm, RhoOhmCm: e.Config.RhoOhmCm}
		for _, mb := range e.Members {
			c := n.Cell(int(mb.Gid))
			for _, s := range c.Morph.Morphology.Sections {
				ls := lfp.Section{Nseg: s.Nseg}
				for _, q := range s.Points {
					ls.XUm, ls.YUm, ls.ZUm, ls.DiamUm = append(ls.XUm, q.X), append(ls.YUm, q.Y), append(ls.ZUm, q.Z), append(ls.DiamUm, q.D)
				}
				for j := range s.Nseg {
					a, b, d, err := ls.SegmentEnds(j)
					if err != nil {
						t.Fatal(err)
					}
					k, err := lfp.Coefficient(a, b, d, el)
					if err != nil {
						t.Fatal(err)
					}
					pr, err := n.Groups[c.Ref.Group].Probe(c.Ref.Cell, morph.At(s.Name, (float64(j)+.5)/float64(s.Nseg)), "i_membrane")
					if err != nil {
						t.Fatal(err)
					}
					sums[ei] = append(sums[ei], term{mb.Weight * k, pr})
				}
			}
		}
	}
	if len(n.LFP[0].Members) == 0 || n.LFP[0].Members[0].Distal {
		t.Fatalf("electrode 0 near PYR gid %d has members %+v, want it proximal", p.Start, n.LFP[0].Members)
	}
	// Step sample by sample, checking each electrode's sample against
	// the sum by hand at that state.
	worst, largest := 0., 0.
	total := int64(math.Round(tstop / n.DtMs))
	if err := n.sample(0); err != nil {
		t.Fatal(err)
	}
	for _, e := range n.LFP {
		if e.Sampler.VMV[0] != 0 {
			t.Errorf("%s: %g mV at t = 0, want 0 (no current at rest before any step)", e.Label, e.Sampler.VMV[0])
		}
	}
	for n.steps < total {
		before := make([]int, len(n.LFP))
		for i, e := range n.LFP {
			before[i] = len(e.Sampler.VMV)
		}
		next := n.nextSample(n.steps)
		if next < 0 || next > total {
			next = total
		}
		if _, err := n.Net.Run(context.Background(), float64(next)*n.DtMs, 2); err != nil {
			t.Fatal(err)
		}
		n.steps = next
		if err := n.sample(next); err != nil {
			t.Fatal(err)
		}
		for i, e := range n.LFP {
			if len(e.Sampler.VMV) == before[i] {
				continue
			}
			sum := 0.
			for _, tm := range sums[i] {
				sum += tm.k * tm.p.Value()
			}
			got := e.Sampler.VMV[len(e.Sampler.VMV)-1]
			worst = math.Max(worst, math.Abs(got-sum)/math.Max(math.Abs(sum), 1e-300))
			largest = math.Max(largest, math.Abs(sum))
		}
	}
	for _, e := range n.LFP {
		wantN := int(math.Floor(tstop/e.Config.DtMs+1e-9)) + 1
		if len(e.Sampler.TMs) != wantN || e.Sampler.TMs[wantN-1] != float64(wantN-1)*e.Config.DtMs {
			t.Errorf("%s: %d samples ending at %g ms, want %d ending at %g", e.Label, len(e.Sampler.TMs), e.Sampler.TMs[len(e.Sampler.TMs)-1], wantN, tstop)
		}
	}
	t.Logf("%d electrodes, members %d/%d; samples within %.2g (relative) of the sums by hand, up to %.3g mV", len(n.LFP), len(n.LFP[0].Members), len(n.LFP[1].Members), worst, largest)
	if !(worst <= 1e-9) || !(largest > 0) {
		t.Errorf("LFP: within %.3g of the sums by hand (want 1e-9), largest %g mV", worst, largest)
	}
}

package miv

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/mpi"
)

// TestDistribute checks the assignment of gids to ranks: MiV's round
// robin (gid mod ranks) without gap junctions; with them, the coupled
// cells (directly or through others) on the rank of their smallest gid;
// a junction naming a STIM gid is an error.
func TestDistribute(t *testing.T) {
	cfg, _, _ := smallNetwork(t, tinyCounts)
	// tinyCounts: STIM 0-1, PYR 2-3, PVBC 4, OLM 5.
	gap := func(a, b int) GapJunctionSet {
		return GapJunctionSet{Source: "PYR", Destination: "PYR", Junctions: []GapJunction{{SourceGid: a, DestinationGid: b}}}
	}
	for _, tc := range []struct {
		name  string
		ranks int
		gaps  []GapJunctionSet
		want  map[int]int
	}{
		{"one rank", 1, nil, map[int]int{2: 0, 3: 0, 4: 0, 5: 0}},
		{"2 ranks", 2, nil, map[int]int{2: 0, 3: 1, 4: 0, 5: 1}},
		{"3 ranks", 3, nil, map[int]int{2: 2, 3: 0, 4: 1, 5: 2}},
		{"8 ranks", 8, nil, map[int]int{2: 2, 3: 3, 4: 4, 5: 5}},
		{"2 ranks, 3-5", 2, []GapJunctionSet{gap(5, 3)}, map[int]int{2: 0, 3: 1, 4: 0, 5: 1}},
		{"3 ranks, 3-5", 3, []GapJunctionSet{gap(5, 3)}, map[int]int{2: 2, 3: 0, 4: 1, 5: 0}},
		{"3 ranks, 4-5, 5-3", 3, []GapJunctionSet{gap(4, 5), gap(5, 3)}, map[int]int{2: 2, 3: 0, 4: 0, 5: 0}},
		{"3 ranks, 2-3", 3, []GapJunctionSet{gap(2, 3)}, map[int]int{2: 2, 3: 2, 4: 1, 5: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Distribute(cfg, &Construction{GapJunctions: tc.gaps}, tc.ranks)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("ranks %v, want %v", got, tc.want)
			}
		})
	}
	if _, err := Distribute(cfg, &Construction{GapJunctions: []GapJunctionSet{gap(1, 3)}}, 2); err == nil {
		t.Error("a gap junction on STIM gid 1: no error")
	}
}

// distRun is what TestNetworkDistributed compares: rank 0's spikes,
// intracellular traces and electrode samples.
type distRun struct {
	spikes []Spike
	gids   []int
	traces []Trace
	lfp    [][]float64
}

// TestNetworkDistributed runs the tiny network with a gap junction
// between its two PYR cells (gapTiny's), a recording profile of every
// cell (Network clamp exc synaptic with the membrane current of the
// soma sections and the conductance g of the STIM synapses added: v of
// the soma, apical and basal sections at 0.5, i_membrane, the
// excitatory synapses' i and the STIM synapses' g summed by section and
// label) and two electrodes (every cell proximal; every cell distal,
// about half sampled, weight 1/0.5), for 20 ms on one process and on 1,
// 2 and 3 in-process ranks (mpi.NewLocal) x 1 and 2 threads: rank 0's
// spikes (STIM included), traces (gid, rec id, label, location, points
// and values) and LFP samples equal one process's bit for bit, every
// rank has every trace's description, and the other ranks return the
// same spikes.
func TestNetworkDistributed(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	con.GapJunctions = pyrGap(con)
	prof := &cfg.Recording.Intracellular.Item("Network clamp exc synaptic").Value
	prof.SectionQuantity = append(prof.SectionQuantity, Item[SectionQuantity]{Name: "im", Value: SectionQuantity{Variable: "i_membrane", SWCTypes: []string{"soma"}}})
	prof.SynapticQuantity = append(prof.SynapticQuantity, Item[SynapticQuantity]{Name: "g", Value: SynapticQuantity{Sources: []string{"STIM"}}})
	e0 := &cfg.Recording.LFP.Item("Electrode 0").Value
	e0.MaxEDistUm = 1e9
	e1 := &cfg.Recording.LFP.Item("Electrode 1").Value
	e1.MaxEDistUm, e1.Fraction = 0, 0.5
	const tstop = 20
	trains, err := cfg.DefaultStimTrains(tstop, 0)
	if err != nil {
		t.Fatal(err)
	}
	build := func(threads int, comm Comm) (*Network, error) {
		return BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: threads, TstopMs: tstop, StimTrains: trains, Comm: comm,
			Recording: "Network clamp exc synaptic"})
	}
	result := func(n *Network, sp []Spike) distRun {
		r := distRun{spikes: sp, gids: n.Intracellular.Gids, traces: n.Intracellular.Traces}
		for _, e := range n.LFP {
			r.lfp = append(r.lfp, e.Sampler.VMV)
		}
		return r
	}
	one, err := build(1, nil)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := one.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := result(one, sp)
	cells := 0
	for _, sp := range want.spikes {
		if sp.Population != "STIM" {
			cells++
		}
	}
	labels := map[string]int{}
	for _, tr := range want.traces {
		labels[tr.Label]++
	}
	t.Logf("one process: traces per label %v", labels)
	if cells == 0 || len(want.gids) != 4 || labels["v"] == 0 || labels["im"] != 6 || labels["i"] == 0 || labels["g"] == 0 || len(want.lfp) != 2 || len(want.lfp[0]) != 201 || len(one.LFP[0].Members) != 4 ||
		len(one.LFP[1].Members) == 0 || len(one.LFP[1].Members) == 4 {
		t.Fatalf("one process: %d spikes (%d of cells), %d cells recorded, %d electrodes, members %d and %d: want spikes of cells, 4 recorded, 2 electrodes of 201 samples, 4 members and some",
			len(want.spikes), cells, len(want.gids), len(want.lfp), len(one.LFP[0].Members), len(one.LFP[1].Members))
	}
	for _, ranks := range []int{1, 2, 3} {
		for _, threads := range []int{1, 2} {
			comms := mpi.NewLocal(ranks)
			got := make([]distRun, ranks)
			errs := make([]error, ranks)
			nets := make([]*Network, ranks)
			var wg sync.WaitGroup
			for r := range ranks {
				wg.Go(func() {
					n, err := build(threads, comms[r])
					if err != nil {
						errs[r] = err
						return
					}
					sp, err := n.Run(context.Background())
					errs[r], nets[r], got[r] = err, n, result(n, sp)
				})
			}
			wg.Wait()
			for r, err := range errs {
				if err != nil {
					t.Fatalf("%d ranks x %d threads: rank %d: %v", ranks, threads, r, err)
				}
			}
			what := fmt.Sprintf("%d ranks x %d threads", ranks, threads)
			for r := range ranks {
				if d := diffSpikes(got[r].spikes, want.spikes); d != "" {
					t.Errorf("%s: rank %d: %s", what, r, d)
				}
				// The coupled PYR cells (gids 2, 3) share a rank.
				if (nets[r].Cell(2) == nil) != (nets[r].Cell(3) == nil) {
					t.Errorf("%s: rank %d builds one of the coupled PYR cells only", what, r)
				}
			}
			g := got[0]
			if fmt.Sprint(g.gids) != fmt.Sprint(want.gids) {
				t.Fatalf("%s: recorded gids %v, want %v", what, g.gids, want.gids)
			}
			if len(g.traces) != len(want.traces) {
				t.Fatalf("%s: %d traces, want %d", what, len(g.traces), len(want.traces))
			}
			for r := range ranks {
				if len(got[r].traces) != len(want.traces) {
					t.Errorf("%s: rank %d describes %d traces, want %d", what, r, len(got[r].traces), len(want.traces))
				}
			}
			for i, w := range want.traces {
				tr := g.traces[i]
				if d := diffBits(tr.Values, w.Values); d != "" || tr.Gid != w.Gid || tr.RecID != w.RecID || tr.Label != w.Label ||
					tr.Points != w.Points || tr.Section != w.Section || math.Float64bits(tr.X) != math.Float64bits(w.X) || tr.Population != w.Population {
					t.Errorf("%s: trace %d (gid %d %s %s): %+v %s", what, i, w.Gid, w.RecID, w.Label, tr, d)
				}
			}
			for i := range want.lfp {
				if d := diffBits(g.lfp[i], want.lfp[i]); d != "" {
					t.Errorf("%s: electrode %d: %s", what, i, d)
				}
			}
		}
	}
	t.Logf("%d spikes (%d of cells), %d traces of 4 cells and 2 electrodes (%d and %d members) equal bit for bit on 1-3 ranks x 1-2 threads",
		len(want.spikes), cells, len(want.traces), len(one.LFP[0].Members), len(one.LFP[1].Members))
}

// diffSpikes says how spikes differ from want (times bit for bit), or "".
func diffSpikes(got, want []Spike) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d spikes, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Gid != want[i].Gid || got[i].Population != want[i].Population || math.Float64bits(got[i].TMs) != math.Float64bits(want[i].TMs) {
			return fmt.Sprintf("spike %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	return ""
}

// diffBits says where got and want differ bit for bit, or "".
func diffBits(got, want []float64) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d values, want %d", len(got), len(want))
	}
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			return fmt.Sprintf("value %d: %v, want %v", i, got[i], want[i])
		}
	}
	return ""
}

// TestConstructRanks constructs the tiny network's share of each of 2
// and 3 ranks (ConstructOptions.Ranks): every rank's synapse attributes
// and edges of its own gids (Distribute's) equal the whole
// construction's, the other gids have none, and the somata and trees are
// all there.
func TestConstructRanks(t *testing.T) {
	cfg, full, _ := smallNetwork(t, tinyCounts)
	dir := refdata.Require(t, "miv/cases/1-construction")
	for _, ranks := range []int{2, 3} {
		owner, err := Distribute(cfg, full, ranks)
		if err != nil {
			t.Fatal(err)
		}
		for r := range ranks {
			con, err := cfg.Construct(ConstructOptions{MorphologyDir: filepath.Join(dir, "datasets"), TemplatesDir: filepath.Join(dir, "templates"),
				Workers: 2, Ranks: ranks, Rank: r})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(con.Somata, full.Somata) || !reflect.DeepEqual(con.Trees, full.Trees) {
				t.Errorf("%d ranks, rank %d: somata or trees differ from the whole construction's", ranks, r)
			}
			mine := 0
			for pop, syns := range full.Synapses {
				start := full.Somata[pop].Start
				for k, want := range syns {
					gid := start + k
					got, edges := con.Synapses[pop][k], con.Edges[gid]
					if owner[gid] != r {
						if got != nil || edges != nil {
							t.Errorf("%d ranks, rank %d: gid %d (rank %d's) has synapses or edges", ranks, r, gid, owner[gid])
						}
						continue
					}
					mine++
					if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(edges, full.Edges[gid]) {
						t.Errorf("%d ranks, rank %d: gid %d: synapses or edges differ from the whole construction's", ranks, r, gid)
					}
				}
			}
			if mine == 0 {
				t.Errorf("%d ranks, rank %d: no cells", ranks, r)
			}
		}
	}
}

package netcon_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/internal/testcells"
	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/netcon"
)

// rankedCells builds the network of twoCells on ranks in-process ranks:
// cell A (gid 1) on rank 0, cell B (gid 2) on rank 1 % ranks, no cell on
// the others; connections name their sources by gid. It returns each
// rank's network and groups.
func rankedCells(t *testing.T, ranks int) ([]*netcon.Network, [][]*morph.CellGroup) {
	t.Helper()
	comms := mpi.NewLocal(ranks)
	nets := make([]*netcon.Network, ranks)
	groups := make([][]*morph.CellGroup, ranks)
	errs := make([]error, ranks)
	var wg sync.WaitGroup
	for r := range ranks {
		var cells []*morph.Cell
		var gids []uint64
		if r == 0 {
			a := testcells.V5(1)
			a.ThresholdMV = -20
			cells, gids = append(cells, a), append(gids, 1)
		}
		if r == 1%ranks {
			b := testcells.V5(1)
			b.ThresholdMV = -20
			b.Clamps = nil
			cells, gids = append(cells, b), append(gids, 2)
		}
		var opt netcon.Options
		opt.Comm, opt.DtMs = comms[r], 0.025
		var conns []netcon.Connection
		if len(cells) > 0 {
			g, err := morph.NewCellGroup(cells, 0.025, 34)
			if err != nil {
				t.Fatal(err)
			}
			groups[r] = []*morph.CellGroup{g}
			opt.Gids = [][]uint64{gids}
			for c, gid := range gids {
				syn, err := g.PointProcess(c, "syn")
				if err != nil {
					t.Fatal(err)
				}
				// A -> B of netWeight, B -> A of netBackWeight.
				src, w := uint64(1), netWeight
				if gid == 1 {
					src, w = 2, netBackWeight
				}
				conns = append(conns, netcon.Connection{SourceGid: src, TargetGroup: 0, Target: syn, DelayMs: netDelayMs, Weight: []float64{w, 1}})
			}
		} else {
			opt.Gids = [][]uint64{}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			nets[r], errs[r] = netcon.NewWithOptions(groups[r], conns, &opt)
		}()
	}
	wg.Wait()
	for r, err := range errs {
		if err != nil {
			t.Fatalf("rank %d: %v", r, err)
		}
	}
	return nets, groups
}

// TestDistributedSameAsOneGroup runs twoCells' network (A drives B, B
// feeds back) on 1, 2 and 3 in-process ranks (A and B on different ranks
// from 2 on, a third rank without cells) and requires every rank to
// return the one-group network's spikes (times bit for bit, gids) and
// the cells' potentials at the end to be the same bits.
func TestDistributedSameAsOneGroup(t *testing.T) {
	n, groups := twoCells(t, false)
	ref, err := n.Run(context.Background(), 120, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(ref) < 10 {
		t.Fatalf("%d spikes", len(ref))
	}
	vRef := [2]float64{}
	for c := range 2 {
		p, err := groups[0].Probe(c, morph.At("tuft", 0.5), "v")
		if err != nil {
			t.Fatal(err)
		}
		vRef[c] = p.Value()
	}
	for ranks := 1; ranks <= 3; ranks++ {
		nets, groups := rankedCells(t, ranks)
		if got := nets[0].StepsPerExchange(); got != n.StepsPerExchange() {
			t.Errorf("%d ranks: %d steps per exchange, want %d", ranks, got, n.StepsPerExchange())
		}
		spikes := make([][]netcon.Spike, ranks)
		errs := make([]error, ranks)
		var wg sync.WaitGroup
		for r := range ranks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// In two calls, as reports run it.
				s1, err := nets[r].Run(context.Background(), 47.3, 1)
				if err != nil {
					errs[r] = err
					return
				}
				s2, err := nets[r].Run(context.Background(), 120, 2)
				spikes[r], errs[r] = append(s1, s2...), err
			}()
		}
		wg.Wait()
		for r := range ranks {
			if errs[r] != nil {
				t.Fatalf("%d ranks, rank %d: %v", ranks, r, errs[r])
			}
			if len(spikes[r]) != len(ref) {
				t.Fatalf("%d ranks, rank %d: %d spikes, want %d", ranks, r, len(spikes[r]), len(ref))
			}
			for k, s := range spikes[r] {
				if s.TMs != ref[k].TMs || s.Gid != uint64(ref[k].Cell.Cell+1) {
					t.Errorf("%d ranks, rank %d: spike %d of gid %d at %v ms, want gid %d at %v ms", ranks, r, k, s.Gid, s.TMs, ref[k].Cell.Cell+1, ref[k].TMs)
					break
				}
			}
		}
		for c := range 2 {
			r, cell := 0, c
			if c == 1 && ranks > 1 {
				r, cell = 1, 0
			}
			p, err := groups[r][0].Probe(cell, morph.At("tuft", 0.5), "v")
			if err != nil {
				t.Fatal(err)
			}
			if p.Value() != vRef[c] {
				t.Errorf("%d ranks: cell %d v = %.17g, want %.17g", ranks, c, p.Value(), vRef[c])
			}
		}
	}
}

// TestDistributedStop cancels one rank's context: every rank stops after
// the same interval, the others with ErrStoppedElsewhere.
func TestDistributedStop(t *testing.T) {
	nets, _ := rankedCells(t, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	errs := make([]error, 2)
	got := make([][]netcon.Spike, 2)
	var wg sync.WaitGroup
	for r := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := context.Background()
			if r == 1 {
				c = ctx
			}
			got[r], errs[r] = nets[r].Run(c, 120, 1)
		}()
	}
	wg.Wait()
	if !errors.Is(errs[1], context.Canceled) || !errors.Is(errs[0], netcon.ErrStoppedElsewhere) {
		t.Errorf("errors %v, %v; want ErrStoppedElsewhere on rank 0 and the context's on rank 1", errs[0], errs[1])
	}
	if len(got[0]) != len(got[1]) {
		t.Errorf("ranks stopped apart: %d and %d spikes", len(got[0]), len(got[1]))
	}
}

// TestBadGids checks NewWithOptions's errors on gids: a distributed
// network needs them, one per cell, each once, and below 2^53 (the
// exchange carries them as float64).
func TestBadGids(t *testing.T) {
	_, groups := twoCells(t, true)
	comm := mpi.NewLocal(1)[0]
	for _, tc := range []struct {
		name string
		gids [][]uint64
		comm netcon.Comm
		want string
	}{
		{"no gids with a Comm", nil, comm, "needs Options.Gids"},
		{"gids of one group", [][]uint64{{1}}, nil, "gids of 1 groups for 2 groups"},
		{"two gids for one cell", [][]uint64{{1, 3}, {2}}, nil, "2 gids for the 1 cells of group 0"},
		{"gid twice", [][]uint64{{1}, {1}}, nil, "gid 1 given twice"},
		{"gid 2^53 with a Comm", [][]uint64{{1}, {1 << 53}}, comm, "gid 9007199254740992: the spike exchange carries gids below 2^53"},
	} {
		_, err := netcon.NewWithOptions(groups, nil, &netcon.Options{Gids: tc.gids, Comm: tc.comm})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	// Without a Comm, gids are only names: 2^53 is accepted.
	if _, err := netcon.NewWithOptions(groups, nil, &netcon.Options{Gids: [][]uint64{{1}, {1 << 53}}}); err != nil {
		t.Errorf("gid 2^53 without a Comm: %v", err)
	}
}

package gridcells

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/mpi"
)

// TestRanksBitIdentical runs the 1D default network for 150 ms on 2 and 3
// in-process ranks (round-robin, and by a cost that puts the stellates
// first) and requires every rank's spikes and recorded potentials to be the
// single process's, bit for bit. Under mpirun the same is tested on real
// ranks by cmd/golgi's TestMPIGridcellsIdentical (make test-mpi).
func TestRanksBitIdentical(t *testing.T) {
	build := func() *Network {
		m, s := Defaults()
		s.SimDur = 150
		s.RecordHandleStell = map[string]*RecordHandle{"stell_v": {State: true, CellsToRecord: Cells{GIDs: []int{0, 5, 383}}}}
		n, err := NewNetwork(m, s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	one := build()
	want, err := one.Run(context.Background(), &sim.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if want.NumSpikes() < 1000 || len(want.Traces) == 0 {
		t.Fatalf("%d spikes, %d traces: the test needs activity", want.NumSpikes(), len(want.Traces))
	}
	cells := one.Model.NStell + one.Model.NIntrnrn
	cost := make([]float64, cells)
	for g := range cost {
		cost[g] = 1
		if g < one.Model.NStell {
			cost[g] = 3
		}
	}
	for _, size := range []int{2, 3} {
		for _, cc := range [][]float64{nil, cost} {
			comms := mpi.NewLocal(size)
			res := make([]*sim.Result, size)
			errs := make([]error, size)
			var wg sync.WaitGroup
			for r := range comms {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res[r], errs[r] = build().Run(context.Background(), &sim.Options{Threads: 1, Comm: comms[r], CellCost: cc})
				}()
			}
			wg.Wait()
			for r := range res {
				where := fmt.Sprintf("%d ranks (cost %v), rank %d", size, cc != nil, r)
				if errs[r] != nil {
					t.Fatalf("%s: %v", where, errs[r])
				}
				if g, w := res[r].SpikesSHA256(), want.SpikesSHA256(); g != w {
					t.Errorf("%s: %d spikes, sha256 %.16s; one process %d, %.16s", where, res[r].NumSpikes(), g, want.NumSpikes(), w)
				}
				for k, tr := range want.Traces {
					for i, row := range tr.Values {
						got := res[r].Traces[k].Values[i]
						if len(got) != len(row) {
							t.Fatalf("%s: trace row %d: %d samples, want %d", where, i, len(got), len(row))
						}
						for j := range row {
							if got[j] != row[j] {
								t.Fatalf("%s: %s cell %d sample %d: %g, want %g", where, tr.Variable, tr.Neurons[i], j, got[j], row[j])
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d spikes, identical on 2 and 3 ranks", want.NumSpikes())
}

package miv

import (
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/mpi"
)

// TestConstructionGather constructs the tiny network's shares on 3
// in-process ranks (ConstructOptions.Ranks) and gathers them
// (Construction.Gather): rank 0's synapse attributes and edges equal one
// process's construction, gid for gid, value for value.
func TestConstructionGather(t *testing.T) {
	cfg, full, _ := smallNetwork(t, tinyCounts)
	dir := refdata.Require(t, "miv/cases/1-construction")
	const ranks = 3
	comms := mpi.NewLocal(ranks)
	cons := make([]*Construction, ranks)
	errs := make([]error, ranks)
	var wg sync.WaitGroup
	for r := range ranks {
		wg.Go(func() {
			con, err := cfg.Construct(ConstructOptions{MorphologyDir: filepath.Join(dir, "datasets"), TemplatesDir: filepath.Join(dir, "templates"),
				Workers: 1, Ranks: ranks, Rank: r})
			if err == nil {
				err = con.Gather(cfg, comms[r])
			}
			cons[r], errs[r] = con, err
		})
	}
	wg.Wait()
	for r, err := range errs {
		if err != nil {
			t.Fatalf("rank %d: %v", r, err)
		}
	}
	got := cons[0]
	n := 0
	for pop, syns := range full.Synapses {
		for k, want := range syns {
			n++
			if !reflect.DeepEqual(got.Synapses[pop][k], want) {
				t.Errorf("%s gid %d: synapses %+v, want %+v", pop, full.Somata[pop].Start+k, got.Synapses[pop][k], want)
			}
		}
	}
	if n != 4 {
		t.Errorf("%d cells with synapses, want 4", n)
	}
	if !reflect.DeepEqual(got.Edges, full.Edges) {
		t.Errorf("edges differ from one process's")
	}
	if !reflect.DeepEqual(got.Gids, full.Gids) || !reflect.DeepEqual(got.Somata, full.Somata) {
		t.Errorf("gids or somata differ from one process's")
	}
}

package sim_test

import (
	"context"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/nets"
)

// costNet is a spike source (gid 0), a ring of 20 multicompartment cells
// (costly, gids 1-20) and 400 Poisson sources (cheap).
func costNet(t *testing.T) *sim.Network {
	net, err := nets.Ring(20)
	if err != nil {
		t.Fatal(err)
	}
	net.AddPopulation("src", 400, &sim.PoissonSource{Rate: 10})
	return net
}

// TestCellCosts measures per-cell costs on one process and on 2 ranks:
// every cell's cost is positive, a multicompartment cell costs more than
// a Poisson source, and every rank gets every cell's cost.
func TestCellCosts(t *testing.T) {
	check := func(where string, cost []float64) {
		t.Helper()
		if len(cost) != 421 {
			t.Fatalf("%s: %d costs, want 421", where, len(cost))
		}
		var ring, src float64
		for g, c := range cost {
			if !(c > 0) && !(g == 0 && c == 0) {
				t.Fatalf("%s: cost of gid %d is %g", where, g, c)
			}
			switch {
			case g == 0:
			case g <= 20:
				ring += c / 20
			default:
				src += c / 400
			}
		}
		if ring < 5*src {
			t.Errorf("%s: a ring cell costs %.3g ns/step, a Poisson source %.3g: want the cell dearer", where, ring, src)
		}
		t.Logf("%s: ring cell %.3g ns/step, Poisson source %.3g", where, ring, src)
	}
	s, err := sim.Build(costNet(t), &sim.Options{Threads: 1, MeasureCost: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CellCosts(); err == nil {
		t.Error("CellCosts before any step: no error")
	}
	if _, err := s.Run(context.Background(), 0.02); err != nil {
		t.Fatal(err)
	}
	cost, err := s.CellCosts()
	if err != nil {
		t.Fatal(err)
	}
	check("one process", cost)

	comms := mpi.NewLocal(2)
	costs := make([][]float64, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for r := range comms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := sim.Build(costNet(t), &sim.Options{Threads: 2, Comm: comms[r], MeasureCost: true, CellCost: cost})
			if err == nil {
				_, err = s.Run(context.Background(), 0.02)
			}
			if err == nil {
				costs[r], err = s.CellCosts()
			}
			errs[r] = err
		}()
	}
	wg.Wait()
	for r := range costs {
		if errs[r] != nil {
			t.Fatalf("rank %d: %v", r, errs[r])
		}
		check("2 ranks, rank "+string(rune('0'+r)), costs[r])
	}
	// The balance from the measured costs splits the ring cells.
	owner, err := sim.AssignLPT(cost, 2)
	if err != nil {
		t.Fatal(err)
	}
	ringOn := [2]int{}
	for g := 1; g <= 20; g++ {
		ringOn[owner[g]]++
	}
	if ringOn[0] < 5 || ringOn[1] < 5 {
		t.Errorf("LPT puts %d and %d ring cells on the ranks", ringOn[0], ringOn[1])
	}
	if _, err := sim.Build(costNet(t), &sim.Options{CellCost: cost[:10]}); err == nil {
		t.Error("CellCost of the wrong length accepted")
	}
}

package sim_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/nets"
)

// ExampleComm runs one network on two ranks, here goroutines of an
// in-process communicator (mpi.NewLocal; under mpirun each rank is a
// process and passes mpi.World{}). Every rank builds the same network;
// with GatherToRoot rank 0's Result holds everything recorded.
func ExampleComm() {
	net := func() *sim.Network { return nets.Brunel(nets.BrunelConfig{NE: 800, Seed: 1}) }
	one, err := sim.Run(context.Background(), net(), 0.05, &sim.Options{Threads: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	comms := mpi.NewLocal(2)
	res := make([]*sim.Result, 2)
	overlapped := make([]bool, 2)
	var wg sync.WaitGroup
	for r, c := range comms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := sim.Build(net(), &sim.Options{Threads: 1, Comm: c, GatherToRoot: true})
			if err != nil {
				fmt.Println(err)
				return
			}
			res[r], err = s.Run(context.Background(), 0.05)
			if err != nil {
				fmt.Println(err)
			}
			overlapped[r] = s.ExchangeStats().Overlapped
		}()
	}
	wg.Wait()
	fmt.Println("rank 0: the single process's spikes:", res[0].SpikesSHA256() == one.SpikesSHA256())
	fmt.Println("rank 1: results on rank 0:", res[1].OnRoot, "- spikes held:", res[1].NumSpikes())
	fmt.Println("exchange overlapped with stepping:", overlapped[0])
	// Output:
	// rank 0: the single process's spikes: true
	// rank 1: results on rank 0: true - spikes held: 0
	// exchange overlapped with stepping: true
}

package sim_test

import (
	"context"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/nets"
)

// benchNet runs a built network for 100 ms per iteration and reports
// simulated steps and allocations per iteration: the solver must allocate
// nothing per step (spike recording grows its slices, amortised).
func benchNet(b *testing.B, net *sim.Network, threads int) {
	s, err := sim.Build(net, &sim.Options{Threads: threads})
	if err != nil {
		b.Fatal(err)
	}
	// Warm up: recordings reach their working size.
	if _, err := s.Run(context.Background(), 0.05); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Run(context.Background(), 0.1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCOBA1Thread(b *testing.B) {
	net, err := nets.COBA(nets.COBAConfig{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	benchNet(b, net, 1)
}

func BenchmarkCOBA2Threads(b *testing.B) {
	net, err := nets.COBA(nets.COBAConfig{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	benchNet(b, net, 2)
}

func BenchmarkBrunelSmall1Thread(b *testing.B) {
	benchNet(b, nets.Brunel(nets.BrunelConfig{NE: 2000, Seed: 1}), 1)
}

// TestNoAllocationPerStep runs COBA (spike exchange every step, no spike
// recording) for 100 and for 2000 steps per Run call and requires the same
// number of allocations: the solver allocates only when a Run starts.
func TestNoAllocationPerStep(t *testing.T) {
	for _, threads := range []int{1, 2} {
		net, err := nets.COBA(nets.COBAConfig{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		net.Record(&sim.StateRecorder{Population: net.Populations[0], Variable: "v", Neurons: []int{0}, Interval: 1})
		s, err := sim.Build(net, &sim.Options{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		// Warm up: spike lists reach their working size.
		if _, err := s.Run(context.Background(), 0.2); err != nil {
			t.Fatal(err)
		}
		short := testing.AllocsPerRun(5, func() { s.Run(context.Background(), 100*0.1*sim.Millisecond) })
		long := testing.AllocsPerRun(5, func() { s.Run(context.Background(), 2000*0.1*sim.Millisecond) })
		t.Logf("%d threads: %.0f allocations per Run of 100 steps, %.0f per Run of 2000 steps", threads, short, long)
		if long > short+2 {
			t.Errorf("%d threads: %.0f allocations for 2000 steps against %.0f for 100: the solver allocates per step", threads, long, short)
		}
	}
}

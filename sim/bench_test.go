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

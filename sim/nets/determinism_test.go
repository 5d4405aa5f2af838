package nets

import (
	"context"
	"testing"

	"github.com/golgi-sim/golgi/sim"
)

// TestThreadsBitIdentical runs COBA (random connectivity and initial state)
// and a shortened Brunel network on 1, 2, 3 and 8 workers and requires the
// same spikes, bit for bit.
func TestThreadsBitIdentical(t *testing.T) {
	cases := []struct {
		name string
		net  func() *sim.Network
		dur  float64
	}{
		{"COBA", func() *sim.Network {
			n, err := COBA(COBAConfig{Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}, 0.3},
		{"Brunel", func() *sim.Network { return Brunel(BrunelConfig{NE: 2000, Seed: 3}) }, 0.2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var want string
			for _, threads := range []int{1, 2, 3, 8} {
				res, err := sim.Run(context.Background(), c.net(), c.dur, &sim.Options{Threads: threads})
				if err != nil {
					t.Fatal(err)
				}
				got := res.SpikesSHA256()
				if res.NumSpikes() < 100 {
					t.Fatalf("%d threads: only %d spikes; the test needs activity", threads, res.NumSpikes())
				}
				t.Logf("%d threads: %d spikes, sha256 %s", threads, res.NumSpikes(), got[:16])
				if threads == 1 {
					want = got
				} else if got != want {
					t.Errorf("%d threads: spikes differ from 1 thread (%s vs %s)", threads, got[:16], want[:16])
				}
			}
		})
	}
}
